"""pyflow clears XML parser findings only where it sees a safe setup, never for a stdlib parser given request data.

Bandit's B313-B320 flag the stdlib parsers (ElementTree, minidom, SAX, expat): entity expansion
(CWE-776) and, where switched on, external entities (CWE-611). pyflow's `pyflow.cleared` marker on a
line demotes such a finding, so it must only be left where the code shows defusedxml or an lxml
parser with entities off and no DTD loading.
"""

from __future__ import annotations

import pytest

from gateway.scanning.calibration import calibrate
from gateway.scanning.findings import Finding, Severity
from gateway.scanning.pyflow import analyze, findings_of

HEAD = "import io\nimport xml.sax\nimport xml.etree.ElementTree as ET\nfrom xml.dom import minidom\n" \
       "from lxml import etree\nimport defusedxml.ElementTree as DET\nfrom flask import Flask, request\n" \
       "app = Flask(__name__)\n\n@app.route('/x', methods=['POST'])\ndef handler():\n"
FIRST = HEAD.count("\n") + 1  # the line of the handler body's first statement


def _after_calibration(body: str, line: int) -> Finding:
    code = HEAD + body
    bandit = Finding("bandit", "bandit.B314", Severity.MEDIUM, "xml parser", line, line, confidence="high",
                     cwe="CWE-20")
    out = [f for f in calibrate([bandit, *findings_of(analyze(code))], code) if f.scanner == "bandit"]
    return out[0]


@pytest.mark.parametrize(("body", "offset"), [
    ("    return ET.fromstring(request.data).tag\n", 0),
    ("    return minidom.parseString(request.data).documentElement.tagName\n", 0),
    ("    parser = xml.sax.make_parser()\n    parser.parse(io.BytesIO(request.data))\n    return 'ok'\n", 1),
    ("    parser = etree.XMLParser()\n    return etree.fromstring(request.data, parser).tag\n", 1),
    ("    parser = etree.XMLParser(resolve_entities=False, load_dtd=True)\n"
     "    return etree.fromstring(request.data, parser).tag\n", 1),
    ("    return ET.fromstring(request.data, parser=etree.XMLParser()).tag\n", 0),
])
def test_stdlib_or_unproven_parser_on_request_data_keeps_bandit(body: str, offset: int) -> None:
    kept = _after_calibration(body, FIRST + offset)
    assert kept.severity == Severity.MEDIUM and "cleared_by" not in kept.extra


@pytest.mark.parametrize(("body", "offset"), [
    ("    parser = etree.XMLParser(resolve_entities=False, no_network=True)\n"
     "    return etree.fromstring(request.data, parser).tag\n", 1),
    ("    return DET.fromstring(request.data).tag\n", 0),
])
def test_seen_safe_setup_clears(body: str, offset: int) -> None:
    cleared = _after_calibration(body, FIRST + offset)
    assert cleared.severity == Severity.LOW and cleared.extra.get("cleared_by") == "pyflow"


def test_sax_with_external_entities_is_reported() -> None:
    body = "    from xml.sax.handler import feature_external_ges\n    parser = xml.sax.make_parser()\n" \
           "    parser.setFeature(feature_external_ges, True)\n    parser.parse(io.BytesIO(request.data))\n" \
           "    return 'ok'\n"
    assert any(f.rule_id == "pyflow.xxe" for f in findings_of(analyze(HEAD + body)))
