"""Tenants, API keys and scopes."""

from gateway.auth.keys import KEY_PREFIX, ParsedKey, generate_key, hash_secret, parse_key
from gateway.auth.principal import SCOPES, Principal

__all__ = ["KEY_PREFIX", "SCOPES", "ParsedKey", "Principal", "generate_key", "hash_secret", "parse_key"]
