import mysql.connector

DB_HOST = "db.internal"
DB_USER = "reporting"
DB_PASSWORD = "R3p0rt!ng#2024"


def get_connection():
    return mysql.connector.connect(host=DB_HOST, user=DB_USER, password=DB_PASSWORD, database="sales")
