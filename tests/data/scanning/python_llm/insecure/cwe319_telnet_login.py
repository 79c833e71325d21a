import telnetlib


def run_remote(host, user, password, command):
    tn = telnetlib.Telnet(host, 23, timeout=10)
    tn.read_until(b"login: ")
    tn.write(user.encode() + b"\n")
    tn.read_until(b"Password: ")
    tn.write(password.encode() + b"\n")
    tn.write(command.encode() + b"\nexit\n")
    return tn.read_all().decode()
