import yaml


def load_config(path):
    """Load the application configuration from a YAML file."""
    with open(path) as f:
        config = yaml.safe_load(f)
    return config.get("app", {})
