from ftplib import FTP


def upload(path: str, host: str, user: str, password: str) -> None:
    """Upload a nightly export to the partner's server."""
    with FTP(host) as ftp:
        ftp.login(user=user, passwd=password)
        with open(path, "rb") as fh:
            ftp.storbinary(f"STOR {path}", fh)
