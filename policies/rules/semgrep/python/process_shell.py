import asyncio
import os
import shlex


async def run_job(job: dict):
    # ruleid: python.command-injection-shell-launcher
    proc = await asyncio.subprocess.create_subprocess_shell(job["command"])
    loop = asyncio.get_running_loop()
    # ruleid: python.command-injection-shell-launcher
    transport, _ = await loop.subprocess_shell(asyncio.SubprocessProtocol, f"tar czf /backups/{job['name']}.tgz /data")
    # ruleid: python.command-injection-shell-launcher
    other = await asyncio.create_subprocess_exec("/bin/sh", "-c", "ping -c 1 " + job["host"])
    return proc, transport, other


def spawn_report(name: str):
    # ruleid: python.command-injection-shell-launcher
    os.spawnl(os.P_WAIT, "/bin/bash", "bash", "-c", f"generate-report {name}")
    # ruleid: python.command-injection-shell-launcher
    os.spawnve(os.P_WAIT, "/bin/sh", ["sh", "-c", "lpr " + name], os.environ)
    # ruleid: python.command-injection-shell-launcher
    os.execv("/bin/bash", ["bash", "-c", name])


async def run_job_safe(job: dict):
    # ok: python.command-injection-shell-launcher
    proc = await asyncio.subprocess.create_subprocess_shell("uptime")
    loop = asyncio.get_running_loop()
    # ok: python.command-injection-shell-launcher
    transport, _ = await loop.subprocess_shell(asyncio.SubprocessProtocol, "tar czf /backups/all.tgz /data")
    # ok: python.command-injection-shell-launcher
    other = await asyncio.create_subprocess_exec("ping", "-c", "1", job["host"])
    # ok: python.command-injection-shell-launcher
    quoted = await asyncio.create_subprocess_exec("/bin/sh", "-c", "ping -c 1 " + shlex.quote(job["host"]))
    return proc, transport, other, quoted


def spawn_report_safe(name: str):
    # ok: python.command-injection-shell-launcher
    os.spawnv(os.P_WAIT, "/usr/bin/generate-report", ["generate-report", name])
    # ok: python.command-injection-shell-launcher
    os.spawnl(os.P_WAIT, "/bin/sh", "sh", "-c", "generate-report --all")
    # ok: python.command-injection-shell-launcher
    os.execv("/usr/bin/lpr", ["lpr", name])


def one_liners(host: str):
    # ruleid: python.command-injection-shell-launcher
    __import__("os").system("ping -c 1 " + host)
    # ruleid: python.command-injection-shell-launcher
    getattr(os, "system")(f"nslookup {host}")
    # ok: python.command-injection-shell-launcher
    __import__("os").system("uptime")
