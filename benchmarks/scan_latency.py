"""Scan latency: p50/p95 per snippet, sequential and 8 concurrent, beside CodeShield and `semgrep scan`.

Every scanner on: semgrep (product packs in policies/rules/semgrep), Bandit, secrets and license
(including the winnowing index on a temporary SQLite database holding a few indexed files).
Run: .venv/bin/python benchmarks/scan_latency.py [--iterations 30] [--skip-peers]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gateway.scanning import ScanEngine, ScanSettings  # noqa: E402
from gateway.scanning.settings import ScanCapacity  # noqa: E402

# Generated-looking code: a small Flask service with a database, files and a subprocess call.
PY_UNIT = """
@app.route("/items/<int:item_id>")
def get_item_{n}(item_id):
    conn = sqlite3.connect(DB_PATH)
    cur = conn.cursor()
    cur.execute("SELECT id, name, price FROM items WHERE id = ?", (item_id,))
    row = cur.fetchone()
    conn.close()
    if row is None:
        return jsonify({{"error": "not found"}}), 404
    return jsonify({{"id": row[0], "name": row[1], "price": row[2]}})


def export_report_{n}(name):
    path = os.path.join(REPORT_DIR, secure_filename(name))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(render_report(name))
    subprocess.run(["gzip", "-k", path], check=True)
    return path
"""
PY_HEADER = (
    "import os\nimport sqlite3\nimport subprocess\n\n"
    "from flask import Flask, jsonify, request\nfrom werkzeug.utils import secure_filename\n\n"
    'app = Flask(__name__)\nDB_PATH = "app.db"\nREPORT_DIR = "/srv/reports"\n'
)


def python_snippet(lines: int) -> str:
    body, n = PY_HEADER, 0
    while body.count("\n") < lines:
        body += PY_UNIT.format(n=n)
        n += 1
    return "\n".join(body.splitlines()[:lines]) + "\n"


JS = """const express = require('express');
const { execFile } = require('child_process');
const app = express();

app.get('/user/:id', async (req, res) => {
  const user = await db.query('SELECT * FROM users WHERE id = $1', [req.params.id]);
  if (!user.rows.length) {
    return res.status(404).json({ error: 'not found' });
  }
  res.json(user.rows[0]);
});

app.post('/convert', (req, res) => {
  execFile('convert', [req.body.input, 'out.png'], (err) => {
    if (err) return res.status(500).send('failed');
    res.sendFile('out.png', { root: __dirname });
  });
});

app.listen(3000);
"""

JAVA = """import java.sql.*;
import javax.servlet.http.*;

