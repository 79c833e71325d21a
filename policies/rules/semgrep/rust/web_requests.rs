use actix_web::{get, web, HttpResponse};
use axum::extract::Query;
use axum::response::Redirect;
use serde::Deserialize;

#[derive(Deserialize)]
struct Target {
    url: String,
}

#[get("/fetch")]
async fn fetch(q: web::Query<Target>) -> HttpResponse {
    // ruleid: rust.ssrf
    let body = reqwest::get(&q.url).await.unwrap().text().await.unwrap();
    HttpResponse::Ok().body(body)
}

#[get("/fetch-fixed")]
async fn fetch_fixed(q: web::Query<Target>) -> HttpResponse {
    // ok: rust.ssrf
    let body = reqwest::get("https://api.example.com/status").await.unwrap().text().await.unwrap();
    HttpResponse::Ok().body(body)
}

async fn go(Query(t): Query<Target>) -> Redirect {
    // ruleid: rust.open-redirect
    Redirect::to(&t.url)
}

async fn go_local(Query(t): Query<Target>) -> Redirect {
    if t.url.starts_with("/account/") {
        // ok: rust.open-redirect
        return Redirect::to(&t.url);
    }
    Redirect::to("/")
}
