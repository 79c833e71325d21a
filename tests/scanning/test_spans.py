from hypothesis import given
from hypothesis import strategies as st

from gateway.scanning import Finding, Severity
from gateway.scanning.spans import map_to_generated

text = st.text(alphabet="ab \n", max_size=40)


def _position(s: str, offset: int) -> tuple[int, int]:
    return s.count("\n", 0, offset) + 1, offset - (s.rfind("\n", 0, offset) + 1) + 1


def _finding(line: int, col: int, end_line: int, end_col: int) -> Finding:
    return Finding("t", "r", Severity.LOW, "m", line, end_line, start_col=col, end_col=end_col)


@given(text, st.text(alphabet="ab \n", min_size=1, max_size=40), text, st.data())
def test_findings_inside_the_generated_code_map_back_exactly(prefix, code, suffix, data):
    start = data.draw(st.integers(0, len(code) - 1))
    end = data.draw(st.integers(start + 1, len(code)))
    full = prefix + code + suffix
    (sl, sc), (el, ec) = _position(full, len(prefix) + start), _position(full, len(prefix) + end)
    (mapped,) = map_to_generated([_finding(sl, sc, el, ec)], prefix, code)
    assert (mapped.start_line, mapped.start_col) == _position(code, start)
    assert (mapped.end_line, mapped.end_col) == _position(code, end)


@given(
    text,
    st.text(alphabet="ab\n", min_size=1, max_size=20),
    st.text(alphabet="ab \n", min_size=1, max_size=40),
)
def test_findings_wholly_in_the_suffix_are_dropped(prefix, code, suffix):
    full = prefix + code + suffix
    start = len(prefix) + len(code)
    (sl, sc), (el, ec) = _position(full, start), _position(full, len(full))
    if (el, ec) == (sl, sc):
        return
    assert map_to_generated([_finding(sl, sc, el, ec)], prefix, code) == []
