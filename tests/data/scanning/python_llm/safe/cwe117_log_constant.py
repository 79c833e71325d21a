import logging
from fastapi import FastAPI

app = FastAPI()
log = logging.getLogger(__name__)


@app.get("/health")
def health():
    log.info("health check ok")
    return {"status": "ok"}
