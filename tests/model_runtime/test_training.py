"""The training script's data pipeline and determinism, on a few stdlib files (fast)."""

from __future__ import annotations

import random
from dataclasses import asdict

import pytest
import torch

from model_runtime.training import train_tiny as tt


@pytest.fixture(scope="module")
def sources() -> list[tuple[str, str]]:
    root = tt.stdlib_root()
    return tt.read_sources(root, [root / "textwrap.py", root / "shlex.py", root / "glob.py"])


def test_corpus_is_the_stdlib_without_tests_or_idle_in_a_stable_order() -> None:
    root = tt.stdlib_root()
    files = tt.collect_sources(root)
    rel = [f.relative_to(root).as_posix() for f in files]
    assert rel == sorted(rel)
    assert "os.py" in rel and "subprocess.py" in rel and "json/decoder.py" in rel
    for skipped in ("test", "tests", "idlelib", "site-packages"):
        assert not any(skipped in r.split("/")[:-1] for r in rel), skipped
    assert tt.collect_sources(root) == files


def test_manifest_hashes_each_file(sources: list[tuple[str, str]]) -> None:
    manifest = tt.file_manifest(sources).splitlines()
    assert [line.split("  ")[1] for line in manifest] == ["textwrap.py", "shlex.py", "glob.py"]
    assert all(len(line.split("  ")[0]) == 64 for line in manifest)


def test_fim_sample_uses_codellamas_format_and_keeps_every_character() -> None:
    segment = "def add(a, b):\n    return a + b\n"
    sample = tt.fim_sample(segment, random.Random(1))
    assert sample.startswith("<s><PRE> ") and sample.endswith("<EOT>")
    head, middle = sample[len("<s><PRE> ") : -len("<EOT>")].split(" <MID>")
    prefix, suffix = head.split(" <SUF>")
    assert prefix + middle + suffix == segment


def test_documents_mix_plain_fim_and_instruction_samples(sources: list[tuple[str, str]]) -> None:
    cfg = tt.TrainConfig(fim_rate=0.5)
    docs = tt.build_documents(sources, cfg, seed=3)
    assert docs == tt.build_documents(sources, cfg, seed=3)  # deterministic for a seed
    assert any(d.startswith("<s><PRE> ") for d in docs)
    instruct = [d for d in docs if d.startswith("<s>[INST] Write a Python function named ")]
    assert instruct and all("[/INST] ```python\ndef " in d and d.endswith("```</s>") for d in instruct)
    plain = "".join(d for d in docs if not d.startswith(("<s><PRE>", "<s>[INST]")))
    assert "def dedent(text):" in plain


def test_tokenizer_keeps_special_tokens_whole_and_round_trips_code(sources: list[tuple[str, str]]) -> None:
    tok = tt.train_tokenizer([text for _, text in sources], vocab_size=500)
    code = "def f(x):\n    return os.path.join(x, 'é')\n"
    assert tok.decode(tok.encode(code, add_special_tokens=False).ids) == code
    encoded = tok.encode("<PRE> a <SUF>b <MID>c<EOT>", add_special_tokens=False).tokens
    for special in ("<PRE>", "<SUF>", "<MID>", "<EOT>"):
        assert special in encoded
    assert tok.encode("x").tokens[0] == "<s>"  # BOS added like a Llama tokenizer


