use jsonwebtoken::{encode, EncodingKey, Header};

const JWT_SECRET: &str = "super-secret-jwt-key-2024";

pub fn issue(claims: &Claims) -> String {
    encode(&Header::default(), claims, &EncodingKey::from_secret(JWT_SECRET.as_bytes())).unwrap()
}
