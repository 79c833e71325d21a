use jsonwebtoken::{encode, EncodingKey, Header};

pub fn issue(claims: &Claims) -> String {
    let secret = std::env::var("JWT_SECRET").expect("JWT_SECRET must be set");
    encode(&Header::default(), claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
}
