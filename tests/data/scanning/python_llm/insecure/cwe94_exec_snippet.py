def run_user_rule(rule_source: str, context: dict) -> dict:
    """Apply a customer-provided pricing rule."""
    scope = {"ctx": context}
    exec(rule_source, scope)
    return scope["ctx"]
