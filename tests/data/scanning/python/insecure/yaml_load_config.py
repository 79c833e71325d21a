import yaml


def load_config(path):
    """Load the application configuration from a YAML file."""
    with open(path) as f:
        config = yaml.load(f, Loader=yaml.Loader)
    return config.get("app", {})
