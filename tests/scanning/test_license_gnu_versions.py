"""Issue 19 item 10 / issue 16 defect 7: a GNU notice is reported with the version it states
(-only or -or-later), once per notice, from the well-known header texts."""

from __future__ import annotations

import pytest

from gateway.scanning.license import find_license_signals
from tests.scanning.conftest import run_with_engine

# The FSF's recommended header for GPL-3.0 ("How to Apply These Terms to Your New Programs").
GPL3_OR_LATER = """\
#!/usr/bin/env python3
#    This program is free software: you can redistribute it and/or modify
#    it under the terms of the GNU General Public License as published by
#    the Free Software Foundation, either version 3 of the License, or
#    (at your option) any later version.
#
#    This program is distributed in the hope that it will be useful,
#    but WITHOUT ANY WARRANTY; without even the implied warranty of
#    MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
#    GNU General Public License for more details.
#
#    You should have received a copy of the GNU General Public License
#    along with this program.  If not, see <https://www.gnu.org/licenses/>.
import os
"""

# The GPL-2.0 appendix header, in a C comment.
GPL2_OR_LATER = """\
/*
 * This program is free software; you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation; either version 2 of the License, or
 * (at your option) any later version.
 *
 * This program is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
 * GNU General Public License for more details.
 *
 * You should have received a copy of the GNU General Public License along
 * with this program; if not, write to the Free Software Foundation, Inc.,
 * 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA.
 */
int main(void) { return 0; }
"""

# Linux kernel style: version 2 and no other.
GPL2_ONLY = """\
/*
 * This program is free software; you can redistribute it and/or modify
 * it under the terms of the GNU General Public License version 2 as
 * published by the Free Software Foundation.
 */
"""

# Issue 16 defect 7: "version 2 ... or any later version" without "(at your option)".
GPL2_OR_ANY_LATER = """\
# Licensed under the GNU General Public License, version 2, or any later version.
def f():
    return 1
"""

LGPL21_OR_LATER = """\
/*
 *  This library is free software; you can redistribute it and/or
 *  modify it under the terms of the GNU Lesser General Public
 *  License as published by the Free Software Foundation; either
 *  version 2.1 of the License, or (at your option) any later version.
 *
 *  This library is distributed in the hope that it will be useful,
 *  but WITHOUT ANY WARRANTY; without even the implied warranty of
 *  MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
 *  Lesser General Public License for more details.
 *
 *  You should have received a copy of the GNU Lesser General Public
 *  License along with this library; if not, write to the Free Software
 *  Foundation, Inc., 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA
 */
"""

LGPL20_LIBRARY = """\
/* This library is free software; you can redistribute it and/or
   modify it under the terms of the GNU Library General Public
   License as published by the Free Software Foundation; either
   version 2 of the License, or (at your option) any later version. */
"""

LGPL3_ONLY = """\
// This file is part of Foo.
// Foo is free software: you can redistribute it and/or modify it under the terms of
// version 3 of the GNU Lesser General Public License as published by the Free Software
// Foundation.
"""

AGPL3_OR_LATER = """\
#    This program is free software: you can redistribute it and/or modify
#    it under the terms of the GNU Affero General Public License as published
#    by the Free Software Foundation, either version 3 of the License, or
#    (at your option) any later version.
#
#    This program is distributed in the hope that it will be useful,
#    but WITHOUT ANY WARRANTY; without even the implied warranty of
#    MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
#    GNU Affero General Public License for more details.
#
#    You should have received a copy of the GNU Affero General Public License
#    along with this program.  If not, see <https://www.gnu.org/licenses/>.
"""

# The first lines of the license documents themselves.
GPL3_TEXT = """\
                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

 Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>
 Everyone is permitted to copy and distribute verbatim copies
 of this license document, but changing it is not allowed.
"""

LGPL3_TEXT = """\
                   GNU LESSER GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

  This version of the GNU Lesser General Public License incorporates
the terms and conditions of version 3 of the GNU General Public
License, supplemented by the additional permissions listed below.
"""

UNVERSIONED = "# Released under the terms of the GNU General Public License.\nx = 1\n"


@pytest.mark.parametrize(
    ("text", "spdx", "line"),
    [
        (GPL3_OR_LATER, "GPL-3.0-or-later", 3),
        (GPL2_OR_LATER, "GPL-2.0-or-later", 3),
        (GPL2_ONLY, "GPL-2.0-only", 3),
        (GPL2_OR_ANY_LATER, "GPL-2.0-or-later", 1),
        (LGPL21_OR_LATER, "LGPL-2.1-or-later", 3),
        (LGPL20_LIBRARY, "LGPL-2.0-or-later", 2),
        (LGPL3_ONLY, "LGPL-3.0-only", 3),
        (AGPL3_OR_LATER, "AGPL-3.0-or-later", 2),
        (GPL3_TEXT, "GPL-3.0-only", 1),
        (LGPL3_TEXT, "LGPL-3.0-only", 1),  # names the GPL it builds on: still one LGPL notice
        (UNVERSIONED, "GPL-1.0-or-later", 1),  # no version: any version ever published
    ],
    ids=["gpl3+", "gpl2+", "gpl2-only", "gpl2-or-any-later", "lgpl2.1+", "library-lgpl2+", "lgpl3-only",
         "agpl3+", "gpl3-text", "lgpl3-text", "unversioned"],
)
def test_one_signal_per_notice_with_the_stated_version(text: str, spdx: str, line: int) -> None:
    texts = [(s.expression, s.line) for s in find_license_signals(text) if s.kind == "text"]
    assert texts == [(spdx, line)]


def test_two_notices_in_one_answer_are_two_findings_each_with_its_version() -> None:
    filler = "".join(f"value_{i} = {i}\n" for i in range(120))  # well apart: separate files pasted
    code = GPL2_ONLY.replace("/*", "#").replace(" */", "#").replace(" *", "#") + filler + GPL3_OR_LATER
    result = run_with_engine(lambda e: e.scan(code, "python", scanners=frozenset({"license"})))
    licenses = [f.extra["license"] for f in result.findings if f.rule_id == "license.text.strong_copyleft"]
    assert licenses == ["GPL-2.0-only", "GPL-3.0-or-later"]


def test_full_gpl_header_is_one_finding_through_the_engine() -> None:
    result = run_with_engine(lambda e: e.scan(GPL3_OR_LATER, "python", scanners=frozenset({"license"})))
    (finding,) = [f for f in result.findings if f.rule_id.startswith("license.text")]
    assert finding.extra["license"] == "GPL-3.0-or-later"
    assert finding.message == "License text GPL-3.0-or-later (strong copyleft) in generated code"
