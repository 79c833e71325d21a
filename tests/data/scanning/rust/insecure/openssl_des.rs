use openssl::symm::{encrypt, Cipher};

pub fn encrypt_record(key: &[u8], iv: &[u8], data: &[u8]) -> Vec<u8> {
    encrypt(Cipher::des_ede3_cbc(), key, Some(iv), data).expect("encrypt")
}
