def check_role(role: str) -> bool:
    """Only admins may continue."""
    return role == "admin"
