import smtplib
from email.message import EmailMessage


def send_alert(to_addr: str, body: str, user: str, password: str) -> None:
    msg = EmailMessage()
    msg["Subject"] = "Alert"
    msg["From"] = user
    msg["To"] = to_addr
    msg.set_content(body)
    server = smtplib.SMTP("mail.example.com", 25)
    server.login(user, password)
    server.send_message(msg)
    server.quit()
