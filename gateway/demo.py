"""`sluice up`: the README's one-command demo on a fresh machine.

Migrates an embedded SQLite database under ./var/, creates the `demo` tenant
(printing its key once), starts a model runtime as a child process and serves the
gateway on 127.0.0.1 until interrupted.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import yaml

from gateway.auth import admin
from gateway.db.engine import create_engine, session_factory
from gateway.db.migrate import upgrade
from gateway.settings import ModelSettings, ServerSettings, load_settings

BUNDLED_MODEL = Path(__file__).resolve().parents[1] / "model_runtime" / "models" / "sluice-tiny-code"
# The echo stand-in is a test fixture: it lives in a source checkout, not in the installed package.
SCRIPTED_STAND_IN = Path(__file__).resolve().parents[1] / "tests" / "support" / "scripted_upstream.py"
DEMO_TENANT = "demo"


async def _bootstrap_tenant(url: str) -> str | None:
    """Create the demo tenant and a key on first run; None when it already exists."""
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session, session.begin():
            if await admin.get_tenant(session, DEMO_TENANT) is not None:
                return None
            await admin.create_tenant(session, DEMO_TENANT)
            created = await admin.create_key(session, DEMO_TENANT, scopes=("generate", "audit:read"), name="demo")
            return created.full_key
    finally:
        await engine.dispose()


def _runtime_command(kind: str, port: int, model_name: str) -> list[str]:
    if kind == "cpu":
        return [sys.executable, "-m", "model_runtime", "cpu", "--model", str(BUNDLED_MODEL), "--host", "127.0.0.1",
                "--port", str(port), "--served-model-name", model_name]
    return [sys.executable, str(SCRIPTED_STAND_IN), "--port", str(port), "--model", model_name]


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout_s: float = 120.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback URL we built
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def run_demo(*, port: int, runtime_port: int, runtime: str) -> int:
    from gateway.app import create_app
    from gateway.server import run_server

    settings = load_settings()  # SLUICE_* checked before anything starts; SLUICE_DATABASE_URL may move the database
    url = settings.database.url
    upgrade(url)
    key = asyncio.run(_bootstrap_tenant(url))

    if runtime == "cpu" and not (BUNDLED_MODEL / "config.json").exists():
        print(f"bundled model not found at {BUNDLED_MODEL}; using the scripted stand-in runtime", file=sys.stderr)
        runtime = "scripted"
    if runtime == "scripted" and not SCRIPTED_STAND_IN.exists():
        print("the scripted stand-in runtime comes with a source checkout (tests/support/scripted_upstream.py), "
              "not with the installed package: use --runtime cpu", file=sys.stderr)
        return 1
    model_name = "sluice-tiny-code" if runtime == "cpu" else "scripted-stand-in"
    print(f"starting the {'embedded CPU runtime' if runtime == 'cpu' else 'SCRIPTED STAND-IN runtime (echoes prompts)'}"
          f" on 127.0.0.1:{runtime_port} ...", flush=True)
    child = subprocess.Popen(_runtime_command(runtime, runtime_port, model_name))
    try:
        if not _wait_healthy(f"http://127.0.0.1:{runtime_port}/health", child):
            print("the model runtime did not become healthy", file=sys.stderr)
            return 1
        Path("var").mkdir(exist_ok=True)
        config = {"models": [{"name": model_name, "upstream": f"http://127.0.0.1:{runtime_port}/v1",
                              "max_context": 2048, "max_tokens": 512}]}
        Path("var/sluice.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
        settings = replace(settings, server=ServerSettings(host="127.0.0.1", port=port),
                           models=(ModelSettings(name=model_name, upstream=f"http://127.0.0.1:{runtime_port}/v1",
                                                 max_context=1024, max_tokens=512,
                                                 profile="sluice-tiny-code" if runtime == "cpu" else None),))
        _print_banner(port, model_name, key)
        run_server(settings.server, app=create_app(settings), factory=False, log_level="warning")
        return 0
    finally:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()


def _print_banner(port: int, model: str, key: str | None) -> None:
    lines = [
        "",
        f"Sluice gateway on http://127.0.0.1:{port}  (model: {model}, database: ./var/sluice.db)",
    ]
    if key:
        lines += ["", "Demo tenant 'demo' created. Its API key, shown only this once; paste this line in your shell:",
                  "", f"    export SLUICE_KEY={key}", ""]
    else:
        lines += ["", "Tenant 'demo' exists already. Create another key and export it:",
                  "    export SLUICE_KEY=$(.venv/bin/sluice key create --tenant demo | tail -n 1)", ""]
    # The examples read the key from the environment, as the README's do: pasted anywhere, they work.
    lines += [
        "Try it:",
        f"    curl -s http://127.0.0.1:{port}/v1/chat/completions \\",
        "      -H \"Authorization: Bearer $SLUICE_KEY\" -H 'Content-Type: application/json' \\",
        f"      -d '{{\"model\": \"{model}\", "
        "\"messages\": [{\"role\": \"user\", \"content\": \"Write a Python function named read_config: "
        "Read a JSON configuration file and return it as a dict.\"}], \"max_tokens\": 128}'",
        "",
        "  The bundled model completes this prompt with os.system(command); the scanners withhold it:",
        "    .venv/bin/python - <<'PY'",
        # The heredoc's body and its end marker start at column 0: Python and the shell need them there.
        "import os",
        "from openai import OpenAI, PermissionDeniedError",
        f"client = OpenAI(base_url='http://127.0.0.1:{port}/v1', api_key=os.environ['SLUICE_KEY'])",
        "try:",
        f"    r = client.completions.create(model='{model}', max_tokens=32, temperature=0,",
        "        prompt='import os\\n\\n\\ndef run_command(command):\\n    return os.system(')",
        "    print(r.choices[0].text)",
        "except PermissionDeniedError as blocked:",
        "    print(blocked.body['message'], [f['rule_id'] for f in blocked.body['findings']])",
        "PY",
        "",
        "Ctrl-C stops the gateway and the runtime.",
        "",
    ]
    print("\n".join(lines), flush=True)
