use std::fs::{self, Permissions};
use std::os::unix::fs::PermissionsExt;

pub fn publish(path: &str) -> std::io::Result<()> {
    fs::set_permissions(path, Permissions::from_mode(0o644))
}
