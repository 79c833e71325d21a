from fastapi import Depends, FastAPI
from sqlalchemy import text
from sqlalchemy.orm import Session

from .db import get_db

app = FastAPI()


@app.get("/products")
def list_products(category: str, db: Session = Depends(get_db)):
    result = db.execute(text("SELECT * FROM products WHERE category = :category"), {"category": category})
    return [dict(row._mapping) for row in result]
