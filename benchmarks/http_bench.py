"""Benchmark 5, http: gunicorn with two workers on the benchmark database,
wrk with 50 connections for 60 s on loopback against the inbox page (a staff
member's session) and the first page of the application wizard (an
applicant's session); p50, p95 and errors from wrk.

The database is seeded as for the inbox benchmark and committed, so the
gunicorn workers (separate processes) see it. Before loading, each URL is
fetched once through gunicorn and must answer 200 with the page itself (not
a redirect to the login page), so that fast errors cannot pass as speed."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client

from .inbox_bench import inbox_world

PORT = 8765
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write("WRKJSON " .. string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, '
    .. '"errors_connect": %d, "errors_read": %d, "errors_write": %d, "errors_timeout": %d, "errors_status": %d}',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, e.connect, e.read, e.write, e.timeout, e.status) .. "\\n")
end
"""


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


def _start_gunicorn(workers: int):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.bench", DATABASE_URL=_database_url())
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{PORT}",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def _check_page(path: str, cookie: str, marker: str):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read().decode("utf-8", "replace")
        if response.status != 200 or response.url.rstrip("/") != f"http://127.0.0.1:{PORT}{path}".rstrip("/"):
            raise SystemExit(f"{path}: {response.status} at {response.url}, not the page")
        if marker not in body:
            raise SystemExit(f"{path}: the page does not contain {marker!r}")


def _workers_cpu_seconds(server) -> float | None:
    """User + system CPU of gunicorn's worker processes so far (Linux /proc),
    to give CPU per request beside wrk's latencies; None elsewhere."""
    try:
        with open(f"/proc/{server.pid}/task/{server.pid}/children", encoding="ascii") as children:
            pids = children.read().split()
        total = 0
        for pid in pids:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _warm(path: str, cookie: str, count: int = 10):
    """A few requests first, so that each worker has loaded the definition
    bundles and templates: wrk then measures the steady state."""
    for _ in range(count):
        _check_page(path, cookie, "")


def _wrk(path: str, cookie: str, *, users: int, duration: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        result = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{users}",
                f"-d{duration}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                "-H",
                f"Cookie: {cookie}",
                f"http://127.0.0.1:{PORT}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        Path(script.name).unlink()
    line = next(line for line in result.stdout.splitlines() if line.startswith("WRKJSON "))
    figures = json.loads(line[len("WRKJSON ") :])
    figures["errors"] = sum(v for k, v in figures.items() if k.startswith("errors_"))
    figures["requests_per_s"] = round(figures["requests"] / figures["seconds"], 1)
    return figures


def bench_http(report, *, tasks: int, users: int, duration: int, workers: int = 2):
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    world = inbox_world(report, tasks=tasks)
    staff = f"{settings.SESSION_COOKIE_NAME}={_session_cookie(world['user'])}"
    applicant = f"{settings.SESSION_COOKIE_NAME}={_session_cookie(world['applicant'])}"
    targets = {
        "inbox": ("/inbox/", staff, "inbox"),
        "wizard_step": ("/apply/hardship_aid/page/identity/", applicant, "<form"),
    }
    server = _start_gunicorn(workers)
    results = {}
    try:
        for label, (path, cookie, marker) in targets.items():
            _check_page(path, cookie, marker)
            _warm(path, cookie)
            cpu_before, load = _workers_cpu_seconds(server), os.getloadavg()[0]
            results[label] = figures = _wrk(path, cookie, users=users, duration=duration)
            cpu_after = _workers_cpu_seconds(server)
            figures["load_average_before"] = round(load, 2)
            if cpu_before is not None and cpu_after is not None and figures["requests"]:
                figures["worker_cpu_ms_per_request"] = round(
                    (cpu_after - cpu_before) * 1000 / figures["requests"], 1
                )
            report.line(
                f"  {label:12s} {figures['requests_per_s']:7.1f} req/s  p50 {figures['p50_ms']:.1f} ms"
                f"  p95 {figures['p95_ms']:.1f} ms  errors {figures['errors']} of {figures['requests']}"
                f"  workers' CPU {figures.get('worker_cpu_ms_per_request', '?')} ms/request  (load {load:.2f})"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    report.set(pages=results, users=users, duration_s=duration, gunicorn_workers=workers, tasks=tasks)
    for label, figures in results.items():
        report.check(f"{label}_errors", figures["errors"], 0)
        report.check(f"{label}_p95_ms", figures["p95_ms"], 250)
