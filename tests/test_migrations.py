"""Alembic is the only schema path: upgrade from empty works on SQLite and the real PostgreSQL,
and autogenerate then finds nothing the models have that the migrations lack."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

from helsecert_portal import models  # noqa: F401
from tests.support import migrate, throwaway_postgres


def _assert_head_matches_models(url: str) -> None:
    migrate(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
        tables = set(inspect(conn).get_table_names())
    engine.dispose()
    assert diff == []
    assert {"person", "email_address", "verification_code", "login_session", "organisation", "email_domain", "membership", "join_request", "audit_event"} <= tables


def test_sqlite_upgrade_from_empty(tmp_path) -> None:  # noqa: ANN001
    _assert_head_matches_models(f"sqlite:///{tmp_path / 'empty.db'}")


@pytest.mark.postgres
def test_postgresql_upgrade_from_empty() -> None:
    with throwaway_postgres("portal_migr") as url:
        _assert_head_matches_models(url)