public class UserServlet extends HttpServlet {
    private Connection conn;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
        String id = req.getParameter("id");
        try (PreparedStatement ps = conn.prepareStatement("SELECT name FROM users WHERE id = ?")) {
            ps.setString(1, id);
            ResultSet rs = ps.executeQuery();
            if (rs.next()) {
                resp.getWriter().write(rs.getString("name"));
            } else {
                resp.sendError(404);
            }
        } catch (SQLException e) {
            resp.sendError(500);
        }
    }
}
"""

SNIPPETS = {
    "py10": (python_snippet(10), "python"),
    "py60": (python_snippet(60), "python"),
    "py300": (python_snippet(300), "python"),
    "js": (JS, "javascript"),
    "java": (JAVA, "java"),
}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def build_engine(tmp: Path) -> ScanEngine:
    from gateway.scanning.license.index import LicenseIndex

    url = f"sqlite+aiosqlite:///{tmp / 'license.db'}"
    index = LicenseIndex.from_url(url)
    await index.create_tables()
    import yaml  # index a real library's sources so the index is not empty

    for file in sorted(Path(yaml.__file__).parent.glob("*.py"))[:10]:
        await index.add(str(file), file.read_text(), "MIT", package="PyYAML")
    await index.aclose()
    # No scan cache: every iteration scans the same snippet, which the cache would answer from memory.
    engine = ScanEngine.from_settings(ScanSettings(license_db_url=url, capacity=ScanCapacity(cache_entries=0)))
    await engine.start()
    return engine


async def sequential(engine: ScanEngine, code: str, lang: str, iterations: int) -> list[float]:
    await engine.scan(code, lang)  # warm-up
    times = []
    for _ in range(iterations):
        began = time.perf_counter()
        await engine.scan(code, lang)
        times.append((time.perf_counter() - began) * 1000)
    return times


async def concurrent(engine: ScanEngine, code: str, lang: str, total: int, workers: int = 8):
    latencies: list[float] = []
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            began = time.perf_counter()
            await engine.scan(code, lang)
            latencies.append((time.perf_counter() - began) * 1000)

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(workers)))
    return latencies, total / (time.perf_counter() - began)


async def codeshield_times(code: str, lang: str, iterations: int) -> list[float] | None:
    try:
        from codeshield.cs import CodeShield
        from codeshield.insecure_code_detector.languages import Language
    except ImportError:
        return None
    language = Language(lang)
    logging.disable(logging.CRITICAL)  # CodeShield logs each failed osemgrep call (its broken Java rule)
    await CodeShield.scan_code(code, language)
    times = []
    for _ in range(iterations):
        began = time.perf_counter()
        await CodeShield.scan_code(code, language)
        times.append((time.perf_counter() - began) * 1000)
    return times


def semgrep_cli_times(code: str, iterations: int, tmp: Path) -> list[float] | None:
    semgrep = shutil.which("semgrep") or str(Path(sys.executable).parent / "semgrep")
    if not Path(semgrep).exists():
        return None
    target = tmp / "snippet.py"
    target.write_text(code)
    rules = ROOT / "policies" / "rules" / "semgrep" / "python"
    env = {**os.environ, "SEMGREP_SEND_METRICS": "off", "SEMGREP_ENABLE_VERSION_CHECK": "0"}
    args = [
        semgrep,
        "scan",
        "--config",
        str(rules),
        "--json",
        "--metrics",
        "off",
        "--disable-version-check",
        "--quiet",
        str(target),
    ]
    times = []
    for _ in range(iterations):
        began = time.perf_counter()
        subprocess.run(args, capture_output=True, env=env, timeout=120, check=False)
        times.append((time.perf_counter() - began) * 1000)
    return times


def core_start_ms() -> float:
    """Machine-speed reference: semgrep-core start-up alone (70-90 ms on an idle 2-core box)."""
    from gateway.scanning.semgrep_rules import find_semgrep_core

    binary, times = str(find_semgrep_core()), []
    for _ in range(5):
        began = time.perf_counter()
        subprocess.run([binary, "-version"], capture_output=True, check=False)
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--concurrent-total", type=int, default=80)
    parser.add_argument("--skip-peers", action="store_true")
    args = parser.parse_args()
    result: dict[str, float] = {}
    reference = core_start_ms()
    print(
        f"machine reference: semgrep-core -version {reference:.0f} ms (idle 2-core box: 70-90 ms), "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    result["core_start_ms"] = round(reference, 1)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        engine = await build_engine(tmp)
        try:
            print(f"{'snippet':8} {'lines':>5} {'p50 ms':>8} {'p95 ms':>8}   (sluice, sequential, every scanner on)")
            for name, (code, lang) in SNIPPETS.items():
                times = await sequential(engine, code, lang, args.iterations)
                p50, p95 = statistics.median(times), pct(times, 0.95)
                print(f"{name:8} {code.count(chr(10)):>5} {p50:>8.1f} {p95:>8.1f}")
                result[f"{name}_p50_ms"], result[f"{name}_p95_ms"] = round(p50, 1), round(p95, 1)
            code, lang = SNIPPETS["py60"]
            latencies, rate = await concurrent(engine, code, lang, args.concurrent_total)
            batcher = engine.scanners["semgrep"].batcher  # type: ignore[attr-defined]
            print(
                f"py60 x8 concurrent: p50 {statistics.median(latencies):.1f} ms, p95 {pct(latencies, 0.95):.1f} ms,"
                f" {rate:.1f} scans/s; semgrep-core processes so far: {batcher.invocations} for"
                f" {batcher.snippets} snippets"
            )
            result["c8_py60_p50_ms"] = round(statistics.median(latencies), 1)
            result["c8_py60_p95_ms"] = round(pct(latencies, 0.95), 1)
            result["c8_scans_per_s"] = round(rate, 1)
        finally:
            await engine.aclose()
        if not args.skip_peers:
            print("peers (same machine, same run):")
            for name in ("py60", "js", "java"):
                code, lang = SNIPPETS[name]
                cs = await codeshield_times(code, lang, max(5, args.iterations // 3))
                if cs:
                    print(f"  codeshield {name:6} p50 {statistics.median(cs):8.1f} ms  p95 {pct(cs, 0.95):8.1f} ms")
                    result[f"codeshield_{name}_p50_ms"] = round(statistics.median(cs), 1)
            cli = semgrep_cli_times(SNIPPETS["py60"][0], 3, tmp)
            if cli:
                print(f"  semgrep scan CLI py60 p50 {statistics.median(cli):8.1f} ms (3 runs, python pack only)")
                result["semgrep_cli_py60_p50_ms"] = round(statistics.median(cli), 1)
    print("RESULT " + " ".join(f"{k}={v}" for k, v in result.items()))


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
