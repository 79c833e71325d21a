import smtplib
import ssl
from email.message import EmailMessage


def send_alert(to_addr: str, body: str, user: str, password: str) -> None:
    msg = EmailMessage()
    msg["Subject"] = "Alert"
    msg["From"] = user
    msg["To"] = to_addr
    msg.set_content(body)
    with smtplib.SMTP("mail.example.com", 587) as server:
        server.starttls(context=ssl.create_default_context())
        server.login(user, password)
        server.send_message(msg)
