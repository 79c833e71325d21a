"""Simon Willison's `llm` through its Python API, with the gateway configured the documented way:
extra-openai-models.yaml in LLM_USER_PATH (model ids sluice/<model> and sluice-complete/<model>)."""

from __future__ import annotations

from typing import Any

import llm
from _worker import error, serve


def _run(model_id: str, case: dict[str, Any]) -> dict[str, Any]:
    model = llm.get_model(model_id)
    options = {"max_tokens": case["max_tokens"]} if case.get("max_tokens") else {}
    response = model.prompt(case["prompt"], stream=case["stream"], key=case["api_key"], **options)
    text = "".join(response) if case["stream"] else response.text()
    usage = response.usage()
    counted = None if usage.input is None else {"prompt_tokens": usage.input, "completion_tokens": usage.output}
    return {"ok": True, "text": text, "usage": counted, "sluice": None}


def on_error(exc: BaseException) -> dict[str, Any]:
    return error(exc, getattr(exc, "status_code", None), getattr(exc, "code", None))


if __name__ == "__main__":
    serve({"chat": lambda case: _run(f"sluice/{case['model']}", case),
           "complete": lambda case: _run(f"sluice-complete/{case['model']}", case)}, on_error)
