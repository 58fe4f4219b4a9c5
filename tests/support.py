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
from dataclasses import dataclass
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
def running_portal(local: Path, extra_env: dict[str, str] | None = None, start_timeout: float = 600, port: int = 0) -> Iterator[str]:
    """The real portal (`reflex run --env prod`) on a free port with its own data folder; yields its URL.

    Development defaults (SQLite, simulator, mail catcher, demo data) unless extra_env says otherwise.
    """
    local.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
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


@contextmanager
def background(cmd: list[str], log_path: Path, ready_port: int) -> Iterator[subprocess.Popen]:
    """A helper server in its own process group, up once `ready_port` accepts connections."""
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            deadline = time.monotonic() + 30
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"{cmd[2]} exited:\n" + log_path.read_text()[-2000:])
                try:
                    socket.create_connection(("127.0.0.1", ready_port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"{cmd[2]} did not listen on {ready_port}") from None
                    time.sleep(0.2)
            yield proc
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)


@dataclass(frozen=True)
class Stack:
    urls: tuple[str, ...]
    mail_folder: Path


REDIS_TEST_URL = "redis://127.0.0.1:6379/3"


@contextmanager
def scaled_stack(local: Path, workers: int = 2) -> Iterator[Stack]:
    """The production topology on this machine: PostgreSQL, Redis, two portal instances with `workers`
    backend workers each, the ID-porten simulator as a separate issuer and a separate SMTP server.

    The two instances build their frontends in separate folders and share everything else, so a
    browser on one and a browser on the other are guaranteed to reach different backend processes.
    """
    import redis

    ports, sim_port, smtp_port = [free_port(), free_port()], free_port(), free_port()
    mail = local / "mail"
    redis.Redis.from_url(REDIS_TEST_URL).flushdb()
    secret = uuid.uuid4().hex + uuid.uuid4().hex
    simulator = [sys.executable, "-m", "helsecert_portal.idporten.standalone", "--port", str(sim_port), "--client-secret", secret]
    for p in ports:
        simulator += ["--portal", f"http://localhost:{p}"]
    with (
        throwaway_postgres("portal_e2e") as database_url,
        background(simulator, local / "simulator.log", sim_port),
        background([sys.executable, "-m", "helsecert_portal.core.mail_catcher", str(smtp_port), str(mail)], local / "smtp.log", smtp_port),
    ):
        env = {
            "DATABASE_URL": database_url, "REDIS_URL": REDIS_TEST_URL, "GRANIAN_WORKERS": str(workers),
            "PORTAL_SECRET_KEY": secret, "IDPORTEN_ISSUER": f"http://127.0.0.1:{sim_port}", "IDPORTEN_CLIENT_SECRET": secret,
            "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_port), "SMTP_SECURITY": "none",
            "PORTAL_CLOCK_OFFSET_FILE": str(local / "clock-offset"),
        }
        with (
            running_portal(local / "instance-1", env, port=ports[0]) as first,
            running_portal(local / "instance-2", {**env, "REFLEX_WEB_WORKDIR": str(local / "web-2")}, port=ports[1]) as second,
        ):
            yield Stack((first, second), mail)
