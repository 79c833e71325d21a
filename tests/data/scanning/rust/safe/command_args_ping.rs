use std::process::Command;

pub fn ping(host: &str) -> std::io::Result<String> {
    let out = Command::new("ping").arg("-c").arg("1").arg(host).output()?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
