def get_orders_for_customer(conn, customer_id, status):
    """Return all orders of a customer with the given status."""
    query = "SELECT id, total, created_at FROM orders WHERE customer_id = %s AND status = %s"
    with conn.cursor() as cur:
        cur.execute(query, (customer_id, status))
        return cur.fetchall()
