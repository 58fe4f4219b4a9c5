"""Shared fixtures: an isolated migrated database per test, a frozen clock, a real loopback SMTP server."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Tests never touch the developer's .local: settings read this before anything is built.
_TMP = Path(tempfile.mkdtemp(prefix="portal-tests-"))
os.environ.setdefault("PORTAL_LOCAL_DIR", str(_TMP))

from sqlmodel import Session  # noqa: E402

from helsecert_portal.core import mail_catcher  # noqa: E402
from helsecert_portal.core.clock import FrozenClock  # noqa: E402
from helsecert_portal.core.db import make_engine, session_scope  # noqa: E402
from tests.support import ROOT, free_port, migrate  # noqa: E402,F401  (re-exported for the tests)

SECRET = "test-secret-key-that-is-long-enough-0123456789"


@pytest.fixture
def engine(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'test.db'}"
    migrate(url)
    eng = make_engine(url)
    yield eng
    eng.dispose()


@pytest.fixture
def db(engine) -> Iterator[Session]:
    """A session for arranging and asserting; domain calls under test go through `tx`."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def tx(engine):
    """Run one caller-owned transaction, as a state handler does."""
    return lambda: session_scope(engine)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def smtp_server(tmp_path: Path):
    folder = tmp_path / "mail"
    port = free_port()
    controller = mail_catcher.start(folder, port)
    yield port, folder
    controller.stop()
