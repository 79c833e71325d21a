use axum::{routing::get, Router};
use tower_http::cors::CorsLayer;

pub fn app() -> Router {
    Router::new()
        .route("/api/me", get(me))
        .layer(CorsLayer::permissive())
}
