"""The committed sluice-tiny-code model: size, provenance, format, and Python-shaped output."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
import torch

from model_runtime.cpu.engine import load_model
from model_runtime.profiles import load_profile
from model_runtime.training.corpus import is_permissive
from tests.model_runtime.conftest import BUNDLED

pytestmark = pytest.mark.skipif(
    not (BUNDLED / "model.safetensors").is_file(), reason="model not exported yet"
)


def test_fits_the_size_budget_and_ships_safetensors() -> None:
    total = sum(f.stat().st_size for f in BUNDLED.iterdir() if f.is_file())
    assert total <= 25 * 1024 * 1024
    assert (BUNDLED / "model.safetensors").is_file()
    assert not list(BUNDLED.glob("*.bin")) and not list(BUNDLED.glob("*.pt"))


def test_model_card_records_provenance_and_validation_loss() -> None:
    card = (BUNDLED / "MODEL_CARD.md").read_text()
    manifest = (BUNDLED / "training_files.txt").read_text()
    assert hashlib.sha256(manifest.encode()).hexdigest() in card
    assert "PSF" in card
    loss = re.search(r"Validation loss.*\*\*([0-9.]+)\*\*", card)
    assert loss is not None and 0 < float(loss.group(1)) < 5
    assert all(not line.split("  ")[1].startswith(("test/", "idlelib/")) for line in manifest.splitlines())


def test_is_a_llama_with_fim_tokens_and_a_chat_template() -> None:
    tokenizer, model = load_model(BUNDLED)
    assert model.config.model_type == "llama"
    assert tokenizer.chat_template and "[INST]" in tokenizer.chat_template
    for special in ("<PRE>", "<SUF>", "<MID>", "<EOT>"):
        assert special in tokenizer.get_added_vocab()
    assert load_profile("sluice-tiny-code").weights == BUNDLED


@torch.inference_mode()
def test_writes_python_shaped_code() -> None:
    tokenizer, model = load_model(BUNDLED)
    inputs = tokenizer("import os\n\n\ndef read_config(path):\n", return_tensors="pt")
    out = model.generate(**inputs, max_new_tokens=80, do_sample=False, pad_token_id=tokenizer.pad_token_id)
    text = tokenizer.decode(out[0, inputs["input_ids"].shape[1] :], skip_special_tokens=True)
    assert re.search(r"^    \S", text, re.MULTILINE), text  # indented body
    assert re.search(r"\w+\(", text), text  # calls


def test_decoding_defaults_keep_the_small_model_out_of_loops() -> None:
    config = json.loads((BUNDLED / "generation_config.json").read_text())
    assert 1.0 < config["repetition_penalty"] <= 1.3
    assert 2 <= config["no_repeat_ngram_size"] <= 8  # no token can run more than 8 times in a row
    # The CPU runtime's Python rules (docs/runtime.md) are part of how the bundled model is measured.
    assert config["bracket_guard"] is True and config["stop_at_definition_end"] is True


def test_card_lists_only_permissively_licensed_packages() -> None:
    card = (BUNDLED / "MODEL_CARD.md").read_text()
    rows = re.findall(r"^\| (\S+) \| (\S+) \| ([^|]+) \| \d+ \| [0-9.]+ \|$", card, re.MULTILINE)
    assert len(rows) >= 20
    assert all(is_permissive(license) for _, _, license in rows)
    manifest = (BUNDLED / "training_files.txt").read_text()
    assert "site-packages/requests/" in manifest and "site-packages/semgrep/" not in manifest
