from urllib.request import urlopen

from fastapi import FastAPI

app = FastAPI()


@app.get("/fetch")
def fetch(target: str):
    with urlopen(target) as resp:
        return {"body": resp.read(2048).decode(errors="replace")}
