use aes_gcm::{aead::{Aead, KeyInit}, Aes256Gcm, Nonce};

pub fn encrypt_record(key: &[u8; 32], nonce: &[u8; 12], data: &[u8]) -> Vec<u8> {
    let cipher = Aes256Gcm::new(key.into());
    cipher.encrypt(Nonce::from_slice(nonce), data).expect("encrypt")
}
