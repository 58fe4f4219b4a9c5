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


def test_sqlite_upgrade_from_empty(tmp_path) -> None:
    _assert_head_matches_models(f"sqlite:///{tmp_path / 'empty.db'}")


@pytest.mark.postgres
def test_postgresql_upgrade_from_empty() -> None:
    with throwaway_postgres("portal_migr") as url:
        _assert_head_matches_models(url)


def test_sqlite_upgrade_keeps_a_database_with_rows(tmp_path) -> None:
    """A developer's database from before passkeys (people, addresses, memberships) upgrades in place:
    SQLite rebuilds the person table, which fails with foreign keys enforced unless the migration
    environment handles it."""
    import sqlite3

    path = tmp_path / "old.db"
    migrate(f"sqlite:///{path}", "7577aeaa25d1")
    db = sqlite3.connect(path)
    now = "2026-11-01 10:00:00.000000"
    db.execute("insert into person (id, pid_digest, pid_masked, full_name, idp_name, is_operator, created_at) values ('p1', 'd1', '128385*****', 'Kari', '', 0, ?)", (now,))
    db.execute("insert into email_address (id, person_id, address, domain, is_primary, created_at, verified_at) values ('e1', 'p1', 'kari@oslo.kommune.no', 'oslo.kommune.no', 1, ?, ?)", (now, now))
    db.execute("insert into organisation (id, name, search_name, org_number, kind, created_at) values ('o1', 'Oslo kommune', 'oslo kommune', '958935420', 'kommune', ?)", (now,))
    db.execute("insert into membership (id, person_id, organisation_id, email_id, source, created_at) values ('m1', 'p1', 'o1', 'e1', 'auto', ?)", (now,))
    db.commit()
    db.close()
    migrate(f"sqlite:///{path}")
    db = sqlite3.connect(path)
    assert db.execute("select full_name, webauthn_user_handle from person").fetchall() == [("Kari", None)]
    assert db.execute("select count(*) from membership").fetchone() == (1,)
    assert db.execute("pragma foreign_key_check").fetchall() == []
    assert db.execute("select version_num from alembic_version").fetchone()[0] != "7577aeaa25d1"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_norwegian_audit_details_become_codes_and_addresses_are_dropped(tmp_path, backend) -> None:
    """Audit entries written before detail codes: reworded through the texts from now on, never an address kept."""
    from contextlib import nullcontext

    from sqlalchemy import create_engine, text

    from helsecert_portal.usecases.presentation import audit_detail
    from tests.support import throwaway_postgres

    with throwaway_postgres() if backend == "postgresql" else nullcontext(f"sqlite:///{tmp_path / 'old.db'}") as url:
        migrate(url, "e05b71a4cd86")
        old = {"a": "automatisk via kari@oslo.kommune.no", "b": "domenet bergen.kommune.no ble fjernet", "c": "ubehandlet i 3 dager", "d": "fjernet av administrator", "e": "Jeg er innleid i Bydel Frogner."}
        engine = create_engine(url)
        with engine.begin() as conn:
            for key, detail in old.items():
                conn.execute(text("INSERT INTO audit_event (id, at, action, detail) VALUES (:i, :t, 'x', :d)"), {"i": key * 32, "t": "2026-11-30 10:00:00+00:00", "d": detail})
        migrate(url)
        with engine.connect() as conn:
            rows = {r[0][0]: (r[1], r[2]) for r in conn.execute(text("SELECT id, detail, detail_code FROM audit_event"))}
        engine.dispose()
    assert rows["a"] == ("oslo.kommune.no", "auto_domain")
    assert [audit_detail(*rows[k]) for k in "abcde"] == ["automatisk via domenet oslo.kommune.no", "domenet bergen.kommune.no ble fjernet", "ubehandlet i 3 dager", "fjernet av administrator", "Jeg er innleid i Bydel Frogner."]
