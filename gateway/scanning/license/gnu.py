"""GNU GPL, LGPL and AGPL notices: which version they state, `-only` or `-or-later`, once per notice.

A standard header names its license several times ("... under the terms of the GNU General
Public License ... See the GNU General Public License for more details ... You should have
received a copy of the GNU General Public License ..."); those mentions are one notice and
get one SPDX id. The version comes from the words around the first mention that states one:
"either version 2 of the License, or (at your option) any later version" is GPL-2.0-or-later,
"version 2 as published by" or "Version 3, 29 June 2007" (the license text itself) is -only.
A notice that states no version lets the licensee pick any version ever published (GPL v3
section 14, v2 section 9), so it is the family's first version `-or-later`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Whitespace inside a notice, including a line break and the next line's comment leader.
_S = r"\s+(?:(?:#|//|\*|--|;|%|!)+[ \t]*)?"
# One mention of a GNU license by its full name; the group says which family.
_MENTION = re.compile(
    rf"GNU{_S}(?:(?P<family>Affero|Lesser|Library){_S})?General{_S}Public{_S}Licen[sc]e",
    re.IGNORECASE,
)
_FAMILY = {None: "GPL", "affero": "AGPL", "lesser": "LGPL", "library": "LGPL"}
# Versions each family has had (the SPDX spelling); anything else is not a stated version.
_VERSIONS = {
    "GPL": {"1": "1.0", "1.0": "1.0", "2": "2.0", "2.0": "2.0", "3": "3.0", "3.0": "3.0"},
    "LGPL": {"2": "2.0", "2.0": "2.0", "2.1": "2.1", "3": "3.0", "3.0": "3.0"},
    "AGPL": {"3": "3.0", "3.0": "3.0"},
}
# What a notice without any version means: the family's first version, or any later one.
_UNVERSIONED = {
    ("GPL", None): "GPL-1.0-or-later",
    ("AGPL", "affero"): "AGPL-3.0-or-later",
    ("LGPL", "library"): "LGPL-2.0-or-later",
    ("LGPL", "lesser"): "LGPL-2.1-or-later",  # "Lesser" is the 2.1 name; 2.0 was "Library"
}

# "version 2", "Version 2.1, February 1999", "v3", "GPLv2", "GPL-2.0", "LGPL 2.1"
_VERSION_AFTER = re.compile(
    r"\bversion\s+(?P<a>\d(?:\.\d)?)\b|\bv\.?\s?(?P<b>\d(?:\.\d)?)\b|\b[AL]?GPL\s?-?v?(?P<c>\d(?:\.\d)?)\b",
    re.IGNORECASE,
)
# "version 2 of the GNU General Public License" (the version before the name)
_VERSION_BEFORE = re.compile(r"\bversion\s+(?P<a>\d(?:\.\d)?)\s+(?:only\s+)?(?:of\s+)?(?:the\s+)?$", re.IGNORECASE)
_OR_LATER = re.compile(
    r"or\s*[,(]?\s*(?:at\s+your\s+option\s*[,)]?\s*)?(?:any\s+)?later(?:\s+version)?\b"
    r"|\bor[- ]later\b|\b[AL]?GPL\s?-?v?\d(?:\.\d)?\+|\bv\d(?:\.\d)?\+",
    re.IGNORECASE,
)
_ONLY = re.compile(r"\bonly\b", re.IGNORECASE)

# How far around a mention its version may be stated, and how close two mentions of the same
# family must be to belong to one notice (a GPL-3.0 header spans ~700 characters).
_BEFORE_CHARS = 60
_AFTER_CHARS = 260
_NOTICE_GAP_CHARS = 1500


@dataclass(frozen=True, slots=True)
class GnuNotice:
    spdx: str
    start: int  # offset of the first mention
    end: int  # end of the first mention
    mentions: int


@dataclass(slots=True)
class _Mention:
    family: str
    variant: str | None
    start: int
    end: int


def _flat(chunk: str) -> str:
    """Comment leaders and line breaks as single spaces: "or\\n#  (at your option)" reads on."""
    return re.sub(r"\s*\n\s*(?:(?:#|//|\*|--|;|%|!)+[ \t]*)?", " ", chunk)


def _stated(family: str, before: str, after: str) -> str | None:
    """The SPDX id if the words around a mention state a version, else None. `after` is cut at
    the end of the mention's sentence: a version in the next sentence is not this notice's."""
    before, after = _flat(before), _flat(after)
    after = re.split(r"\.\s", after, maxsplit=1)[0]
    version = None
    or_later_text = after
    if (m := _VERSION_BEFORE.search(before)) is not None:
        version = m["a"]
    elif (m := _VERSION_AFTER.search(after)) is not None:
        version = m["a"] or m["b"] or m["c"]
        # "or later" belongs to this version when it follows it closely (same sentence).
        or_later_text = after[m.start() : m.end() + 120]
    if version is None:
        return None
    spelled = _VERSIONS[family].get(version)
    if spelled is None:
        return None
    later = _OR_LATER.search(or_later_text) is not None and _ONLY.search(or_later_text[:40]) is None
    return f"{family}-{spelled}-{'or-later' if later else 'only'}"


def find_gnu_notices(text: str) -> list[GnuNotice]:
    """Each GNU license notice in `text` once, with the version it states."""
    mentions = [
        _Mention(_FAMILY[(m["family"] or "").lower() or None], (m["family"] or "").lower() or None,
                 m.start(), m.end())
        for m in _MENTION.finditer(text)
    ]
    groups: list[list[_Mention]] = []
    for mention in mentions:
        last = next((g for g in reversed(groups) if g[0].family == mention.family), None)
        if mention.family == "GPL" and groups and groups[-1][0].family != "GPL":
            # The LGPL and AGPL build on the GPL and name it ("version 3 of the GNU General
            # Public License, supplemented by ..."): inside their notice that is no GPL notice.
            last = groups[-1]
        if last is not None and mention.start - last[-1].end <= _NOTICE_GAP_CHARS:
            last.append(mention)
        else:
            groups.append([mention])
    notices = []
    for group in groups:
        first = group[0]
        spdx = None
        for mention in (m for m in group if m.family == first.family):
            before = text[max(0, mention.start - _BEFORE_CHARS) : mention.start]
            after = text[mention.end : mention.end + _AFTER_CHARS]
            after = _MENTION.split(after, maxsplit=1)[0]  # stop at the next license name
            spdx = _stated(mention.family, before, after)
            if spdx is not None:
                break
        if spdx is None:
            spdx = _UNVERSIONED[(first.family, first.variant)]
        notices.append(GnuNotice(spdx, first.start, first.end, len(group)))
    return sorted(notices, key=lambda n: n.start)


_NAME = re.compile(
    r"(?:GNU\s+)?(?:(?P<family>Affero|Lesser|Library)\s+)?(?:or\s+Lesser\s+)?General\s+Public\s+Licen[sc]e"
    r"|\b(?P<abbr>[AL]?GPL)",
    re.IGNORECASE,
)


def gnu_license_from_name(name: str) -> str | None:
    """SPDX id of a GNU license named in free text ("GNU General Public License v2 or later
    (GPLv2+)", "LGPLv3", "GNU Affero General Public License v3"); None if it names none."""
    m = _NAME.search(name)
    if m is None:
        return None
    if m["abbr"]:
        family = m["abbr"].upper()
        variant = {"AGPL": "affero", "LGPL": "lesser", "GPL": None}[family]
    else:
        variant = (m["family"] or "").lower() or None
        family = _FAMILY[variant]
    # A name without a version ("GNU Library or Lesser General Public License (LGPL)") means any.
    return _stated(family, name[: m.start()], name[m.end() :]) or _UNVERSIONED[(family, variant)]
