"""Each code segment names the block it belongs to: one feed can close a block and open the next before
the hold-back handles its segments (a deeply nested answer streamed in big chunks crashed on this)."""

from __future__ import annotations

from gateway.guard.holdback import FenceSplitter


def test_code_segments_carry_their_own_block_opener() -> None:
    splitter = FenceSplitter(code_segments=True)
    segments = splitter.feed("```python\na = 1\n```\ntext\n~~~~ js\nb = 2\n")
    code = [s for s in segments if s.kind == "code"]
    assert [s.opener for s in code] == [("```python\n", "```")] * 2 + [("~~~~ js\n", "~~~~")]
    assert [s.kind for s in segments].count("block") == 1
