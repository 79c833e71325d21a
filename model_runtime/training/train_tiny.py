"""Train the bundled tiny code model from scratch on the CPython standard library.

The corpus is the ``*.py`` files of the running interpreter's standard library (PSF licence), so every
machine can rebuild the model without downloading anything. The script trains a byte-level BPE
tokenizer, packs three kinds of samples into one token stream (plain source, CodeLlama-style
fill-in-the-middle samples, and ``[INST] docstring [/INST] code`` pairs mined from the source) and
trains a small ``LlamaForCausalLM``. It is deterministic for a seed on one CPU thread, resumable from
``--checkpoint-dir`` and exports a usable Hugging Face directory every few minutes.

Run (from the repository root)::

    nice -n 10 python -m model_runtime.training.train_tiny --budget-minutes 75
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import math
import os
import random
import shutil
import sys
import sysconfig
import textwrap
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, processors, trainers
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

from model_runtime.training.corpus import package_sources

HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE.parent / "models" / "sluice-tiny-code"
DEFAULT_CHECKPOINTS = HERE / "checkpoints"
CHAT_TEMPLATE_FILE = HERE.parent / "profiles" / "templates" / "codellama-instruct.jinja"

BOS, EOS, UNK, PAD = "<s>", "</s>", "<unk>", "<pad>"
FENCE = "```"
FIM_PRE, FIM_SUF, FIM_MID, FIM_EOT = "<PRE>", "<SUF>", "<MID>", "<EOT>"
SPECIAL_TOKENS = [BOS, EOS, UNK, PAD, FIM_PRE, FIM_SUF, FIM_MID, FIM_EOT]
SKIPPED_DIRS = frozenset({"test", "tests", "idlelib", "site-packages", "__pycache__"})
VALIDATION_EVERY_NTH_FILE = 40
# No trailing whitespace: generate() has no token healing (the CPU runtime does), see docs/runtime.md.
SAMPLE_PROMPTS = [
    "import os\nimport subprocess\n\n\ndef run_command(cmd):",
    "import json\n\n\ndef read_config(path):",
    "class Cache:\n    def __init__(self",
]
FIM_SAMPLE = ("def join_paths(base, name):\n    ", "\n    return result\n")
CHAT_SAMPLES = [
    "Write a Python function named read_lines: Return the lines of a text file.",
    "Write a Python function named run_command: Run a shell command and return its output.",
]
# Written into the exported generation_config.json: the decoding defaults of the CPU runtime (vLLM
# reads repetition_penalty too, and ignores no_repeat_ngram_size).
EXPORT_REPETITION_PENALTY = 1.1
EXPORT_NO_REPEAT_NGRAM_SIZE = 8  # a token can then never run more than 8 times in a row
# The CPU runtime's own Python decoding rules (model_runtime/cpu/codeguard.py); vLLM ignores both.
EXPORT_CODE_RULES = {"bracket_guard": True, "stop_at_definition_end": True}
LINEAGE = (
    "(v1) the previous bundled model: default configuration from scratch, stdlib only, 1,500 steps; "
    "(stage 1) corpus v2, `--init-from` v1, `--file-fraction 0.5 --max-steps 180 --learning-rate 1e-3 "
    "--warmup-steps 10`, 15.7 min of training steps; (stage 2) the same data, `--init-from` stage 1, "
    "`--max-steps 300 --learning-rate 6e-4 --warmup-steps 10 --skip-batches 180` (fresh batches), "
    "18.7 min. Stages 1 and 2 together: 34 min and 1.97M tokens on one CPU thread. "
    "(v3, this model) the same corpus rebuilt as a curriculum of short complete definitions, "
    "`--init-from` v2 (a copy of its directory): `--file-fraction 0.3 --max-instruct-chars 600 "
    "--max-snippet-chars 600 --chat-phrasings 3 --document-rows true --stop-token-weight 3 "
    "--learning-rate 6e-4 --warmup-steps 10`, started with `--max-steps 560`, stopped after its step-84 "
    "checkpoint when the shared machine proved slower than planned, and resumed from it with "
    "`--max-steps 320` (the cosine schedule recomputed for 320 steps); 23.5 min of training steps, "
    "1.31M tokens."
)
HARDWARE = (
    "one thread of a shared 2-core CPU (torch CPU build; other jobs kept the load average near 10); "
    "no GPU was lent to the session that trained it, so a longer GPU run was not possible"
)


@dataclass(frozen=True)
class TrainConfig:
    seed: int = 1234
    vocab_size: int = 4096
    hidden_size: int = 256
    intermediate_size: int = 688
    num_layers: int = 4
    num_heads: int = 4
    seq_len: int = 256
    max_position_embeddings: int = 1024
    batch_size: int = 16
    max_steps: int = 1500
    learning_rate: float = 2e-3
    min_lr_ratio: float = 0.1
    warmup_steps: int = 60
    weight_decay: float = 0.1
    fim_rate: float = 0.3
    fim_segment_chars: int = 700
    max_instruct_chars: int = 900
    # Corpus v2: permissive PyPI packages beside the stdlib, stand-alone snippets that end with EOS,
    # and chat turns in several phrasings whose answers close their fence and stop.
    packages: bool = True
    max_snippet_chars: int = 1200
    chat_phrasings: int = 2
    file_fraction: float = 1.0
    # Continue from an exported model directory (its weights and tokenizer) instead of from scratch.
    init_from: str = ""
    # A continuation run starts this many batches into the data order (fresh batches, same data).
    skip_batches: int = 0
    # Rows start where a document starts (and every seq_len tokens inside a longer one) instead of on
    # a fixed grid, so a short definition or chat turn is seen whole, from its first token to its end.
    document_rows: bool = False
    # Loss weight of the tokens that end an answer (EOS, FIM's <EOT>, any token holding ```): a small
    # model learns to stop only if stopping is not drowned out by the thousands of tokens around it.
    stop_token_weight: float = 1.0


# ---------------------------------------------------------------- corpus


def stdlib_root() -> Path:
    return Path(sysconfig.get_paths()["stdlib"])


def collect_sources(root: Path) -> list[Path]:
    """The stdlib's ``*.py`` files minus tests and IDLE, sorted by relative path for determinism."""
    files = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root)
        if SKIPPED_DIRS.intersection(rel.parts[:-1]) or not path.is_file():
            continue
        files.append(path)
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def read_sources(root: Path, files: list[Path]) -> list[tuple[str, str]]:
    """(relative path, text) for every file that decodes as UTF-8; the rest are skipped."""
    out = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        out.append((path.relative_to(root).as_posix(), text))
    return out


