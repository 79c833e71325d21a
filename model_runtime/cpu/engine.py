"""The CPU generation engine: one local Hugging Face causal LM, one worker thread, a FIFO queue.

Requests are served strictly in arrival order, one at a time (on a few CPU cores batching buys little
and would make latency unpredictable). Each request streams its events back to the asyncio loop that
submitted it; a cancelled request (client gone) stops at its next token.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import os
import queue
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer
from transformers.utils import logging as hf_logging

from model_runtime.cpu.codeguard import BracketGuard, DefinitionEndWatcher, TokenTable, ends_inside_definition
from model_runtime.cpu.detokenize import TextAssembler
from model_runtime.cpu.fences import FENCE, FenceWatcher
from model_runtime.cpu.metrics import RuntimeMetrics
from model_runtime.cpu.sampling import NgramBlocker, SamplingParams, next_token

log = logging.getLogger("sluice.runtime.cpu")


class ModelLoadError(RuntimeError):
    pass


class EngineUnavailableError(RuntimeError):
    pass


@dataclass
class GenerationRequest:
    prompt_ids: list[int]
    max_tokens: int
    sampling: SamplingParams
    seed: int | None = None
    stop: list[str] = field(default_factory=list)
    stop_token_ids: list[int] = field(default_factory=list)
    ignore_eos: bool = False
    # Chat answers end where their code block closes (reported as stop_reason "```").
    stop_after_code_fence: bool = False
    # A chat request: the code guard looks only inside the answer's fenced block.
    chat: bool = False
    # Token healing: text of a trailing prompt token taken back, and the ids the first generated
    # token may take (those whose text starts with it). See ``CpuEngine.heal``.
    healed_text: str = ""
    first_token_ids: list[int] | None = None


@dataclass
class TokenEvent:
    text: str


@dataclass
class FinishEvent:
    finish_reason: str  # "stop" | "length" | "abort"
    stop_reason: str | int | None
    prompt_tokens: int
    completion_tokens: int


@dataclass
class ErrorEvent:
    message: str


Event = TokenEvent | FinishEvent | ErrorEvent


class RequestHandle:
    """The submitter's side of a queued request: an async event stream plus cancellation."""

    def __init__(self, request: GenerationRequest, loop: asyncio.AbstractEventLoop) -> None:
        self.request = request
        self.arrived = time.monotonic()
        self.cancelled = threading.Event()
        self._loop = loop
        self._events: asyncio.Queue[Event] = asyncio.Queue()

    def push(self, event: Event) -> None:  # called from the worker thread
        self._loop.call_soon_threadsafe(self._events.put_nowait, event)

    async def events(self) -> Any:
        while True:
            event = await self._events.get()
            yield event
            if not isinstance(event, TokenEvent):
                return

    def cancel(self) -> None:
        self.cancelled.set()


