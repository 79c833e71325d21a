"""PHP fragments that start in PHP mode without `<?php` are wrapped, wherever their first tag is.

Real semgrep with the product rule packs: an answer that begins with code and drops into HTML later
(`... ?> <div><?php echo $name; ?></div>`) was left unwrapped because it contained `<?`, so the PHP
parser read its first lines as template text and the taint from $_GET was never seen.
"""

from __future__ import annotations

import asyncio

import pytest

from gateway.scanning import ScanEngine, ScanSettings, Severity
from gateway.scanning.fragments import wrap_fragment

CODE_THEN_TEMPLATE = """$name = $_GET['name'];
?>
<div>Hello <?php echo $name; ?></div>
"""

XML_PROLOG_IN_A_STRING = """$xml = '<?xml version="1.0"?><root/>';
system("convert " . $_GET['file']);
"""


def _flagged(code: str) -> list[tuple[int, str | None]]:
    async def main():
        async with ScanEngine.from_settings(ScanSettings(max_concurrent_semgrep=1)) as engine:
            return await engine.scan(code, "php")

    result = asyncio.run(main())
    return sorted((f.start_line, f.cwe) for f in result.findings if f.severity >= Severity.MEDIUM and f.cwe)


@pytest.mark.parametrize("code", [CODE_THEN_TEMPLATE, XML_PROLOG_IN_A_STRING])
def test_code_that_starts_in_php_mode_is_wrapped(code: str) -> None:
    repair = wrap_fragment(code, "php")
    assert repair is not None and repair.code == "<?php\n" + code and repair.line_offset == 1


@pytest.mark.parametrize(
    "code",
    [
        "<?php\necho $_GET['x'];\n",
        "  <?php echo 1;",
        "<html><body><?php echo $_GET['x']; ?></body></html>\n",
        "<p><?= $title ?></p>\n",
    ],
)
def test_code_that_starts_in_html_or_with_its_own_tag_is_left_alone(code: str) -> None:
    assert wrap_fragment(code, "php") is None


def test_taint_reaches_the_echo_in_the_template_part_on_the_models_line() -> None:
    assert (3, "CWE-79") in _flagged(CODE_THEN_TEMPLATE)


def test_an_xml_prolog_in_a_string_does_not_hide_the_command_injection() -> None:
    assert (2, "CWE-78") in _flagged(XML_PROLOG_IN_A_STRING)
