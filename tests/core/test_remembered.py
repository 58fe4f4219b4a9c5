"""A page's read is kept until a commit changes a table it read: the tables are those its queries named, so
nothing can be forgotten by hand; what a transaction read after writing it is never kept, nor what was read while
a change was being committed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text, update
from sqlmodel import select

from helsecert_portal.core.db import remembered, watch_writes
from helsecert_portal.core.invalidation import ALL, InvalidatingCache
from helsecert_portal.models import EmailAddress, Organisation, Person


@pytest.fixture
def cache() -> Iterator[InvalidatingCache[object]]:
    kept: InvalidatingCache[object] = InvalidatingCache(60)
    stop = watch_writes(lambda tags: kept.forget_all() if ALL in tags else kept.forget(tags))
    yield kept
    stop()


def _organisation(tx, name: str) -> str:
    with tx() as db:
        org = Organisation(name=name, search_name=name.lower(), kind="kommune", created_at=datetime.now(UTC))
        db.add(org)
        db.flush()
        return org.id


def _names(db) -> list[str]:
    return sorted(db.exec(select(Organisation.name)).all())


class Counted:
    def __init__(self) -> None:
        self.reads = 0

    def __call__(self, db) -> list[str]:
        self.reads += 1
        return _names(db)


def test_a_read_is_kept_until_a_table_it_read_changes(cache, tx) -> None:
    _organisation(tx, "Oslo kommune")
    read = Counted()
    for _ in range(3):
        with tx() as db:
            assert remembered(db, cache, "names", read) == ["Oslo kommune"]
    assert read.reads == 1
    with tx() as db:  # another table: the names stand
        db.add(Person(pid_digest="d", pid_masked="m", created_at=datetime.now(UTC)))
    with tx() as db:
        remembered(db, cache, "names", read)
    assert read.reads == 1
    _organisation(tx, "Bergen kommune")
    with tx() as db:
        assert remembered(db, cache, "names", read) == ["Bergen kommune", "Oslo kommune"]
    assert read.reads == 2


@pytest.mark.parametrize("how", ["bulk", "text"])
def test_a_bulk_or_plain_sql_change_of_a_table_it_read_is_seen(cache, tx, how) -> None:
    org_id = _organisation(tx, "Oslo kommune")
    with tx() as db:
        remembered(db, cache, "names", _names)
    with tx() as db:
        if how == "bulk":
            db.exec(update(Organisation).where(Organisation.id == org_id).values(name="Oslo"))  # type: ignore[call-overload]
        else:
            db.exec(text("UPDATE organisation SET name = 'Oslo'"))  # type: ignore[call-overload]
    with tx() as db:
        assert remembered(db, cache, "names", _names) == ["Oslo"]


def test_what_a_transaction_read_after_writing_it_is_not_kept(cache, tx) -> None:
    """It may yet be rolled back: nobody else must see it."""
    _organisation(tx, "Oslo kommune")
    with pytest.raises(RuntimeError), tx() as db:
        db.add(Organisation(name="Aldri kommune", search_name="aldri kommune", kind="kommune", created_at=datetime.now(UTC)))
        assert "Aldri kommune" in remembered(db, cache, "names", _names)
        raise RuntimeError("rolled back")
    with tx() as db:
        assert remembered(db, cache, "names", _names) == ["Oslo kommune"]


def test_a_read_during_which_a_change_was_committed_is_not_kept(cache, tx) -> None:
    _organisation(tx, "Oslo kommune")

    def read_while_another_commits(db) -> list[str]:
        names = _names(db)
        _organisation(tx, "Bergen kommune")  # committed by another transaction before this read is stored
        return names

    with tx() as db:
        assert remembered(db, cache, "names", read_while_another_commits) == ["Oslo kommune"]
    with tx() as db:
        assert remembered(db, cache, "names", _names) == ["Bergen kommune", "Oslo kommune"]


def test_every_table_of_a_join_is_watched(cache, tx, db) -> None:
    with tx() as w:
        person = Person(pid_digest="d", pid_masked="m", created_at=datetime.now(UTC))
        w.add(person)
        w.flush()
        w.add(EmailAddress(person_id=person.id, address="kari@oslo.kommune.no", domain="oslo.kommune.no", created_at=datetime.now(UTC)))
        person_id = person.id

    def addresses(db) -> list[str]:
        return list(db.exec(select(EmailAddress.address).join(Person, Person.id == EmailAddress.person_id).where(Person.id == person_id)).all())

    with tx() as r:
        assert remembered(r, cache, "addresses", addresses) == ["kari@oslo.kommune.no"]
    with tx() as w:
        w.exec(update(Person).values(full_name="Kari"))  # type: ignore[call-overload]
    assert cache.get("addresses") is None
