use std::env;
use std::fs::{self, File};
use std::process::Command;

fn run_tool(tool: &str, file: &str) {
    // ruleid: rust.command-program-not-literal
    let out = Command::new(tool).arg(file).output();
    // ok: rust.command-program-not-literal
    let ok = Command::new("gzip").arg(file).output();
    const GIT: &str = "git";
    // ok: rust.command-program-not-literal
    let ok2 = Command::new(GIT).arg("status").output();
}

fn run_user_command(input: String) {
    let parts: Vec<&str> = input.split_whitespace().collect();
    // ruleid: rust.command-program-not-literal
    std::process::Command::new(parts[0]).args(&parts[1..]).spawn().unwrap();
}

fn write_report(data: &str) {
    // ruleid: rust.insecure-temp-file
    let path = env::temp_dir().join("report.txt");
    fs::write(&path, data).unwrap();
    let dir = env::temp_dir();
    // ruleid: rust.insecure-temp-file
    let cache = dir.join(format!("cache_{}.bin", std::process::id()));
    // ruleid: rust.insecure-temp-file
    let mut f = File::create("/tmp/session.txt").unwrap();
    // ok: rust.insecure-temp-file
    let mut t = tempfile::NamedTempFile::new().unwrap();
    // ok: rust.insecure-temp-file
    let mut g = File::create("/var/lib/app/session.txt").unwrap();
}

fn load_plugin() {
    let exe = env::current_exe().unwrap();
    let plugin = exe.parent().unwrap().join("plugin.so");
    // ruleid: rust.untrusted-executable-path
    let text = fs::read_to_string(plugin).unwrap();
    let me = env::args().next().unwrap();
    // ruleid: rust.untrusted-executable-path, rust.command-program-not-literal
    Command::new(me).arg("--child").spawn().unwrap();
    let args: Vec<String> = env::args().collect();
    // ok: rust.untrusted-executable-path
    let config = fs::read_to_string("/etc/app/config.toml").unwrap();
    println!("usage: {} FILE", args[0]);
}
