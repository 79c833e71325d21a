"""``python -m model_runtime`` is ``sluice runtime``."""

from model_runtime.cli import runtime

runtime(prog_name="python -m model_runtime")
