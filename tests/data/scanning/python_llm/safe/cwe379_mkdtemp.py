import json
import os
import tempfile


def cache_session(user_id: int, payload: dict) -> str:
    directory = tempfile.mkdtemp(prefix="sessions-")
    path = os.path.join(directory, f"{user_id}.json")
    with open(path, "w") as fh:
        json.dump(payload, fh)
    return path
