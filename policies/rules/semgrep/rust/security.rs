use std::process::Command;

fn run_ping(host: &str) {
    // ruleid: rust.command-injection
    let out = Command::new("sh").arg("-c").arg(format!("ping -c 1 {}", host)).output();
    let cmd = format!("nslookup {}", host);
    // ruleid: rust.command-injection
    let out2 = Command::new("bash").args(["-c", &cmd]).output();
    // ok: rust.command-injection
    let safe = Command::new("ping").arg("-c").arg("1").arg(host).output();
    // ok: rust.command-injection
    let fixed = Command::new("sh").arg("-c").arg("uptime").output();
}

async fn find_user(pool: &PgPool, name: &str, conn: &rusqlite::Connection) {
    // ruleid: rust.sql-injection
    let rows = sqlx::query(&format!("SELECT * FROM users WHERE name = '{}'", name)).fetch_all(pool).await;
    let q = format!("DELETE FROM users WHERE name = '{}'", name);
    // ruleid: rust.sql-injection
    conn.execute(&q, []).unwrap();
    // ok: rust.sql-injection
    let safe = sqlx::query("SELECT * FROM users WHERE name = $1").bind(name).fetch_all(pool).await;
    // ok: rust.sql-injection
    conn.execute("DELETE FROM users WHERE name = ?1", [name]).unwrap();
}

fn client() -> reqwest::Client {
    // ruleid: rust.tls-verify-disabled
    reqwest::Client::builder().danger_accept_invalid_certs(true).build().unwrap()
}

fn client_ok() -> reqwest::Client {
    // ok: rust.tls-verify-disabled
    reqwest::Client::builder().danger_accept_invalid_certs(false).build().unwrap()
}

fn read_at(buf: &[u8], idx: usize) -> u8 {
    let p = buf.as_ptr();
    unsafe {
        // ruleid: rust.unsafe-raw-pointer
        *p.add(idx)
    }
}

fn view(ptr: *const u8, len: usize) -> &'static [u8] {
    // ruleid: rust.unsafe-raw-pointer
    unsafe { std::slice::from_raw_parts(ptr, len) }
}

fn read_safe(buf: &[u8], idx: usize) -> Option<u8> {
    // ok: rust.unsafe-raw-pointer
    buf.get(idx).copied()
}

fn digests(data: &[u8]) {
    // ruleid: rust.weak-hash
    let d = md5::compute(data);
    // ruleid: rust.weak-hash
    let mut h = Sha1::new();
    // ok: rust.weak-hash
    let mut s = Sha256::new();
}

fn ciphers() {
    // ruleid: rust.weak-cipher
    let c = Cipher::des_ede3_cbc();
    // ruleid: rust.weak-cipher
    let e = Cipher::aes_128_ecb();
    // ok: rust.weak-cipher
    let g = Cipher::aes_256_gcm();
}

fn generate_token() -> String {
    // ruleid: rust.insecure-random
    let mut rng = StdRng::seed_from_u64(42);
    // ok: rust.insecure-random
    let mut good = rand::rngs::OsRng;
    (0..32).map(|_| rng.gen_range(b'a'..=b'z') as char).collect()
}

fn shuffle_deck(deck: &mut Vec<u8>) {
    // ok: rust.insecure-random
    let mut rng = SmallRng::from_entropy();
    deck.shuffle(&mut rng);
}

// ruleid: rust.hardcoded-credentials
const DB_PASSWORD: &str = "Winter2024!";
// ok: rust.hardcoded-credentials
const DB_HOST: &str = "db.internal";

fn creds() {
    // ruleid: rust.hardcoded-credentials
    let api_key = "sk_live_1234567890abcdef";
    // ok: rust.hardcoded-credentials
    let api_key_env = std::env::var("API_KEY").unwrap();
}

fn router() {
    // ruleid: rust.cors-permissive
    let cors = CorsLayer::permissive();
    // ok: rust.cors-permissive
    let strict = CorsLayer::new().allow_origin("https://app.example.com".parse::<HeaderValue>().unwrap());
}

fn jwt(token: &str, key: &DecodingKey) {
    let mut v = Validation::new(Algorithm::HS256);
    // ruleid: rust.jwt-validation-disabled
    v.insecure_disable_signature_validation();
    // ruleid: rust.jwt-validation-disabled
    v.validate_exp = false;
    // ok: rust.jwt-validation-disabled
    v.validate_nbf = true;
}

fn perms(path: &str) {
    // ruleid: rust.world-writable-permissions
    std::fs::set_permissions(path, Permissions::from_mode(0o777)).unwrap();
    // ok: rust.world-writable-permissions
    std::fs::set_permissions(path, Permissions::from_mode(0o644)).unwrap();
}

fn weak_digests(data: &[u8]) {
    // ruleid: rust.weak-hash
    let mut h4 = Md4::new();
    // ruleid: rust.weak-hash
    let mut h2 = Md2::new();
    // ok: rust.weak-hash
    let mut h256 = Sha256::new();
}

fn rustls_no_verify(cfg: &mut rustls::ClientConfig, connector: &mut SslConnectorBuilder) {
    // ruleid: rust.tls-verify-disabled
    let c2 = rustls::client::DangerousClientConfig { cfg: cfg };
    // ruleid: rust.tls-verify-disabled
    let c4 = rustls::client::ClientConfig::dangerous(cfg);
    // ruleid: rust.tls-verify-disabled
    connector.set_verify(SSL_VERIFY_NONE);
    // ok: rust.tls-verify-disabled
    connector.set_verify(SSL_VERIFY_PEER);
}