class CpuEngine:
    def __init__(
        self,
        model_dir: Path,
        served_model_name: str,
        max_model_len: int | None = None,
        threads: int | None = None,
    ) -> None:
        self.model_dir = model_dir
        self.served_model_name = served_model_name
        if threads:
            torch.set_num_threads(threads)
        self.tokenizer, self.model = load_model(model_dir)
        limit = getattr(self.model.config, "max_position_embeddings", None) or 2048
        self.max_model_len = min(max_model_len, limit) if max_model_len else limit
        self.metrics = RuntimeMetrics(served_model_name)
        # transformers renamed ``past_key_values`` to ``cache`` (5.x); support both spellings.
        params = inspect.signature(self.model.forward).parameters
        self._cache_name = "cache" if "cache" in params else "past_key_values"
        self._keeps_logits = "logits_to_keep" in params
        self.eos_token_ids = self._eos_token_ids()
        self.sampling_defaults = sampling_defaults(model_dir)
        self.no_repeat_ngram_size = no_repeat_ngram_size(model_dir)
        self.code_rules = code_rules(model_dir)
        self._special_ids = set(self.tokenizer.all_special_ids) | set(self.tokenizer.get_added_vocab().values())
        self._token_texts = [self.tokenizer.decode([i]) for i in range(len(self.tokenizer))]
        self._token_table = TokenTable(self._token_texts, self._special_ids)
        self._queue: queue.Queue[RequestHandle | None] = queue.Queue()
        self._worker = threading.Thread(target=self._run, name="cpu-engine", daemon=True)
        self._alive = True

    # -------------------------------------------------------------- public API

    def start(self) -> None:
        self._worker.start()

    def stop(self) -> None:
        self._queue.put(None)
        self._worker.join(timeout=10)

    @property
    def healthy(self) -> bool:
        return self._alive and self._worker.is_alive()

    def submit(self, request: GenerationRequest) -> RequestHandle:
        if not self.healthy:
            raise EngineUnavailableError("the generation engine is not running")
        handle = RequestHandle(request, asyncio.get_running_loop())
        self.metrics.waiting.inc()
        self._queue.put(handle)
        return handle

    def special_token_id(self, text: str) -> int | None:
        """The id of ``text`` when it is a single added/special token (e.g. ``<EOT>``), else None."""
        added = self.tokenizer.get_added_vocab()
        return int(added[text]) if text in added else None

    def heal(self, prompt_ids: list[int]) -> tuple[list[int], str, list[int] | None]:
        """Token healing for a prompt that ends in whitespace: (prompt ids, healed text, first ids).

        Byte-level BPE glues a newline to the indentation after it ("\\n" + "    return" is
        tokenized "\\n   " + " return"), so a prompt cut right after a newline ends in a token the
        model almost never saw followed by code, and it answers with broken indentation. The trailing
        whitespace token is taken back and the first generated token is constrained to start with
        its text, so the model picks the merge it was trained on; the client still receives only
        the continuation of what it sent.
        """
        if len(prompt_ids) < 2 or prompt_ids[-1] in self._special_ids:
            return prompt_ids, "", None
        text = self._token_texts[prompt_ids[-1]] if prompt_ids[-1] < len(self._token_texts) else ""
        if not text or text.strip():
            return prompt_ids, "", None
        allowed = [i for i, t in enumerate(self._token_texts) if t.startswith(text) and i not in self._special_ids]
        return prompt_ids[:-1], text, allowed

    def _code_prompt(self, req: GenerationRequest) -> str | None:
        """The prompt as code text for the code rules: None for chat or a prompt holding special
        tokens other than BOS (FIM, a template): its text is not the start of a Python file."""
        bos = self.tokenizer.bos_token_id
        if req.chat or any(i in self._special_ids and i != bos for i in req.prompt_ids):
            return None
        return str(self.tokenizer.decode(req.prompt_ids, skip_special_tokens=True))

    def _eos_token_ids(self) -> set[int]:
        ids = {self.tokenizer.eos_token_id}
        configured = getattr(self.model.generation_config, "eos_token_id", None)
        if isinstance(configured, int):
            ids.add(configured)
        elif isinstance(configured, list):
            ids.update(configured)
        return {i for i in ids if i is not None}

    # -------------------------------------------------------------- worker

    def _run(self) -> None:
        try:
            while (handle := self._queue.get()) is not None:
                self.metrics.waiting.dec()
                if handle.cancelled.is_set():
                    handle.push(FinishEvent("abort", None, len(handle.request.prompt_ids), 0))
                    continue
                self.metrics.running.inc()
                try:
                    self._generate(handle)
                except Exception as exc:  # a bad request must not kill the engine
                    log.exception("generation failed")
                    handle.push(ErrorEvent(f"generation failed: {type(exc).__name__}"))
                finally:
                    self.metrics.running.dec()
        finally:
            self._alive = False

    @torch.inference_mode()
    def _generate(self, handle: RequestHandle) -> None:
        req = handle.request
        generator = torch.Generator().manual_seed(
            req.seed % 2**64 if req.seed is not None else int.from_bytes(os.urandom(8), "little")
        )
        stop_ids = set(req.stop_token_ids) | (set() if req.ignore_eos else self.eos_token_ids)
        assembler = TextAssembler(self.tokenizer, req.prompt_ids, req.stop, req.healed_text)
        reported_prompt_tokens = len(req.prompt_ids) + (1 if req.healed_text else 0)
        counts: Counter[int] = Counter()
        # vLLM's repetition penalty covers prompt and output tokens alike.
        seen = torch.zeros(max(len(self.tokenizer), self.model.config.vocab_size), dtype=torch.bool)
        seen[torch.tensor(req.prompt_ids, dtype=torch.long)] = True
        fence = FenceWatcher() if req.stop_after_code_fence else None
        ngrams = NgramBlocker(self.no_repeat_ngram_size, req.prompt_ids) if self.no_repeat_ngram_size else None
        code_prompt = self._code_prompt(req)
        guard = (
            BracketGuard(self._token_table, code_prompt)
            if self.code_rules.bracket_guard and (req.chat or code_prompt is not None)
            else None
        )
        definition_end = (
            DefinitionEndWatcher(code_prompt + req.healed_text)
            if self.code_rules.stop_at_definition_end
            and code_prompt is not None
            and not req.ignore_eos
            and ends_inside_definition(code_prompt + req.healed_text)
            else None
        )
        # Watchers that end the answer early, checked in this order on each piece of text.
        end_watchers = [(w, why) for w, why in ((fence, FENCE), (definition_end, DEFINITION_END)) if w is not None]
        self.metrics.prompt_tokens.inc(len(req.prompt_ids))
        inputs = torch.tensor([req.prompt_ids], dtype=torch.long)
        past: Any = None
        finish: str = "length"
        stop_reason: str | int | None = None
        last_token_at: float | None = None
        generated = 0
        while generated < req.max_tokens:
            if handle.cancelled.is_set():
                finish = "abort"
                break
            out = self.model(input_ids=inputs, use_cache=True, **self._forward_kwargs(past))
            past = out.get(self._cache_name)
            logits = out.logits[0, -1]
            if generated == 0 and req.first_token_ids is not None:
                allowed = torch.full_like(logits, float("-inf"))
                allowed[torch.tensor(req.first_token_ids, dtype=torch.long)] = 0.0
                logits = logits + allowed
            if ngrams is not None and (banned := ngrams.banned()):
                logits = logits.index_fill(0, torch.tensor(banned, dtype=torch.long), float("-inf"))
            if guard is not None:
                logits = guard.mask(logits)
            token = next_token(logits, req.sampling, generator, counts, seen)
            if ngrams is not None:
                ngrams.add(token)
            if guard is not None:
                guard.add(token)
            counts[token] += 1
            seen[token] = True
            generated += 1
            last_token_at = self._observe_token(handle, last_token_at)
            if token in stop_ids:
                finish = "stop"
                stop_reason = None if token in self.eos_token_ids and not req.ignore_eos else token
                break
            delta = assembler.add(token)
            cut = first_cut(end_watchers, delta.text)
            if cut is not None:
                keep, why = cut
                if keep:
                    handle.push(TokenEvent(delta.text[:keep]))
                finish, stop_reason = "stop", why
                break
            if delta.text:
                handle.push(TokenEvent(delta.text))
            if delta.stop is not None:
                finish, stop_reason = "stop", delta.stop
                break
            inputs = torch.tensor([[token]], dtype=torch.long)
        if not isinstance(stop_reason, str):  # text held back for a stop string that never came
            tail = assembler.flush()
            if tail.text:
                handle.push(TokenEvent(tail.text))
        self.metrics.finished(finish, time.monotonic() - handle.arrived)
        handle.push(FinishEvent(finish, stop_reason, reported_prompt_tokens, generated))

    def _forward_kwargs(self, past: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = {self._cache_name: past}
        if self._keeps_logits:
            kwargs["logits_to_keep"] = 1  # only the last position's logits are needed
        return kwargs

    def _observe_token(self, handle: RequestHandle, last_token_at: float | None) -> float:
        now = time.monotonic()
        self.metrics.generation_tokens.inc()
        if last_token_at is None:
            self.metrics.time_to_first_token.observe(now - handle.arrived)
        else:
            self.metrics.inter_token_latency.observe(now - last_token_at)
        return now


# stop_reason of a completion ended by the definition-end rule (see codeguard.DefinitionEndWatcher).
DEFINITION_END = "end of definition"


class EndWatcher(Protocol):
    def feed(self, delta: str) -> int | None:
        """Characters of `delta` to keep when the answer ends inside it; None while it goes on."""
        ...


def first_cut(watchers: Sequence[tuple[EndWatcher, str]], text: str) -> tuple[int, str] | None:
    """Where the first watcher that sees the answer end in `text` cuts it, and its stop reason."""
    if text:
        for watcher, why in watchers:
            keep = watcher.feed(text)
            if keep is not None:
                return keep, why
    return None


@dataclass(frozen=True)
class CodeRules:
    """The CPU runtime's own decoding rules for Python (docs/runtime.md), from generation_config.json."""

    bracket_guard: bool = False
    stop_at_definition_end: bool = False


def code_rules(model_dir: Path) -> CodeRules:
    """``bracket_guard`` and ``stop_at_definition_end`` from generation_config.json (off when absent;
    vLLM ignores both fields)."""
    path = model_dir / "generation_config.json"
    try:
        config = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError) as exc:
        raise ModelLoadError(f"cannot read {path}: {exc}") from exc
    return CodeRules(
        bracket_guard=config.get("bracket_guard") is True,
        stop_at_definition_end=config.get("stop_at_definition_end") is True,
    )


