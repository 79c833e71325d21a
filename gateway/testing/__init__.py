"""Stand-ins that speak real HTTP, for tests, benchmarks and the demo."""
