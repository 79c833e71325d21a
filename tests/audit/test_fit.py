"""fit_json: every string fitted (keys too), numbers JSON cannot carry become null, on plain types
and their subclasses alike."""

from __future__ import annotations

import enum
import math

from gateway.audit.fit import REPLACEMENT, fit_json


class Colour(enum.StrEnum):
    RED = "red"


def test_fit_json_fits_strings_keys_and_non_finite_numbers_at_any_depth() -> None:
    value = {
        "a\x00b": ["x\ud800y", {"n": math.nan, "i": math.inf, 7: -math.inf, "ok": 1.5}],
        "flag": True, "count": 3, "none": None, "tuple": ("t\x00",), Colour.RED: Colour.RED,
    }
    assert fit_json(value) == {
        f"a{REPLACEMENT}b": [f"x{REPLACEMENT}y", {"n": None, "i": None, "7": None, "ok": 1.5}],
        "flag": True, "count": 3, "none": None, "tuple": [f"t{REPLACEMENT}"], "red": "red",
    }
    assert fit_json({"stage": 0.25}) == {"stage": 0.25}
