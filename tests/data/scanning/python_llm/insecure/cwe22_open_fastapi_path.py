from fastapi import FastAPI

app = FastAPI()


@app.get("/logs/{filename}")
def read_log(filename: str):
    with open("/var/log/app/" + filename) as fh:
        return {"content": fh.read()}
