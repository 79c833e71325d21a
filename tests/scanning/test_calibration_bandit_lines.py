"""Calibration of Bandit tests re-judged from the flagged line: B402 (ftplib), B601 (paramiko), B103 (chmod).

Each case is a Bandit finding on a secure line or on its insecure twin: the secure one ends below
medium, the insecure one keeps Bandit's severity. A real Bandit run checks that the insecure forms do
raise those test ids (the whole-engine effect is measured on tests/data/scanning/python_llm).
"""

from __future__ import annotations

import pytest

from gateway.scanning.calibration import calibrate
from gateway.scanning.findings import Finding, Severity


def _bandit(rule: str, line: int, severity: Severity = Severity.MEDIUM) -> Finding:
    return Finding("bandit", rule, severity, "bandit says", line, line, confidence="high", cwe="CWE-000")


CASES = [
    # (rule, code, flagged line, stays medium+)
    ("bandit.B402", "from ftplib import FTP_TLS\n", 1, False),
    ("bandit.B402", "from ftplib import FTP_TLS as Secure  # FTPS\n", 1, False),
    ("bandit.B402", "from ftplib import FTP, FTP_TLS\n", 1, True),
    ("bandit.B402", "from ftplib import FTP\n", 1, True),
    ("bandit.B402", "import ftplib\n", 1, True),
    ("bandit.B601", "def run(c, command):\n    c.exec_command(command)\n", 2, False),
    ("bandit.B601", "def run(c, *, command):\n    return c.exec_command(command=command)\n", 2, False),
    ("bandit.B601", "def run(c):\n    c.exec_command('uptime')\n", 2, False),
    ("bandit.B601", "client.exec_command('ls -r /')\n", 1, False),
    ("bandit.B601", "client.exec_command(user_input)\n", 1, True),
    ("bandit.B601", "def run(c, d):\n    command = f'ls {d}'\n    c.exec_command(command)\n", 3, True),
    ("bandit.B601", "def run(c, d):\n    c.exec_command(f'ls {d}')\n", 2, True),
    ("bandit.B601", "def run(c, d):\n    c.exec_command('ls ' + d)\n", 2, True),
    ("bandit.B601", "def run(c, d):\n    c.exec_command('ls %s' % d)\n", 2, True),
    ("bandit.B601", "def run(c, d):\n    c.exec_command('ls {}'.format(d))\n", 2, True),
    ("bandit.B601", "def run(c, d):\n    c.exec_command(d\n", 2, True),  # does not parse
    ("bandit.B103", "import os\nos.chmod('/srv/up', 0o750)\n", 2, False),
    ("bandit.B103", "import os\nos.makedirs('/srv/up', mode=0o750, exist_ok=True)\n", 2, False),
    ("bandit.B103", "import os, stat\nos.chmod(p, stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP)\n", 2, False),
    ("bandit.B103", "import os\nos.chmod('/srv/bin/tool', 0o755)\n", 2, False),
    ("bandit.B103", "import os\nos.chmod('/srv/up', 0o777)\n", 2, True),
    ("bandit.B103", "import os\nos.chmod('/srv/up', 0o775)\n", 2, True),
    ("bandit.B103", "import os\nos.chmod('/srv/up', 0o100774)\n", 2, True),
    ("bandit.B103", "import os\nos.chmod('/srv/up', 511)\n", 2, True),
    ("bandit.B103", "import os\nos.chmod('/srv/up', 0o666)\n", 2, True),
    ("bandit.B103", "import os\nos.chmod('/srv/up', 0o1777)\n", 2, True),
    ("bandit.B103", "import os, stat\nos.chmod(p, stat.S_IRWXU | stat.S_IRWXO)\n", 2, True),
    ("bandit.B103", "import os, stat\nos.chmod(p, stat.S_IWOTH)\n", 2, True),
    ("bandit.B103", "import os\nos.chmod(p, mode)\n", 2, True),
]


@pytest.mark.parametrize(("rule", "code", "line", "stays"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_bandit_line_calibration(rule: str, code: str, line: int, stays: bool) -> None:
    [out] = calibrate([_bandit(rule, line)], code)
    assert (out.severity >= Severity.MEDIUM) is stays, (code, out.extra)
    if not stays:
        assert out.confidence == "low" and out.extra.get("calibrated")


@pytest.mark.parametrize("rule", ["bandit.B402", "bandit.B601", "bandit.B103"])
def test_real_bandit_still_reports_the_insecure_twin(rule: str) -> None:
    """The rule ids above are Bandit's own: real Bandit on the insecure forms raises them."""
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    code = {
        "bandit.B402": "from ftplib import FTP\n",
        "bandit.B601": "import paramiko\nc = paramiko.SSHClient()\nd = input()\nc.exec_command('ls ' + d)\n",
        "bandit.B103": "import os\nos.chmod('/srv/up', 0o777)\n",
    }[rule]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "snippet.py"
        path.write_text(code)
        result = subprocess.run([sys.executable, "-m", "bandit", "-q", "-f", "json", str(path)],
                                capture_output=True, text=True, timeout=60)
    assert rule.removeprefix("bandit.") in result.stdout
