from ftplib import FTP_TLS


def upload(path: str, host: str, user: str, password: str) -> None:
    """Upload a nightly export to the partner's server over FTPS."""
    with FTP_TLS(host) as ftp:
        ftp.login(user=user, passwd=password)
        ftp.prot_p()
        with open(path, "rb") as fh:
            ftp.storbinary(f"STOR {path}", fh)
