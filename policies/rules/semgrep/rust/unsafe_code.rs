extern "C" {
    fn getpid() -> i32;
}

fn pid() -> u32 {
    // ruleid: rust.unsafe-block
    let pid = unsafe { getpid() as u32 };
    pid
}

fn as_str(bytes: &[u8]) -> &str {
    // ruleid: rust.unsafe-block
    unsafe {
        std::str::from_utf8_unchecked(bytes)
    }
}

fn as_str_checked(bytes: &[u8]) -> Option<&str> {
    // ok: rust.unsafe-block
    std::str::from_utf8(bytes).ok()
}

struct Handle(*mut u8);
// ruleid: rust.unsafe-block
unsafe impl Send for Handle {}

// ok: rust.unsafe-block
impl Clone for Handle {
    fn clone(&self) -> Self {
        Handle(self.0)
    }
}
