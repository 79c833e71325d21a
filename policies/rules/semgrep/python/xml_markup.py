from xml.sax.saxutils import escape

from twilio.rest import Client

client = Client("ACxxxxxxxx", "token-from-env")
SCRIPT = "<Response><Say>{}</Say></Response>"


def remind(to: str, message: str) -> None:
    client.calls.create(
        to=to,
        from_="+15550100",
        # ruleid: python.twiml-injection
        twiml=f"<Response><Say>{message}</Say></Response>",
    )
    twiml = SCRIPT.format(message)
    # ruleid: python.twiml-injection
    client.calls.create(to=to, from_="+15550100", twiml=twiml)


def remind_safe(to: str, message: str) -> None:
    # ok: python.twiml-injection
    client.calls.create(to=to, from_="+15550100", twiml=f"<Response><Say>{escape(message)}</Say></Response>")
    # ok: python.twiml-injection
    client.calls.create(to=to, from_="+15550100", twiml="<Response><Say>Your order shipped.</Say></Response>")
