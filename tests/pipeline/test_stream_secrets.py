"""Hold-back streams never release a credential in pieces.

Chat prose goes out a word at a time and each piece is secret-scanned with its line; a private
key is held until its END line. Raw completions are never cut inside a multi-line string or a
key block, so the scanner sees such a credential whole.
"""

from __future__ import annotations

import itertools
import secrets
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.guard.holdback import StatementSplitter
from gateway.guard.prose import ProseGate, ProsePiece

TOKEN = "ghp_" + "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(36))
PEM = (
    "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\nQk9b3x1y2z3w4v5u6t7s8r9q0p\n"
    "-----END PRIVATE KEY-----"
)


def pieces_of(gate: ProseGate, chunks: list[str]) -> list[ProsePiece]:
    out: list[ProsePiece] = []
    for chunk in chunks:
        out.extend(gate.feed(chunk))
    out.extend(gate.flush())
    return out


def every_split(text: str, step: int) -> list[str]:
    return [text[i : i + step] for i in range(0, len(text), step)]


def test_a_token_split_across_chunks_goes_out_whole_and_is_recognised() -> None:
    text = f"Authenticate with {TOKEN} and go.\n"
    for step in (1, 2, 3, 7):
        pieces = pieces_of(ProseGate(), every_split(text, step))
        assert "".join(p.text for p in pieces) == text
        assert not any(TOKEN[:10] in p.text and TOKEN not in p.text for p in pieces), "token released in parts"
        [carrier] = [p for p in pieces if TOKEN in p.text]
        assert carrier.holds_secret()
        assert not any(p.holds_secret() for p in pieces if p is not carrier)


def test_prose_flows_word_by_word() -> None:
    gate = ProseGate()
    assert gate.feed("Here is") == [ProsePiece("Here ", "")]
    assert gate.feed(" the") == [ProsePiece("is ", "Here ")]
    assert gate.feed(" answer.\nNext") == [ProsePiece("the answer.\n", "Here is ")]
    assert gate.flush() == [ProsePiece("Next", "")]


def test_a_secret_named_on_its_line_is_scanned_with_the_name() -> None:
    value = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(30)) + "7Q"
    pieces = pieces_of(ProseGate(), every_split(f'Set api_secret = "{value}" in the file.\n', 4))
    [carrier] = [p for p in pieces if value in p.text]
    assert "api_secret" in carrier.context and carrier.holds_secret()


def test_a_private_key_in_prose_is_held_until_its_end_line() -> None:
    text = f"Your key:\n{PEM}\nKeep it safe.\n"
    gate = ProseGate()
    released = ""
    for chunk in every_split(text, 5):
        for piece in gate.feed(chunk):
            released += piece.text
            if "-----BEGIN" in piece.text:
                assert "-----END PRIVATE KEY-----" in piece.text, "key released before its END line"
                assert piece.holds_secret()
    released += "".join(p.text for p in gate.flush())
    assert released == text


def test_an_unclosed_key_is_held_to_the_end() -> None:
    gate = ProseGate()
    text = "key: " + PEM.rsplit("\n", 1)[0] + "\nmore words here\n"
    out = [p for chunk in every_split(text, 3) for p in gate.feed(chunk)]
    assert not any("MIGH" in p.text for p in out)
    [rest] = gate.flush()  # judged whole, as the non-streamed answer is
    assert rest.text.startswith("-----BEGIN") and rest.text.endswith("more words here\n")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab -\n\tBEGINPRIVATEKY")), max_size=300),
       st.lists(st.integers(min_value=1, max_value=300), max_size=20))
def test_prose_gate_loses_and_invents_nothing(text: str, cuts: list[int]) -> None:
    points = sorted({0, *(c for c in cuts if c < len(text)), len(text)})
    chunks = [text[a:b] for a, b in itertools.pairwise(points)]
    pieces = pieces_of(ProseGate(), chunks)
    assert "".join(p.text for p in pieces) == text
    assert all(p.text for p in pieces)


def split_statements(text: str, step: int) -> list[str]:
    splitter = StatementSplitter()
    out: list[str] = []
    for chunk in every_split(text, step):
        out.extend(splitter.feed(chunk))
    out.extend(splitter.finish())
    return out


def test_completions_are_not_cut_inside_a_triple_quoted_string() -> None:
    code = f'import os\nPRIVATE_KEY = """{PEM}"""\nx = 1\n'
    for step in (1, 4, len(code)):
        pieces = split_statements(code, step)
        assert "".join(pieces) == code
        [key] = [p for p in pieces if "BEGIN" in p]
        assert "-----END PRIVATE KEY-----" in key, pieces
        assert pieces[-1] == "x = 1\n"


def test_completions_are_not_cut_inside_a_key_block_outside_a_string() -> None:
    code = f"key = read()\n{PEM}\nnext_statement()\n"
    pieces = split_statements(code, 3)
    [key] = [p for p in pieces if "BEGIN" in p]
    assert "-----END PRIVATE KEY-----" in key


def test_statements_are_still_cut_after_a_closed_string() -> None:
    code = 'DOC = """\nline\n"""\nfirst()\nsecond()\n'
    assert split_statements(code, 2) == ['DOC = """\nline\n"""\n', "first()\n", "second()\n"]
