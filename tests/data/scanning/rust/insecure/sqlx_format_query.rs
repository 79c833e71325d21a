use sqlx::PgPool;

pub async fn find_user(pool: &PgPool, email: &str) -> Result<Vec<sqlx::postgres::PgRow>, sqlx::Error> {
    sqlx::query(&format!("SELECT * FROM users WHERE email = '{}'", email))
        .fetch_all(pool)
        .await
}
