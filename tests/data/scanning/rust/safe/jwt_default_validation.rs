use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};

pub fn verify(token: &str, key: &[u8]) -> Option<Claims> {
    let validation = Validation::new(Algorithm::HS256);
    decode::<Claims>(token, &DecodingKey::from_secret(key), &validation).ok().map(|d| d.claims)
}
