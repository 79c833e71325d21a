from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Order


def find_orders(session: Session, customer_id: int):
    return session.scalars(select(Order).where(Order.customer_id == customer_id)).all()
