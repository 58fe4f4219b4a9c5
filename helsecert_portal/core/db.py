"""The one DB session helper: the caller owns the transaction and commits once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, CursorResult, Engine, column, event, update
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlmodel import Session, SQLModel, create_engine

from .errors import PortalError


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(conn: DBAPIConnection, _record: object) -> None:
            cur = conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as db:
        try:
            yield db
            db.commit()
        except PortalError as exc:
            # A counted failure (a wrong code's attempt) must persist even though the call fails.
            db.commit() if exc.keeps_changes else db.rollback()
            raise
        except BaseException:
            db.rollback()
            raise


def claim(db: Session, model: type[SQLModel], row_id: str, *conditions: ColumnElement[bool], **values: object) -> bool:
    """Update one row only while it still meets `conditions`: under concurrency exactly one caller wins.

    Used for everything single-use (challenges, tickets) and every one-way status change (decisions).
    """
    result = db.execute(update(model).where(column("id") == row_id, *conditions).values(**values))
    return cast(CursorResult[Any], result).rowcount == 1


M = TypeVar("M", bound=SQLModel)


def must_get(db: Session, model: type[M], row_id: str) -> M:
    """A row the schema guarantees (a foreign key names it): its absence is a bug, not a user's mistake."""
    row = db.get(model, row_id)
    if row is None:
        raise LookupError(f"{model.__name__} {row_id} does not exist")
    return row
