use diesel::prelude::*;

pub fn delete_post(conn: &mut PgConnection, post_slug: &str) -> QueryResult<usize> {
    use crate::schema::posts::dsl::*;
    diesel::delete(posts.filter(slug.eq(post_slug))).execute(conn)
}
