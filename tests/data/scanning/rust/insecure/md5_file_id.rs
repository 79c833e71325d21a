pub fn file_id(contents: &[u8]) -> String {
    let digest = md5::compute(contents);
    format!("{:x}", digest)
}
