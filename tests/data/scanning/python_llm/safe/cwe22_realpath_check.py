import os

from fastapi import FastAPI, HTTPException

app = FastAPI()
LOG_DIR = os.path.realpath("/var/log/app")


@app.get("/logs/{filename}")
def read_log(filename: str):
    path = os.path.realpath(os.path.join(LOG_DIR, filename))
    if not path.startswith(LOG_DIR + os.sep):
        raise HTTPException(status_code=400, detail="bad path")
    with open(path) as fh:
        return {"content": fh.read()}
