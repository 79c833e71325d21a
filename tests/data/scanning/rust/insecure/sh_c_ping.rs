use std::process::Command;

pub fn ping(host: &str) -> std::io::Result<String> {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("ping -c 1 {}", host))
        .output()?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