def test_batches_depend_only_on_the_step_so_resuming_is_exact() -> None:
    cfg = tt.TrainConfig(seq_len=8, batch_size=2, seed=5)
    stream = torch.arange(200, dtype=torch.int32)
    per_epoch = (200 // 8) // 2
    assert torch.equal(tt.batch_for_step(stream, 7, cfg), tt.batch_for_step(stream, 7, cfg))
    assert not torch.equal(tt.batch_for_step(stream, 0, cfg), tt.batch_for_step(stream, per_epoch, cfg))
    epoch = torch.cat([tt.batch_for_step(stream, s, cfg) for s in range(per_epoch)])
    assert len({int(row[0]) for row in epoch}) == per_epoch * 2  # no chunk repeats within an epoch


def test_learning_rate_warms_up_then_decays_to_the_floor() -> None:
    cfg = tt.TrainConfig(learning_rate=1e-3, warmup_steps=10, max_steps=110, min_lr_ratio=0.1)
    assert tt.learning_rate(0, cfg) == pytest.approx(1e-4)
    assert tt.learning_rate(9, cfg) == pytest.approx(1e-3)
    assert tt.learning_rate(60, cfg) == pytest.approx(0.55e-3)
    assert tt.learning_rate(110, cfg) == pytest.approx(1e-4)


def test_model_init_is_deterministic_for_a_seed(sources: list[tuple[str, str]]) -> None:
    tok = tt.train_tokenizer([text for _, text in sources], vocab_size=400)
    cfg = tt.TrainConfig(hidden_size=16, intermediate_size=32, num_layers=1, num_heads=2)
    a, b = tt.build_model(cfg, tok), tt.build_model(cfg, tok)
    assert all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values(), strict=True))
    assert a.config.tie_word_embeddings and a.config.vocab_size == tok.get_vocab_size()


def test_model_card_states_provenance_loss_and_an_unfinished_schedule() -> None:
    cfg = tt.asdict(tt.TrainConfig())
    card = tt.model_card(
        {
            "config": cfg,
            "python_version": "3.11.7",
            "manifest_sha256": "ab" * 32,
            "n_params": 4_212_992,
            "vocab_size": 4096,
            "step": 900,
            "tokens_seen": 900 * 4096,
            "train_tokens": 3_673_694,
            "train_seconds": 3000.0,
            "val_loss": 3.21,
            "samples": {"def f(": "    return x"},
            "n_files": 674,
            "corpus_mb": 11.4,
        }
    )
    assert "Python Software Foundation License" in card and "ab" * 32 in card
    assert "**3.210**" in card and "900 of 1500" in card and "before the end of the learning-rate schedule" in card
    # Four backticks around completions: chat samples contain ``` fences of their own.
    assert "Prompt:\n\n```\ndef f(\n```\n\nCompletion:\n\n````\n    return x\n````" in card
    package = {"name": "requests", "version": "2.0", "license": "Apache-2.0", "files": 3, "mb": 0.1}
    with_packages = tt.model_card({**_card_facts({**cfg, "init_from": "old"}), "packages": [package]})
    assert "| requests | 2.0 | Apache-2.0 | 3 | 0.10 |" in with_packages and "No copyleft code" in with_packages
    assert "started from the weights and tokenizer of `old`" in with_packages
    finished = tt.model_card({**_card_facts(cfg), "step": 1500})
    assert "before the end" not in finished


def _card_facts(cfg: dict[str, object]) -> dict[str, object]:
    return {
        "config": cfg,
        "python_version": "3.11.7",
        "manifest_sha256": "0" * 64,
        "n_params": 1,
        "vocab_size": 1,
        "step": 1,
        "tokens_seen": 1,
        "train_tokens": 1,
        "train_seconds": 1.0,
        "val_loss": 1.0,
        "samples": {},
        "n_files": 1,
        "corpus_mb": 1.0,
    }


def test_chat_turns_come_in_several_phrasings_and_always_close_and_stop(sources: list[tuple[str, str]]) -> None:
    cfg = tt.TrainConfig(chat_phrasings=2)
    docs = tt.build_documents(sources, cfg, seed=3)
    chats = [d for d in docs if d.startswith("<s>[INST] ")]
    assert any("Write a Python function named " in d for d in chats)
    assert any("Write a Python function that does this: " in d or "Implement " in d for d in chats)
    assert all(d.endswith("\n```</s>") and d.count("```") == 2 for d in chats)


def test_short_definitions_are_documents_that_end_with_eos(sources: list[tuple[str, str]]) -> None:
    docs = tt.snippet_documents(dict(sources)["textwrap.py"], tt.TrainConfig(max_snippet_chars=1200))
    assert docs and all(d.startswith("<s>") and d.endswith("\n</s>") for d in docs)
    assert any(d.startswith("<s>def ") for d in docs)
    assert all(len(d) <= 1200 + len("<s>\n</s>") for d in docs)