# The sampling fields vLLM takes from a model's generation_config.json as request defaults.
GENERATION_CONFIG_FIELDS = ("temperature", "top_p", "top_k", "min_p", "repetition_penalty")


def sampling_defaults(model_dir: Path) -> SamplingParams:
    """Request defaults from the fields ``generation_config.json`` sets explicitly, as vLLM does.

    Only keys present in the file count (transformers' ``GenerationConfig`` fills in its own
    defaults, e.g. ``top_k=50``, which vLLM deliberately ignores).
    """
    path = model_dir / "generation_config.json"
    try:
        config = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError) as exc:
        raise ModelLoadError(f"cannot read {path}: {exc}") from exc
    values = {
        k: config[k]
        for k in GENERATION_CONFIG_FIELDS
        if isinstance(config.get(k), int | float) and not isinstance(config.get(k), bool)
    }
    base = SamplingParams()
    top_k = int(values.get("top_k", base.top_k))
    return SamplingParams(
        temperature=float(values.get("temperature", base.temperature)),
        top_p=float(values.get("top_p", base.top_p)),
        top_k=top_k if top_k > 0 else -1,
        min_p=float(values.get("min_p", base.min_p)),
        repetition_penalty=float(values.get("repetition_penalty", base.repetition_penalty)),
    )


def no_repeat_ngram_size(model_dir: Path) -> int:
    """transformers' ``no_repeat_ngram_size`` from generation_config.json (0: off). vLLM has no such
    option and ignores the field; this runtime honours it as ``generate()`` does."""
    path = model_dir / "generation_config.json"
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get("no_repeat_ngram_size", 0) if path.is_file() else 0
    except (OSError, ValueError) as exc:
        raise ModelLoadError(f"cannot read {path}: {exc}") from exc
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def load_model(model_dir: Path) -> tuple[Any, Any]:
    """Load tokenizer and model from a local directory only; never touches the network."""
    if not (model_dir / "config.json").is_file():
        raise ModelLoadError(f"{model_dir} is not a Hugging Face model directory (no config.json)")
    hf_logging.disable_progress_bar()
    try:
        tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
        model = AutoModelForCausalLM.from_pretrained(model_dir, local_files_only=True, dtype=torch.float32)
    except (OSError, ValueError) as exc:
        raise ModelLoadError(f"cannot load model from {model_dir}: {exc}") from exc
    model.eval()
    return tokenizer, model
