import paramiko


def run_remote(host, user, key_path, command):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, username=user, key_filename=key_path)
    _, stdout, _ = client.exec_command(command)
    return stdout.read().decode()
