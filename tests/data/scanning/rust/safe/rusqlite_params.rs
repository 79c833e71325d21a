use rusqlite::{params, Connection};

pub fn rename(conn: &Connection, id: i64, name: &str) -> rusqlite::Result<usize> {
    conn.execute("UPDATE items SET name = ?1 WHERE id = ?2", params![name, id])
}
