use std::process::Command;

pub fn backup(db_name: &str) -> bool {
    Command::new("pg_dump")
        .args(["--file", &format!("/backups/{}.sql", db_name), db_name])
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}