def file_manifest(sources: list[tuple[str, str]]) -> str:
    lines = [f"{hashlib.sha256(text.encode()).hexdigest()}  {rel}" for rel, text in sources]
    return "\n".join(lines) + "\n"


def split_train_validation(
    sources: list[tuple[str, str]],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    train = [s for i, s in enumerate(sources) if i % VALIDATION_EVERY_NTH_FILE != VALIDATION_EVERY_NTH_FILE - 1]
    val = [s for i, s in enumerate(sources) if i % VALIDATION_EVERY_NTH_FILE == VALIDATION_EVERY_NTH_FILE - 1]
    return train, val


# ---------------------------------------------------------------- samples


def fim_sample(segment: str, rng: random.Random) -> str:
    """CodeLlama's PSM format: ``<PRE> {prefix} <SUF>{suffix} <MID>{middle}<EOT>``."""
    a, b = sorted(rng.randrange(len(segment) + 1) for _ in range(2))
    prefix, middle, suffix = segment[:a], segment[a:b], segment[b:]
    return f"{BOS}{FIM_PRE} {prefix} {FIM_SUF}{suffix} {FIM_MID}{middle}{FIM_EOT}"


def line_segments(text: str, max_chars: int) -> list[str]:
    segments: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.splitlines(keepends=True):
        if current and size + len(line) > max_chars:
            segments.append("".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line)
    if current:
        segments.append("".join(current))
    return segments


def source_documents(text: str, cfg: TrainConfig, rng: random.Random) -> list[str]:
    """One file as documents: runs of plain source, with some segments turned into FIM samples."""
    docs: list[str] = []
    plain: list[str] = []
    for segment in line_segments(text, cfg.fim_segment_chars):
        if len(segment) > 20 and rng.random() < cfg.fim_rate:
            if plain:
                docs.append(BOS + "".join(plain))
                plain = []
            docs.append(fim_sample(segment, rng))
        else:
            plain.append(segment)
    docs.append(BOS + "".join(plain) + EOS)
    return docs


def instruction(name: str, summary: str, variant: int) -> str:
    """One request for a documented function, in the phrasing ``variant`` selects."""
    if variant == 0:
        return f"Write a Python function named {name}: {summary}"
    clause = summary.rstrip(".")
    clause = clause[:1].lower() + clause[1:]
    if variant == 1:
        return f"Write a Python function that does this: {clause}."
    return f"Implement {name}() in Python. It should {clause}."


def instruct_documents(text: str, cfg: TrainConfig, rng: random.Random | None = None) -> list[str]:
    """Chat turns ``[INST] request [/INST] ```python ...``` </s>`` mined from documented functions.

    The first turn uses the original phrasing; with ``rng``, ``cfg.chat_phrasings - 1`` more use other
    phrasings, so the model learns to follow a request rather than one sentence pattern. Every answer
    closes its code fence and ends with EOS, which is what teaches the model to stop.
    """
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    docs = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name.startswith("_"):
            continue
        doc = ast.get_docstring(node)
        segment = ast.get_source_segment(text, node)
        if not doc or not segment or len(segment) > cfg.max_instruct_chars:
            continue
        summary = doc.strip().splitlines()[0].strip()
        code = textwrap.dedent(" " * node.col_offset + segment)
        variants = [0] + ([rng.choice((1, 2)) for _ in range(cfg.chat_phrasings - 1)] if rng else [])
        for variant in variants:
            request = instruction(node.name, summary, variant)
            docs.append(f"{BOS}[INST] {request} [/INST] ```python\n{code}\n```{EOS}")
    return docs


def snippet_documents(text: str, cfg: TrainConfig) -> list[str]:
    """Each short top-level function or class as its own document ending with EOS.

    Whole files rarely end inside the training window, so without these the model never learns
    that a completed definition is a place to stop.
    """
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    docs = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        segment = ast.get_source_segment(text, node)
        if segment and len(segment) <= cfg.max_snippet_chars:
            docs.append(f"{BOS}{segment}\n{EOS}")
    return docs


def build_documents(sources: list[tuple[str, str]], cfg: TrainConfig, seed: int) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - reproducible data order, not security
    docs: list[str] = []
    for _, text in sources:
        if rng.random() < cfg.file_fraction:
            docs.extend(source_documents(text, cfg, rng))
        docs.extend(instruct_documents(text, cfg, rng if cfg.chat_phrasings > 1 else None))
        if cfg.max_snippet_chars:
            docs.extend(snippet_documents(text, cfg))
    return docs


# ---------------------------------------------------------------- tokenizer


def train_tokenizer(texts: list[str], vocab_size: int) -> Tokenizer:
    tok = Tokenizer(models.BPE(unk_token=UNK))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=[AddedToken(t, special=True, normalized=False) for t in SPECIAL_TOKENS],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer=trainer)
    tok.post_processor = processors.TemplateProcessing(
        single=f"{BOS} $A", pair=f"{BOS} $A {BOS} $B", special_tokens=[(BOS, tok.token_to_id(BOS))]
    )
    return tok


