"""Merge semantics as properties over arbitrary nested data, and location bookkeeping."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.policy.errors import SourceLocation
from gateway.policy.merge import merge
from gateway.policy.source import parse_document

keys = st.sampled_from(["a", "b", "c", "d"])
scalars = st.one_of(st.integers(), st.text(max_size=3), st.booleans())
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3)),
    max_leaves=10,
)
mappings = st.dictionaries(keys, values, max_size=4)
# CPU is shared: keep runs small and never fail on a slow draw.
fast = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(mappings, mappings)
def test_child_wins_and_untouched_parent_keys_survive(base, child):
    merged, _ = merge(base, {}, child, {}, "child.yaml")
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            sub, _ = merge(base[key], {}, value, {}, "child.yaml")
            assert merged[key] == sub  # maps merge recursively
        else:
            assert merged[key] == value  # anything else replaces
    for key in base.keys() - child.keys():
        assert merged[key] == base[key]


@fast
@given(st.lists(scalars, max_size=4), st.lists(scalars, max_size=4))
def test_append_and_prepend(parent, extra):
    assert merge({"x": parent}, {}, {"x+": extra}, {}, "f")[0] == {"x": parent + extra}
    assert merge({"x": parent}, {}, {"+x": extra}, {}, "f")[0] == {"x": extra + parent}
    assert merge({}, {}, {"x+": extra}, {}, "f")[0] == {"x": extra}


@fast
@given(mappings, mappings)
def test_inputs_are_not_mutated(base, child):
    import copy

    before = copy.deepcopy((base, child))
    merge(base, {}, child, {}, "f")
    assert (base, child) == before


def test_locations_follow_the_value_that_won():
    parent = parse_document("models:\n  max_n: 1\n  allowed: [a]\nmode: shadow\n", "p.yaml")
    child = parse_document("\nmodels:\n  max_n: 2\n", "c.yaml")
    _, locs = merge(parent.data, parent.locations, child.data, child.locations, "c.yaml")
    assert locs[("models", "max_n")] == SourceLocation("c.yaml", 3, 3)
    assert locs[("models", "allowed")] == SourceLocation("p.yaml", 3, 3)
    assert locs[("mode",)] == SourceLocation("p.yaml", 4, 1)
