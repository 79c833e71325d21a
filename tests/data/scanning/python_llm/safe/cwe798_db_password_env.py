import os

import psycopg2


def get_connection():
    """Open a connection to the reporting database."""
    return psycopg2.connect(
        host=os.environ.get("DB_HOST", "db.internal"),
        dbname="reports",
        user=os.environ["DB_USER"],
        password=os.environ["DB_PASSWORD"],
    )
