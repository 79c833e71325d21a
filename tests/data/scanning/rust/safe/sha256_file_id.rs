use sha2::{Digest, Sha256};

pub fn file_id(contents: &[u8]) -> String {
    format!("{:x}", Sha256::digest(contents))
}
