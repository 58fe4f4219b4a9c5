"""Helpers shared by the tests and the benchmarks: free ports, migrations, a throw-away PostgreSQL database."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from alembic import command

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"


T = TypeVar("T")


def run_async(coro: Coroutine[object, object, T]) -> T:
    """Run a coroutine to its end on a fresh event loop in a worker thread: in a session with the browser
    tests, Playwright's sync API keeps an event loop running in the test's own thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def migrate(url: str, revision: str = "head") -> None:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.attributes["database_url"] = url
    cfg.attributes["configure_logging"] = False
    command.upgrade(cfg, revision)


@contextmanager
def throwaway_postgres(prefix: str = "portal_test") -> Iterator[str]:
    """A new, empty database on the machine's PostgreSQL (127.0.0.1:5432), dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(f"{PG_SERVER}/test", isolation_level="AUTOCOMMIT", poolclass=NullPool)  # survives a server restart
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class RunningPortal(str):
    """The portal's URL, carrying its `reflex run` process (pid for CPU and memory figures; stop and start)."""

    pid: int
    process: PortalProcess


class PortalProcess:
    """One `reflex run --env prod` on a fixed port with its own data folder, which a test may stop (SIGTERM to
    its process group, as systemd does) and start again."""

    def __init__(self, local: Path, env: dict[str, str], port: int, app_dir: Path, start_timeout: float) -> None:
        self.local, self.env, self.port, self.app_dir, self.start_timeout = local, env, port, app_dir, start_timeout
        self.url = f"http://localhost:{port}"
        self.log_path = local / "portal.log"
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> RunningPortal:
        """Start and wait until pages and the backend answer; each start's output is in portal.log (then
        portal-2.log, …), so what a stopped process wrote stays readable."""
        self.starts += 1
        if self.starts > 1:
            self.log_path = self.local / f"portal-{self.starts}.log"
        with open(self.log_path, "w") as log:
            cmd = ["reflex", "run", "--env", "prod", "--frontend-port", str(self.port), "--backend-port", str(self.port)]
            self.proc = proc = subprocess.Popen(cmd, cwd=self.app_dir, env=self.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError("portal exited:\n" + self.log_path.read_text()[-3000:])
            try:
                if httpx.get(self.url + "/", timeout=2).status_code == 200 and httpx.get(self.url + "/ping", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        else:
            self.kill()
            raise RuntimeError(f"portal did not start within {self.start_timeout:.0f} s")
        running = RunningPortal(self.url)
        running.pid, running.process = proc.pid, self
        return running

    def terminate(self) -> None:
        """SIGTERM to every process of the instance; returns at once (see `wait`)."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)

    def wait(self, timeout: float) -> int:
        """The exit code once every process of the group is gone (TimeoutError if not within `timeout`)."""
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        code = self.proc.wait(timeout)
        while _group_alive(self.proc.pid):  # the workers may outlive the main process by a moment
            if time.monotonic() > deadline:
                raise TimeoutError(f"processes of group {self.proc.pid} still running after {timeout} s")
            time.sleep(0.1)
        return code

    def kill(self) -> None:
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        self.terminate()
        try:
            self.wait(20)
        except (subprocess.TimeoutExpired, TimeoutError):
            self.kill()


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, under another user
        pass
    return True


@contextmanager
def running_portal(local: Path, extra_env: dict[str, str] | None = None, start_timeout: float = 600, port: int = 0, app_dir: Path = ROOT) -> Iterator[RunningPortal]:
    """The real portal (`reflex run --env prod`) on a free port with its own data folder; yields its URL.

    `app_dir` may name another Reflex app (the benchmarks' bare app); only the portal gets migrations and demo data.

    Development defaults (SQLite, simulator, mail catcher, demo data) unless extra_env says otherwise.
    """
    local.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    metrics_dir = local / "metrics"  # every worker of this instance writes its samples here (cleared per start)
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir()
    env = {**os.environ, "PORTAL_LOCAL_DIR": str(local), "PORTAL_BASE_URL": f"http://localhost:{port}", "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir), "DEV_SMTP_PORT": str(free_port()), "PORTAL_CLOCK_OFFSET_FILE": str(local / "clock-offset")}
    env["DEMO_BACKEND_PORT"] = str(free_port())  # the demo back-end beside this portal (scaled stacks set 0)
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(extra_env or {})
    for step in (["alembic", "upgrade", "head"], [sys.executable, "-m", "helsecert_portal.demo_data"]) if app_dir == ROOT else ():
        subprocess.run(step, cwd=ROOT, env=env, check=True, capture_output=True)
    process = PortalProcess(local, env, port, app_dir, start_timeout)
    running = process.start()
    try:
        yield running
    finally:
        process.stop()


class Service:
    """A helper server in its own process group that a test can stop and start again on the same port."""

    def __init__(self, cmd: list[str], log_path: Path, port: int) -> None:
        self.cmd, self.log_path, self.port = cmd, log_path, port
        self.proc: subprocess.Popen | None = None

    def start(self) -> Service:
        log = open(self.log_path, "a")  # noqa: SIM115  (lives as long as the process)
        self.proc = subprocess.Popen(self.cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 30
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.cmd[:3]} exited:\n" + self.log_path.read_text()[-2000:])
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{self.cmd[:3]} did not listen on {self.port}") from None
                time.sleep(0.2)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(10)
        self.proc = None

    def __enter__(self) -> Service:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass(frozen=True)
class Stack:
    urls: tuple[str, ...]  # each instance directly, over http (benchmarks, raw socket clients)
    mail_folder: Path
    database_url: str
    smtp: Service
    simulator: Service
    redis: Service | None  # a private Redis the test may restart; None when the machine's is used
    public_url: str = ""  # what a browser opens: the TLS proxy's https origin, or else the first instance
    ca_file: Path | None = None  # the throw-away CA that signed the proxy's certificate
    secret_key: str = ""  # the instances' PORTAL_SECRET_KEY (a benchmark registers a back-end with it)


TLS_PORT = 443  # Reflex's frontend drops the port of a wss:// URL on localhost ("via load balancer"), so the proxy is on 443
PIN_COOKIE = "test_instance"  # the test proxy's one addition to deploy/nginx.conf: a browser may ask for one instance


@contextmanager
def tls_proxy(local: Path, upstream_ports: list[int]) -> Iterator[tuple[str, Path]]:
    """nginx from Debian in front of the instances, with deploy/nginx.conf: TLS from a CA made here and now
    (trustme), round robin without sticky sessions. Yields the https origin and the CA's certificate file."""
    import trustme

    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        raise RuntimeError("nginx is not installed: run scripts/setup.sh --browser")
    try:
        socket.create_connection(("127.0.0.1", TLS_PORT), timeout=1).close()
        raise RuntimeError(f"port {TLS_PORT} is taken: the scaled pass's TLS proxy needs it")
    except OSError:
        pass
    prefix = local / "nginx"
    prefix.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="HelseCERT portal test run")
    leaf = ca.issue_cert("localhost", "127.0.0.1")
    ca_file, cert_file, key_file = prefix / "ca.pem", prefix / "cert.pem", prefix / "key.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    leaf.private_key_pem.write_to_path(str(key_file))
    cert_file.write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
    pins = "\n".join(f"    upstream instance_{i + 1} {{ server 127.0.0.1:{p}; }}" for i, p in enumerate(upstream_ports))
    routing = pins + f"\n    map $cookie_{PIN_COOKIE} $pick {{\n        default portal;\n" + "".join(f"        {i + 1} instance_{i + 1};\n" for i in range(len(upstream_ports))) + "    }"
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    for key, value in {
        "@PREFIX@": str(prefix),
        "@UPSTREAMS@": "\n".join(f"        server 127.0.0.1:{p};" for p in upstream_ports),
        "@TEST_ROUTING@": routing,
        "@PASS@": "$pick",
        "@LISTEN4@": f"127.0.0.1:{TLS_PORT}",
        "@LISTEN6@": f"[::1]:{TLS_PORT}",
        "@SERVER_NAME@": "localhost",
        "@CERT@": str(cert_file),
        "@KEY@": str(key_file),
    }.items():
        conf = conf.replace(key, value)
    (prefix / "nginx.conf").write_text(conf)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    with Service([nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"], prefix / "nginx.log", TLS_PORT):
        yield "https://localhost", ca_file


REDIS_TEST_URL = "redis://127.0.0.1:6379/3"


@contextmanager
def scaled_stack(local: Path, workers: int = 2, instances: int = 2, private_redis: bool = False, tls: bool = False, movable_clock: bool = True) -> Iterator[Stack]:
    """The production topology on this machine: PostgreSQL, Redis, `instances` portal instances with
    `workers` backend workers each, the ID-porten simulator as a separate issuer and a separate SMTP server.

    Instances build their frontends in folders of their own (never the project's .web, which another
    running portal may be serving) and share everything else, so browsers on two instances are
    guaranteed to reach different backend processes. Behind the TLS proxy they share one origin and so one
    folder: each instance builds in turn, and all serve the last build, so a page from one instance finds its
    assets on the other (Reflex stamps every build, so two builds never have the same asset names). With private_redis, a Redis
    server of our own (same binary as the machine's) runs on a free port so a test can restart it. With tls,
    the instances sit behind nginx (`tls_proxy`) and their base URL is its https origin. Without movable_clock
    (benchmarks) the portal and the simulator read the system clock, as in production, not the tests' clock file.
    """
    import redis

    local.mkdir(parents=True, exist_ok=True)
    ports, sim_port, smtp_port = [free_port() for _ in range(instances)], free_port(), free_port()
    mail = local / "mail"
    secret = uuid.uuid4().hex + uuid.uuid4().hex
    public = "https://localhost" if tls else ""
    clock_file = str(local / "clock-offset") if movable_clock else ""
    simulator_cmd = [sys.executable, "-m", "helsecert_portal.idporten.standalone", "--port", str(sim_port), "--client-secret", secret, "--clock-offset-file", clock_file]
    for base in [public] if tls else [f"http://localhost:{p}" for p in ports]:
        simulator_cmd += ["--portal", base]
    with ExitStack() as stack:
        redis_service = None
        if private_redis:
            redis_port = free_port()
            redis_service = stack.enter_context(Service(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], local / "redis.log", redis_port))
            redis_url = f"redis://127.0.0.1:{redis_port}/0"
        else:
            redis_url = REDIS_TEST_URL
            redis.Redis.from_url(redis_url).flushdb()
        database_url = stack.enter_context(throwaway_postgres("portal_e2e"))
        simulator = stack.enter_context(Service(simulator_cmd, local / "simulator.log", sim_port))
        smtp = stack.enter_context(Service([sys.executable, "-m", "helsecert_portal.core.mail_catcher", str(smtp_port), str(mail)], local / "smtp.log", smtp_port))
        env = {
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "GRANIAN_WORKERS": str(workers),
            "PORTAL_SECRET_KEY": secret,
            "IDPORTEN_ISSUER": f"http://127.0.0.1:{sim_port}",
            "IDPORTEN_CLIENT_SECRET": secret,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(smtp_port),
            "SMTP_SECURITY": "none",
            "PORTAL_CLOCK_OFFSET_FILE": clock_file,
            "DEMO_BACKEND_PORT": "0",  # the demo back-end belongs to the embedded defaults
            **({"PORTAL_BASE_URL": public} if tls else {}),
        }
        urls = [stack.enter_context(running_portal(local / f"instance-{i + 1}", {**env, "REFLEX_WEB_WORKDIR": str(local / ("web" if tls else f"web-{i + 1}"))}, port=port)) for i, port in enumerate(ports)]
        ca_file = None
        if tls:
            public, ca_file = stack.enter_context(tls_proxy(local, ports))
        yield Stack(tuple(urls), mail, database_url, smtp, simulator, redis_service, public or urls[0], ca_file, secret)
