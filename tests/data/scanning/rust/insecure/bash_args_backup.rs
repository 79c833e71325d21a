use std::process::Command;

pub fn backup(db_name: &str) -> bool {
    let cmd = format!("pg_dump {} > /backups/{}.sql", db_name, db_name);
    Command::new("bash").args(["-c", &cmd]).status().map(|s| s.success()).unwrap_or(false)
}
