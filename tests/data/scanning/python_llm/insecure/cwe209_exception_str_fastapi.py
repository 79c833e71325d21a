from fastapi import FastAPI, HTTPException
import sqlite3

app = FastAPI()


@app.get("/users/{user_id}")
def get_user(user_id: int):
    try:
        conn = sqlite3.connect("app.db")
        row = conn.execute("SELECT name FROM users WHERE id = ?", (user_id,)).fetchone()
        return {"name": row[0]}
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e))