def test_packages_enter_the_corpus_only_with_a_permissive_license_from_their_metadata() -> None:
    from model_runtime.training import corpus

    assert corpus.is_permissive("MIT") and corpus.is_permissive("Apache-2.0 OR BSD-3-Clause")
    for copyleft in ("GPL-3.0-or-later", "LGPL-2.1-or-later", "MPL-2.0", "MIT AND MPL-2.0", "", "UNKNOWN"):
        assert not corpus.is_permissive(copyleft), copyleft
    assert corpus.package_source("semgrep") is None  # LGPL, installed here: must be refused
    requests = corpus.package_source("requests")
    assert requests is not None and requests.license == "Apache-2.0"
    assert requests.files and all(not rel.startswith(("tests/", "requests/packages/")) for rel, _ in requests.files)
    assert sum(len(text) for _, text in requests.files) <= corpus.MAX_BYTES_PER_PACKAGE


def test_document_rows_start_where_documents_start(sources: list[tuple[str, str]]) -> None:
    tok = tt.train_tokenizer([text for _, text in sources], vocab_size=500)
    docs = [
        "<s>def a():\n    return 1\n</s>",
        "<s>" + "x = 1\n" * 40 + "</s>",
        "<s>[INST] hi [/INST] ```python\n```</s>",
    ]
    stream, starts = tt.encode_documents(tok, docs, seq_len=16)
    lengths = [len(tok.encode(d, add_special_tokens=False).ids) for d in docs]
    assert len(stream) == sum(lengths)
    doc_starts = [0, lengths[0], lengths[0] + lengths[1]]
    assert set(doc_starts[:2]) <= set(starts.tolist())  # the last one is too close to the end
    assert lengths[0] + 16 in starts.tolist()  # every seq_len tokens inside a long document
    assert all(s + 16 <= len(stream) for s in starts.tolist())
    cfg = tt.TrainConfig(seq_len=16, batch_size=2, seed=5)
    batch = tt.batch_for_step(stream, 0, cfg, starts)
    assert all(any(torch.equal(row, stream[s : s + 16].long()) for s in starts.tolist()) for row in batch)


def test_stop_tokens_weigh_more_in_the_loss(sources: list[tuple[str, str]]) -> None:
    tok = tt.train_tokenizer([text for _, text in sources] + ["```python\n```"] * 50, vocab_size=500)
    weights = tt.stop_token_weights(tok, 3.0)
    assert weights[tok.token_to_id("</s>")] == 3.0 and weights[tok.token_to_id("<EOT>")] == 3.0
    fence_ids = [i for i in range(tok.get_vocab_size()) if "```" in tok.decode([i])]
    assert fence_ids and all(weights[i] == 3.0 for i in fence_ids)
    assert weights[tok.token_to_id("d")] == 1.0
    model = tt.build_model(tt.TrainConfig(hidden_size=32, intermediate_size=64, num_layers=1, num_heads=2), tok)
    batch = torch.tensor([tok.encode("<s>def f():\n    return 1\n```</s>", add_special_tokens=False).ids])
    plain = tt.weighted_loss(model, batch, None)
    assert torch.allclose(tt.weighted_loss(model, batch, torch.ones(tok.get_vocab_size())), plain, atol=1e-5)
    assert not torch.allclose(tt.weighted_loss(model, batch, weights), plain, atol=1e-5)


def test_boolean_flags_parse_false_as_false() -> None:
    assert tt.parse_args(["--document-rows", "false"]).document_rows is False
    assert tt.parse_args(["--document-rows", "true"]).document_rows is True
    with pytest.raises(SystemExit):
        tt.parse_args(["--packages", "maybe"])


def test_a_run_resumes_under_a_new_step_count_but_not_other_changes() -> None:
    saved = asdict(tt.TrainConfig(max_steps=560))
    assert tt.same_run(saved, asdict(tt.TrainConfig(max_steps=320)))
    assert not tt.same_run(saved, asdict(tt.TrainConfig(max_steps=320, learning_rate=1e-4)))
