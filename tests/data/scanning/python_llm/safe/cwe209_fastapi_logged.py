import logging
import sqlite3

from fastapi import FastAPI, HTTPException

app = FastAPI()
logger = logging.getLogger(__name__)


@app.get("/users/{user_id}")
def get_user(user_id: int):
    try:
        conn = sqlite3.connect("app.db")
        row = conn.execute("SELECT name FROM users WHERE id = ?", (user_id,)).fetchone()
    except sqlite3.Error:
        logger.exception("lookup failed for %d", user_id)
        raise HTTPException(status_code=500, detail="internal error")
    if row is None:
        raise HTTPException(status_code=404, detail="not found")
    return {"name": row[0]}
