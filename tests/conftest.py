"""Shared fixtures: an isolated migrated database per test, a frozen clock, a real loopback SMTP server."""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Tests never touch the developer's .local: settings read this before anything is built.
_TMP = Path(tempfile.mkdtemp(prefix="portal-tests-"))
os.environ.setdefault("PORTAL_LOCAL_DIR", str(_TMP))

from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from sqlmodel import Session  # noqa: E402

from helsecert_portal.core import mail_catcher  # noqa: E402
from helsecert_portal.core.clock import FrozenClock  # noqa: E402
from helsecert_portal.core.db import make_engine, session_scope  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SECRET = "test-secret-key-that-is-long-enough-0123456789"


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


@pytest.fixture
def engine(tmp_path: Path):  # noqa: ANN201
    url = f"sqlite:///{tmp_path / 'test.db'}"
    migrate(url)
    eng = make_engine(url)
    yield eng
    eng.dispose()


@pytest.fixture
def db(engine) -> Iterator[Session]:  # noqa: ANN001
    """A session for arranging and asserting; domain calls under test go through `tx`."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def tx(engine):  # noqa: ANN001, ANN201
    """Run one caller-owned transaction, as a state handler does."""
    return lambda: session_scope(engine)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def smtp_server(tmp_path: Path):  # noqa: ANN201
    folder = tmp_path / "mail"
    port = free_port()
    controller = mail_catcher.start(folder, port)
    yield port, folder
    controller.stop()
