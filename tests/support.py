"""Helpers shared by the tests and the benchmarks: free ports, migrations, a throw-away PostgreSQL database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def migrate(url: str) -> None:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.attributes["database_url"] = url
    cfg.attributes["configure_logging"] = False
    command.upgrade(cfg, "head")


@contextmanager
def throwaway_postgres(prefix: str = "portal_test") -> Iterator[str]:
    """A new, empty database on the machine's PostgreSQL (127.0.0.1:5432), dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(f"{PG_SERVER}/test", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def running_portal(local: Path, extra_env: dict[str, str] | None = None, start_timeout: float = 600) -> Iterator[str]:
    """The real portal (`reflex run --env prod`) on a free port with its own data folder; yields its URL.

    Development defaults (SQLite, simulator, mail catcher, demo data) unless extra_env says otherwise.
    """
    port = free_port()
    env = {**os.environ, "PORTAL_LOCAL_DIR": str(local), "PORTAL_BASE_URL": f"http://localhost:{port}",
           "DEV_SMTP_PORT": str(free_port()), "PORTAL_CLOCK_OFFSET_FILE": str(local / "clock-offset")}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(extra_env or {})
    for step in (["alembic", "upgrade", "head"], [sys.executable, "-m", "helsecert_portal.demo_data"]):
        subprocess.run(step, cwd=ROOT, env=env, check=True, capture_output=True)
    log_path = local / "portal.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(["reflex", "run", "--env", "prod", "--frontend-port", str(port), "--backend-port", str(port)],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        url = f"http://localhost:{port}"
        try:
            deadline = time.monotonic() + start_timeout
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    raise RuntimeError("portal exited:\n" + log_path.read_text()[-3000:])
                try:
                    if httpx.get(url + "/", timeout=2).status_code == 200 and httpx.get(url + "/ping", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.5)
            else:
                raise RuntimeError(f"portal did not start within {start_timeout:.0f} s")
            yield url
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
