import psycopg2


def get_connection():
    """Open a connection to the reporting database."""
    return psycopg2.connect(
        host="db.internal",
        dbname="reports",
        user="report_admin",
        password="Rp0rt!ng2023#",
    )
