"""A tiny randomly initialised Llama + BPE tokenizer, built with the training script's own code."""

from __future__ import annotations

from pathlib import Path

import torch

from model_runtime.training import train_tiny as tt


def make_random_model(directory: Path) -> Path:
    root = tt.stdlib_root()
    sources = tt.read_sources(root, [root / "textwrap.py", root / "shlex.py", root / "glob.py"])
    tok = tt.train_tokenizer([text for _, text in sources], vocab_size=600)
    cfg = tt.TrainConfig(
        hidden_size=32, intermediate_size=64, num_layers=2, num_heads=2, max_position_embeddings=256
    )
    model = tt.build_model(cfg, tok)
    torch.manual_seed(0)
    model.save_pretrained(directory)
    tt.hf_tokenizer(tok).save_pretrained(directory)
    return directory
