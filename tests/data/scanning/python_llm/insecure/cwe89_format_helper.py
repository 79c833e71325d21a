import sqlite3


def find_orders(customer_id):
    conn = sqlite3.connect("shop.db")
    cur = conn.cursor()
    cur.execute("SELECT * FROM orders WHERE customer_id = %s" % customer_id)
    return cur.fetchall()
