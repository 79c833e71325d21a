"""Model resolution and the upstream (vLLM / CPU runtime) client."""