def hf_tokenizer(tok: Tokenizer) -> PreTrainedTokenizerFast:
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token=BOS, eos_token=EOS, unk_token=UNK, pad_token=PAD)
    fast.chat_template = CHAT_TEMPLATE_FILE.read_text(encoding="utf-8")
    return fast


def encode_stream(tok: Tokenizer, docs: list[str]) -> torch.Tensor:
    return encode_documents(tok, docs, seq_len=0)[0]


def encode_documents(tok: Tokenizer, docs: list[str], seq_len: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The token stream of ``docs`` and the offsets where training rows of ``seq_len`` may start.

    A row starts at each document's first token and every ``seq_len`` tokens after it inside the
    document (rows that would run past the end of the stream are left out).
    """
    encodings = tok.encode_batch(docs, add_special_tokens=False)
    ids: list[int] = []
    starts: list[int] = []
    for enc in encodings:
        if seq_len:
            starts.extend(range(len(ids), len(ids) + len(enc.ids), seq_len))
        ids.extend(enc.ids)
    total = len(ids)
    starts = [s for s in starts if s + seq_len <= total]
    return torch.tensor(ids, dtype=torch.int32), torch.tensor(starts, dtype=torch.int64)


# ---------------------------------------------------------------- model and training


def build_model(cfg: TrainConfig, tok: Tokenizer) -> LlamaForCausalLM:
    config = LlamaConfig(
        vocab_size=tok.get_vocab_size(),
        hidden_size=cfg.hidden_size,
        intermediate_size=cfg.intermediate_size,
        num_hidden_layers=cfg.num_layers,
        num_attention_heads=cfg.num_heads,
        num_key_value_heads=cfg.num_heads,
        max_position_embeddings=cfg.max_position_embeddings,
        tie_word_embeddings=True,
        bos_token_id=tok.token_to_id(BOS),
        eos_token_id=tok.token_to_id(EOS),
        pad_token_id=tok.token_to_id(PAD),
    )
    torch.manual_seed(cfg.seed)
    return LlamaForCausalLM(config)


def learning_rate(step: int, cfg: TrainConfig) -> float:
    if step < cfg.warmup_steps:
        return cfg.learning_rate * (step + 1) / cfg.warmup_steps
    progress = min(1.0, (step - cfg.warmup_steps) / max(1, cfg.max_steps - cfg.warmup_steps))
    cosine = 0.5 * (1 + math.cos(math.pi * progress))
    return cfg.learning_rate * (cfg.min_lr_ratio + (1 - cfg.min_lr_ratio) * cosine)


def batch_for_step(
    stream: torch.Tensor, step: int, cfg: TrainConfig, row_starts: torch.Tensor | None = None
) -> torch.Tensor:
    """The same batch for the same step whatever run or resume produced it (per-epoch permutation).

    Rows are consecutive ``seq_len`` chunks of the stream, or (``row_starts``) start at those offsets.
    """
    if row_starts is None:
        row_starts = torch.arange(0, len(stream) - cfg.seq_len + 1, cfg.seq_len)
    n_rows = len(row_starts)
    per_epoch = n_rows // cfg.batch_size
    epoch, index = divmod(step, per_epoch)
    order = torch.randperm(n_rows, generator=torch.Generator().manual_seed(cfg.seed + epoch))
    chosen = row_starts[order[index * cfg.batch_size : (index + 1) * cfg.batch_size]]
    rows = [stream[s : s + cfg.seq_len] for s in chosen.tolist()]
    return torch.stack(rows).long()


def stop_token_weights(tok: Tokenizer, weight: float) -> torch.Tensor:
    """Per-vocabulary loss weights: ``weight`` for EOS, <EOT> and every token holding a fence."""
    weights = torch.ones(tok.get_vocab_size())
    for token_id in range(tok.get_vocab_size()):
        if FENCE in tok.decode([token_id], skip_special_tokens=False):
            weights[token_id] = weight
    for special in (EOS, FIM_EOT):
        weights[tok.token_to_id(special)] = weight
    return weights


def weighted_loss(model: LlamaForCausalLM, batch: torch.Tensor, weights: torch.Tensor | None) -> torch.Tensor:
    """Next-token cross-entropy; with ``weights``, each target token counts by its weight."""
    if weights is None:
        return model(input_ids=batch, labels=batch).loss
    logits = model(input_ids=batch).logits[:, :-1].float()
    targets = batch[:, 1:].reshape(-1)
    losses = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets, reduction="none")
    w = weights[targets]
    return (losses * w).sum() / w.sum()


@torch.no_grad()
def validation_loss(model: LlamaForCausalLM, val_stream: torch.Tensor, cfg: TrainConfig) -> float:
    model.eval()
    n = min(len(val_stream) // cfg.seq_len, 64)
    rows = val_stream[: n * cfg.seq_len].view(n, cfg.seq_len).long()
    losses = [model(input_ids=b, labels=b).loss.item() for b in rows.split(cfg.batch_size)]
    model.train()
    return sum(losses) / len(losses)


@torch.no_grad()
def samples(model: LlamaForCausalLM, fast: PreTrainedTokenizerFast, seed: int) -> dict[str, str]:
    model.eval()
    out = {}
    eot = fast.convert_tokens_to_ids(FIM_EOT)
    prompts = {p: p for p in SAMPLE_PROMPTS}
    prompts[f"FIM prefix={FIM_SAMPLE[0]!r} suffix={FIM_SAMPLE[1]!r}"] = (
        f"{FIM_PRE} {FIM_SAMPLE[0]} {FIM_SUF}{FIM_SAMPLE[1]} {FIM_MID}"
    )
    for chat in CHAT_SAMPLES:
        prompts[f"chat: {chat}"] = str(
            fast.apply_chat_template([{"role": "user", "content": chat}], tokenize=False, add_generation_prompt=True)
        )
    for label, prompt in prompts.items():
        torch.manual_seed(seed)
        ids = fast(prompt, return_tensors="pt", add_special_tokens=not prompt.startswith(BOS))
        gen = model.generate(
            **ids,
            max_new_tokens=160,
            repetition_penalty=EXPORT_REPETITION_PENALTY,
            no_repeat_ngram_size=EXPORT_NO_REPEAT_NGRAM_SIZE,
            do_sample=True,
            temperature=0.7,
            top_p=0.95,
            eos_token_id=[fast.eos_token_id, eot],
            pad_token_id=fast.pad_token_id,
        )
        out[label] = str(fast.decode(gen[0, ids["input_ids"].shape[1] :], skip_special_tokens=True))
    model.train()
    return out


# ---------------------------------------------------------------- export


def export(
    model: LlamaForCausalLM,
    fast: PreTrainedTokenizerFast,
    output: Path,
    manifest: str,
    card: dict[str, Any],
) -> None:
    """Write the HF directory to a sibling temp dir, then swap it in so a usable model always exists."""
    tmp = output.with_name(output.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    model.generation_config.repetition_penalty = EXPORT_REPETITION_PENALTY
    model.generation_config.no_repeat_ngram_size = EXPORT_NO_REPEAT_NGRAM_SIZE
    for name, value in EXPORT_CODE_RULES.items():
        setattr(model.generation_config, name, value)
    model.save_pretrained(tmp, safe_serialization=True)
    fast.save_pretrained(tmp)
    (tmp / "training_files.txt").write_text(manifest, encoding="utf-8")
    (tmp / "MODEL_CARD.md").write_text(model_card(card), encoding="utf-8")
    old = output.with_name(output.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if output.exists():
        output.rename(old)
    tmp.rename(output)
    shutil.rmtree(old, ignore_errors=True)


def model_card(card: dict[str, Any]) -> str:
    cfg = card["config"]
    schedule_note = (
        " (the wall-clock budget ended training before the end of the learning-rate schedule)"
        if card["step"] < cfg["max_steps"]
        else ""
    )
    sample_md = "\n\n".join(
        f"### Sample {i}\n\nPrompt:\n\n```\n{label}\n```\n\nCompletion:\n\n````\n{text}\n````"
        for i, (label, text) in enumerate(card["samples"].items(), start=1)
    )
    packages = card.get("packages") or []
    package_rows = "\n".join(
        f"| {p['name']} | {p['version']} | {p['license']} | {p['files']} | {p['mb']:.2f} |" for p in packages
    )
    package_md = (
        f"""- Plus {len(packages)} permissively licensed packages from PyPI, as installed in the training
  environment (`model_runtime/training/corpus.py`): each package's licence is read from its own
  metadata (`License-Expression`, else `License`, else its `License ::` classifiers) and the package
  is used only if every licence named is permissive (MIT, BSD, Apache-2.0, ISC, PSF) and none is
  copyleft (GPL, LGPL, AGPL, MPL, EPL...); tests and vendored copies are skipped, and each package
  is capped at 600 kB of source. No copyleft code is in the corpus.

| package | version | licence (from its metadata) | files | MB |
|---|---|---|---|---|
{package_rows}
"""
        if packages
        else ""
    )
    init_md = (
        f"""- Continued training: this run started from the weights and tokenizer of `{cfg["init_from"]}`,
  not from random weights. The whole chain, each stage a run of this script (commands in
  `docs/runtime.md`): {LINEAGE}
"""
        if cfg.get("init_from")
        else ""
    )
    decoding = (
        f"temperature 0.7, top_p 0.95, repetition penalty {EXPORT_REPETITION_PENALTY}, "
        f"no repeated {EXPORT_NO_REPEAT_NGRAM_SIZE}-grams"
    )
    return f"""# sluice-tiny-code

A tiny Llama-architecture causal language model for Python, trained by
`model_runtime/training/train_tiny.py`. It exists so that Sluice runs end to end on any machine
without a GPU or a download: it writes short Python functions for the scanners to look at, answers
`[INST]` requests with one fenced code block and stops. It is **not** a useful coding assistant:
the code is often wrong, and it knows only what a few MB of library code taught it.

## Training data and licences

- The `*.py` files of the CPython {card["python_version"]} standard library of the interpreter that
  ran the script (`sysconfig.get_paths()["stdlib"]`), excluding `test/`, `tests/`, `idlelib/` and
  `site-packages/`, sorted by relative path ({card.get("stdlib_files", card["n_files"])} files).
  Licence: Python Software Foundation License (PSF-2.0).
{package_md}- In all {card["n_files"]} files, {card["corpus_mb"]:.1f} MB. Exact list: `training_files.txt`
  (`sha256  relative/path` per file, packages under `site-packages/NAME/...`; its own SHA-256 is
  `{card["manifest_sha256"]}`). Every {VALIDATION_EVERY_NTH_FILE}th file of the standard library and
  of each package is held out for validation.
- Samples: plain source ({cfg.get("file_fraction", 1.0):.0%} of the files); {cfg["fim_rate"]:.0%} of
  ~{cfg["fim_segment_chars"]}-character segments of those turned into CodeLlama fill-in-the-middle
  samples (`<PRE> prefix <SUF>suffix <MID>middle<EOT>`); each top-level function or class of at most
  {cfg.get("max_snippet_chars", 0)} characters as its own document ending with `</s>` (so the model
  learns where a definition ends); and chat turns mined from documented public functions,
  `[INST] request [/INST] ```python ...``` </s>`, the request built from the function's name and
  the first line of its docstring in {cfg.get("chat_phrasings", 1)} phrasings ("Write a Python
  function named NAME: SUMMARY", "Write a Python function that does this: ...", "Implement NAME() in
  Python. It should ..."). Every chat answer closes its code fence and ends with EOS.
- Batching: {"rows start at document boundaries (and every `seq_len` tokens inside longer documents)"
  if cfg.get("document_rows") else "consecutive `seq_len`-token chunks of the packed stream"}; the
  loss weighs the tokens that end an answer (`</s>`, `<EOT>`, tokens holding a code fence)
  {cfg.get("stop_token_weight", 1.0):g} times as much as the others.
- Regenerate: run the script with the same interpreter and package versions; it rebuilds the list
  the same way.

## Model

- `LlamaForCausalLM`, tied embeddings, {card["n_params"]:,} parameters, float32 safetensors.
- Byte-level BPE tokenizer (`tokenizers`), vocabulary {card["vocab_size"]}, special tokens
  `<s> </s> <unk> <pad>` and CodeLlama's FIM tokens `<PRE> <SUF> <MID> <EOT>`.
- Chat template: CodeLlama-Instruct / Llama-2 `[INST] ... [/INST]`.
- `generation_config.json` sets `repetition_penalty: {EXPORT_REPETITION_PENALTY}` (vLLM's semantics;
  the CPU runtime and vLLM use it as the request default) and `no_repeat_ngram_size:
  {EXPORT_NO_REPEAT_NGRAM_SIZE}` (honoured by the CPU runtime and `generate()`, ignored by vLLM),
  and switches on the CPU runtime's Python rules `bracket_guard` and `stop_at_definition_end`
  (docs/runtime.md; vLLM ignores them). The samples below come from `generate()`, without those rules.
- Trained on sequences of {cfg["seq_len"]} tokens; `max_position_embeddings` is
  {cfg["max_position_embeddings"]} so longer prompts load, but quality falls beyond the trained length.

## Training run

{init_md}- Hyperparameters: `{json.dumps(cfg)}` (AdamW, betas 0.9/0.95, weight decay on matrices only,
  linear warm-up then cosine decay to `min_lr_ratio`, gradient clipping at 1.0, batches of
  `batch_size` x `seq_len` tokens, seed {cfg["seed"]}).
- Steps: {card["step"]} of {cfg["max_steps"]}{schedule_note}; tokens seen: {card["tokens_seen"]:,}
  ({card["tokens_seen"] / card["train_tokens"]:.2f} epochs of a {card["train_tokens"]:,}-token stream);
  {card["train_seconds"] / 60:.1f} min of training steps.
- Hardware: {card.get("hardware", "one CPU thread")}.
- Validation loss: **{card["val_loss"]:.3f}** (perplexity {math.exp(float(card["val_loss"])):.1f}; mean
  token cross-entropy over the first 64 x {cfg["seq_len"]} held-out tokens, which are the standard
  library's held-out files in every run, so figures of different versions compare).
- Deterministic for a seed on one thread; resumable from its `--checkpoint-dir`.

Reproduce: see `docs/runtime.md` ("The bundled model") for the exact commands. Output quality is
measured by `python benchmarks/cpu_runtime.py` (parse rates, chat answers that close and stop,
longest repeated token, validation loss, tokens/s).

## Samples ({decoding}, seed {cfg["seed"]})

{sample_md}
"""


# ---------------------------------------------------------------- main loop


def corpus_sources(cfg: TrainConfig) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[dict]]:
    """(train, validation, packages): stdlib files, then each permissive package's files.

    The stdlib keeps its own every-40th-file validation split, so validation losses of models
    trained with and without packages are measured on the same held-out files.
    """
    root = stdlib_root()
    train, val = split_train_validation(read_sources(root, collect_sources(root)))
    packages: list[dict] = []
    if cfg.packages:
        for package in package_sources():
            files = [(f"site-packages/{rel}", text) for rel, text in package.files]
            package_train, package_val = split_train_validation(files)
            train += package_train
            val += package_val
            packages.append(
                {"name": package.name, "version": package.version, "license": package.license,
                 "files": len(files), "mb": sum(len(t) for _, t in files) / 1e6}
            )
    return train, val, packages


# Optimisation-only fields: changing them does not change the token streams, so the cache stays valid.
SCHEDULE_FIELDS = frozenset(
    {"max_steps", "learning_rate", "min_lr_ratio", "warmup_steps", "weight_decay", "batch_size", "init_from",
     "skip_batches", "document_rows", "stop_token_weight"}
)


def data_fields(config: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in config.items() if k not in SCHEDULE_FIELDS}


def same_run(saved: dict[str, Any], current: dict[str, Any]) -> bool:
    """May a checkpoint saved with ``saved`` be resumed under ``current``? Only ``max_steps`` may
    differ (a run slower than planned can be given a shorter schedule, which is recomputed)."""
    return {**saved, "max_steps": 0} == {**current, "max_steps": 0}


def prepare_data(
    cfg: TrainConfig, ckpt_dir: Path, init_from: Path | None = None
) -> tuple[Tokenizer, torch.Tensor, torch.Tensor, torch.Tensor, str, dict]:
    """(tokenizer, train stream, its document row starts, validation stream, manifest, info)."""
    train_src, val_src, packages = corpus_sources(cfg)
    sources = sorted(train_src + val_src)
    manifest = file_manifest(sources)
    cache = ckpt_dir / "data.pt"
    tok_file = ckpt_dir / "tokenizer.json"
    if cache.exists() and tok_file.exists():
        data = torch.load(cache)
        if (
            data["manifest"] == manifest
            and data_fields(data["config"]) == data_fields(asdict(cfg))
            and "row_starts" in data
        ):
            tok = Tokenizer.from_file(str(tok_file))
            return tok, data["train"], data["row_starts"], data["val"], manifest, data["info"]
    train_docs = build_documents(train_src, cfg, cfg.seed)
    val_docs = [BOS + text + EOS for _, text in val_src]
    if init_from is not None:  # continued training keeps the starting model's vocabulary
        tok = Tokenizer.from_file(str(init_from / "tokenizer.json"))
    else:
        tok = train_tokenizer([text for _, text in train_src] + train_docs[::7], cfg.vocab_size)
    train, row_starts = encode_documents(tok, train_docs, cfg.seq_len)
    val = encode_stream(tok, val_docs)
    info = {
        "n_files": len(sources),
        "corpus_mb": sum(len(t) for _, t in sources) / 1e6,
        "packages": packages,
        "stdlib_files": sum(1 for rel, _ in sources if not rel.startswith("site-packages/")),
    }
    ckpt_dir.mkdir(parents=True, exist_ok=True)
    tok.save(str(tok_file))
    torch.save(
        {"manifest": manifest, "config": asdict(cfg), "train": train, "row_starts": row_starts, "val": val,
         "info": info},
        cache,
    )
    return tok, train, row_starts, val, manifest, info


def train(
    cfg: TrainConfig,
    output: Path,
    ckpt_dir: Path,
    budget_s: float,
    export_every_s: float,
    export_only: bool = False,
) -> None:
    started = time.monotonic()
    torch.set_num_threads(1)
    init_from = Path(cfg.init_from) if cfg.init_from else None
    tok, train_stream, row_starts, val_stream, manifest, info = prepare_data(cfg, ckpt_dir, init_from)
    fast = hf_tokenizer(tok)
    rows = row_starts if cfg.document_rows else None
    weights = stop_token_weights(tok, cfg.stop_token_weight) if cfg.stop_token_weight != 1.0 else None
    model = build_model(cfg, tok)
    if init_from is not None:
        start = LlamaForCausalLM.from_pretrained(init_from, local_files_only=True, dtype=torch.float32)
        model.load_state_dict(start.state_dict())
        del start
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": cfg.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=cfg.learning_rate,
        betas=(0.9, 0.95),
    )
    step, train_seconds = 0, 0.0
    ckpt = ckpt_dir / "latest.pt"
    if ckpt.exists():
        state = torch.load(ckpt)
        if same_run(state["config"], asdict(cfg)):
            model.load_state_dict(state["model"])
            optimizer.load_state_dict(state["optimizer"])
            step, train_seconds = state["step"], state["train_seconds"]
            log(f"resumed at step {step}")
    n_params = sum(p.numel() for p in model.parameters())
    log(f"params={n_params:,} train_tokens={len(train_stream):,} val_tokens={len(val_stream):,}")

    def save(final: bool) -> None:
        tmp = ckpt.with_suffix(".tmp")
        torch.save(
            {
                "config": asdict(cfg),
                "model": model.state_dict(),
                "optimizer": optimizer.state_dict(),
                "step": step,
                "train_seconds": train_seconds,
            },
            tmp,
        )
        tmp.replace(ckpt)
        val = validation_loss(model, val_stream, cfg)
        card = {
            "config": asdict(cfg),
            "python_version": sys.version.split()[0],
            "manifest_sha256": hashlib.sha256(manifest.encode()).hexdigest(),
            "n_params": n_params,
            "vocab_size": tok.get_vocab_size(),
            "step": step,
            "tokens_seen": step * cfg.batch_size * cfg.seq_len,
            "train_tokens": len(train_stream),
            "train_seconds": train_seconds,
            "val_loss": val,
            "hardware": HARDWARE,
            "samples": samples(model, fast, cfg.seed),
            **info,
        }
        export(model, fast, output, manifest, card)
        log(f"exported step={step} val_loss={val:.4f} final={final}")

    if export_only:  # re-export the latest checkpoint (new card or samples) without training
        save(final=True)
        return
    model.train()
    last_export = time.monotonic()
    window_t, window_tokens = time.monotonic(), 0
    while step < cfg.max_steps:
        t0 = time.monotonic()
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, cfg)
        batch = batch_for_step(train_stream, step + cfg.skip_batches, cfg, rows)
        loss = weighted_loss(model, batch, weights)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        step += 1
        train_seconds += time.monotonic() - t0
        window_tokens += batch.numel()
        if step % 20 == 0:
            rate = window_tokens / (time.monotonic() - window_t)
            log(f"step={step} loss={loss.item():.4f} lr={learning_rate(step, cfg):.2e} tok/s={rate:.0f}")
            window_t, window_tokens = time.monotonic(), 0
        if time.monotonic() - started > budget_s:
            log("wall-clock budget reached")
            break
        if time.monotonic() - last_export > export_every_s:
            save(final=False)
            last_export = time.monotonic()
    save(final=True)


def log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)


def parse_bool(text: str) -> bool:
    """``--flag true|false`` (argparse's ``type=bool`` would read "false" as True)."""
    if text.lower() in ("1", "true", "yes", "on"):
        return True
    if text.lower() in ("0", "false", "no", "off"):
        return False
    raise argparse.ArgumentTypeError(f"not a boolean: {text!r}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    defaults = TrainConfig()
    for name, value in asdict(defaults).items():
        kind = parse_bool if isinstance(value, bool) else type(value)
        p.add_argument(f"--{name.replace('_', '-')}", type=kind, default=value)
    p.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    p.add_argument("--checkpoint-dir", type=Path, default=DEFAULT_CHECKPOINTS)
    p.add_argument("--budget-minutes", type=float, default=70.0, help="stop, checkpoint and export after this")
    p.add_argument("--export-every-minutes", type=float, default=10.0)
    p.add_argument("--export-only", action="store_true", help="export the latest checkpoint and exit")
    p.add_argument("--benchmark-steps", type=int, default=0, help="only time this many steps and exit")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    cfg = TrainConfig(**{k: getattr(args, k) for k in asdict(TrainConfig())})
    if args.benchmark_steps:
        benchmark(cfg, args.checkpoint_dir, args.benchmark_steps)
        return
    train(
        cfg,
        args.output,
        args.checkpoint_dir,
        args.budget_minutes * 60,
        args.export_every_minutes * 60,
        export_only=args.export_only,
    )


def benchmark(cfg: TrainConfig, ckpt_dir: Path, steps: int) -> None:
    torch.set_num_threads(1)
    tok, stream, _, _, _, _ = prepare_data(cfg, ckpt_dir)
    model = build_model(cfg, tok)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.learning_rate)
    t0 = time.monotonic()
    for step in range(steps):
        batch = batch_for_step(stream, step, cfg)
        model(input_ids=batch, labels=batch).loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    rate = steps * cfg.batch_size * cfg.seq_len / (time.monotonic() - t0)
    log(f"train_tokens={len(stream):,} params={sum(p.numel() for p in model.parameters()):,} tok/s={rate:.0f}")


if __name__ == "__main__":
    main()
