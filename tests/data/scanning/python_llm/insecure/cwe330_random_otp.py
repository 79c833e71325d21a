import random


def send_otp(phone: str, sms_client) -> int:
    otp = random.randint(100000, 999999)
    sms_client.send(phone, f"Your verification code is {otp}")
    return otp
