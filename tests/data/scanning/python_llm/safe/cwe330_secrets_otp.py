import secrets


def send_otp(phone: str, sms_client) -> int:
    otp = secrets.randbelow(900000) + 100000
    sms_client.send(phone, f"Your verification code is {otp}")
    return otp
