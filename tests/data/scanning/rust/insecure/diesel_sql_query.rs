use diesel::prelude::*;

pub fn delete_post(conn: &mut PgConnection, slug: &str) -> QueryResult<usize> {
    let sql = format!("DELETE FROM posts WHERE slug = '{}'", slug);
    diesel::sql_query(sql).execute(conn)
}
