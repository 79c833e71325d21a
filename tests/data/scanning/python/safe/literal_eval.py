import ast


def parse_settings(text: str) -> dict:
    """Parse a Python-literal dict such as "{'retries': 3}" without executing code."""
    value = ast.literal_eval(text)
    if not isinstance(value, dict):
        raise ValueError("settings must be a dict")
    return value
