import logging
from fastapi import FastAPI

app = FastAPI()
log = logging.getLogger(__name__)


@app.get("/search")
def search(q: str):
    log.info(f"search query: {q}")
    return {"results": []}
