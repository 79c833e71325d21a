def check_role(role: str) -> bool:
    """Only admins may continue."""
    if role is "admin":
        return True
    return False
