"""Fill-in-the-middle prompts: vLLM ignores `suffix`, so the gateway builds the model's infill prompt."""

from __future__ import annotations

from typing import Any

from gateway.errors import bad_request
from gateway.settings import ModelSettings
from model_runtime.fim import FimNotSupportedError, build_infill_prompt
from model_runtime.profiles import ProfileError, load_profile


def infill(model: ModelSettings, prefix: str, suffix: str, stop: Any) -> dict[str, Any]:
    """The upstream fields of an infill request: its prompt and stops (the end-of-infill first)."""
    unsupported = bad_request(
        f"Fill-in-the-middle ('suffix') is not supported by model '{model.name}'.",
        param="suffix",
        code="unsupported_parameter",
    )
    if not model.profile:
        raise unsupported
    try:
        built = build_infill_prompt(load_profile(model.profile), prefix, suffix)
    except (FimNotSupportedError, ProfileError):
        raise unsupported from None
    stops = [stop] if isinstance(stop, str) else list(stop or [])
    # The end-of-infill token first and never cut: without it the model writes past the middle.
    # (The limit of 4 is on what the client sends; the runtime takes any number.)
    return {"prompt": built.prompt, "suffix": None, "stop": list(dict.fromkeys([*built.stop, *stops]))}
