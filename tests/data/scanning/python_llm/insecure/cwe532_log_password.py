import logging

logger = logging.getLogger(__name__)


def login(username: str, password: str) -> bool:
    logger.info("login attempt user=%s password=%s", username, password)
    return authenticate(username, password)


def authenticate(username, password):
    return False
