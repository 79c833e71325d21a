"""Labelled corpora for scan-quality measurement: the manifest (benchmarks/corpora.toml), the
local cache that holds each corpus at its pinned commit, and one loader per label format.

A corpus yields `Unit`s (one scan each) carrying `Label`s: a whole-unit label (a vulnerable or a
fixed function) or line labels (an annotated test file: one scan, many labelled lines).
"""

from benchmarks.corpora.loaders import load_units
from benchmarks.corpora.model import Corpus, Label, Unit, read_manifest

__all__ = ["Corpus", "Label", "Unit", "load_units", "read_manifest"]
