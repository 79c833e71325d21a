use sqlx::PgPool;

pub async fn find_user(pool: &PgPool, email: &str) -> Result<Vec<sqlx::postgres::PgRow>, sqlx::Error> {
    sqlx::query("SELECT * FROM users WHERE email = $1")
        .bind(email)
        .fetch_all(pool)
        .await
}
