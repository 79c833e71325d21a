use axum::{http::HeaderValue, routing::get, Router};
use tower_http::cors::CorsLayer;

pub fn app() -> Router {
    let origin: HeaderValue = "https://app.example.com".parse().unwrap();
    Router::new()
        .route("/api/me", get(me))
        .layer(CorsLayer::new().allow_origin(origin))
}
