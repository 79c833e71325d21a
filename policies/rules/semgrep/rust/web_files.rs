use actix_web::{get, web, HttpResponse};
use std::fs;
use std::path::{Path, PathBuf};

#[get("/files/{name}")]
async fn download(name: web::Path<String>) -> HttpResponse {
    let path = format!("./uploads/{}", name.into_inner());
    // semgrep reads macro arguments as opaque tokens: taint is not followed through format!
    // todoruleid: rust.path-traversal
    match fs::read_to_string(path) {
        Ok(body) => HttpResponse::Ok().body(body),
        Err(_) => HttpResponse::NotFound().finish(),
    }
}

#[get("/raw/{name}")]
async fn download_joined(name: web::Path<String>) -> HttpResponse {
    let path = Path::new("./uploads").join(name.into_inner());
    // ruleid: rust.path-traversal
    match fs::read_to_string(path) {
        Ok(body) => HttpResponse::Ok().body(body),
        Err(_) => HttpResponse::NotFound().finish(),
    }
}

#[get("/safe/{name}")]
async fn download_safe(name: web::Path<String>) -> HttpResponse {
    let requested = name.into_inner();
    let file = Path::new(&requested).file_name().unwrap();
    let path = Path::new("./uploads").join(file);
    // ok: rust.path-traversal
    match fs::read_to_string(path) {
        Ok(body) => HttpResponse::Ok().body(body),
        Err(_) => HttpResponse::NotFound().finish(),
    }
}

async fn axum_read(Path(file): Path<String>) -> String {
    let full = PathBuf::from("/srv/data").join(&file);
    // ruleid: rust.path-traversal
    tokio::fs::read_to_string(full).await.unwrap()
}

async fn fixed_file() -> String {
    // ok: rust.path-traversal
    tokio::fs::read_to_string("/srv/data/index.html").await.unwrap()
}
