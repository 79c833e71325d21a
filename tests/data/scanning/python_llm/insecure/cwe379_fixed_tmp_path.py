import json


def cache_session(user_id: int, payload: dict) -> None:
    with open(f"/tmp/session_{user_id}.json", "w") as fh:
        json.dump(payload, fh)
