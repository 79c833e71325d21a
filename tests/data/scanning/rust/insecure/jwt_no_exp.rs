use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};

pub fn verify(token: &str, key: &[u8]) -> Option<Claims> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false;
    decode::<Claims>(token, &DecodingKey::from_secret(key), &validation).ok().map(|d| d.claims)
}
