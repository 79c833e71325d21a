import time

import requests


def wait_for_service(url: str, attempts: int = 30) -> None:
    for _ in range(attempts):
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise TimeoutError(url)
