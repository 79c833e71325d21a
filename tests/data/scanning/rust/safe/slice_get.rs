pub fn header_bytes(buf: &[u8], len: usize) -> Option<&[u8]> {
    buf.get(..len)
}
