pub fn header_bytes(buf: &Vec<u8>, len: usize) -> &[u8] {
    unsafe { std::slice::from_raw_parts(buf.as_ptr(), len) }
}
