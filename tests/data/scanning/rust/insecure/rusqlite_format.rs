use rusqlite::Connection;

pub fn rename(conn: &Connection, id: i64, name: &str) -> rusqlite::Result<usize> {
    conn.execute(&format!("UPDATE items SET name = '{}' WHERE id = {}", name, id), [])
}
