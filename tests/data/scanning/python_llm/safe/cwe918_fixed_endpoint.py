import requests
from fastapi import FastAPI

app = FastAPI()
WEATHER_API = "https://api.weather.example.com/v1/current"


@app.get("/weather")
def weather(city: str):
    r = requests.get(WEATHER_API, params={"city": city}, timeout=5)
    return r.json()
