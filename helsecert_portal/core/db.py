"""The one DB session helper: the caller owns the transaction and commits once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, CursorResult, Engine, Table, column, event, update
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.pool import NullPool
from sqlalchemy.sql import visitors
from sqlmodel import Session, SQLModel, create_engine

from .errors import PortalError
from .invalidation import ALL, InvalidatingCache


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


class WouldWait(BaseException):
    """Raised instead of connecting, by a session on `refusing_engine`: the work needs the database, so it belongs
    in a worker thread. A BaseException, so that no `except Exception` in a use case can take it for an answer."""


def refusing_engine(url: str) -> Engine:
    """An engine that never connects: for a read tried on the event loop first (its statements are not even
    compiled, a connection comes first)."""

    def refuse() -> Any:
        raise WouldWait()

    return create_engine(url, creator=refuse, poolclass=NullPool)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as db:
        try:
            yield db
            if db.in_transaction():  # most events are answered from the caches: nothing began, nothing to commit
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


# --- what changed, for the caches (core/invalidation.py) ---------------------------------------------------------

_WRITTEN = "written_tables"  # the tables this transaction has written so far (flushed or bulk)
_READS = "read_tables"  # while `remembered` computes: the tables its queries read


def _tables_in(statement: object) -> set[str]:
    return {element.name for element in visitors.iterate(cast(Any, statement)) if isinstance(element, Table)}


def _table_of(row: object) -> str:
    return str(getattr(row, "__tablename__", ""))


def watch_writes(
    forget: Callable[[set[str]], None],
    row_tags: Callable[[object], Iterable[str]] = lambda _row: (),
    table_tags: Callable[[str], Iterable[str]] = lambda _table: (),
) -> Callable[[], None]:
    """After every commit (of any database session in this process) that wrote, `forget` gets what changed:
    `table:<name>` for each table written, with `row_tags` of each changed row and `table_tags` of each table a
    bulk statement changed (its rows unknown). A statement that is not a query and whose tables cannot be known
    (plain SQL text) changes ALL. Also records which tables a `remembered` computation reads. Returns what stops
    watching."""
    key = ("changed_tags", object())  # each watcher collects its own

    def changed(db: OrmSession) -> set[str]:
        tags: set[str] = db.info.setdefault(key, set())
        return tags

    def collect(db: OrmSession, _context: Any) -> None:
        written: set[str] = db.info.setdefault(_WRITTEN, set())
        for row in (*db.new, *db.dirty, *db.deleted):
            table = _table_of(row)
            written.add(table)
            changed(db).update((f"table:{table}", *row_tags(row)))

    def statement(state: ORMExecuteState) -> None:
        reads: set[str] | None = state.session.info.get(_READS)
        if state.is_select:
            if reads is not None:
                reads.update(_tables_in(state.statement))
            return
        table = getattr(state.statement, "table", None)
        if isinstance(table, Table) and (state.is_update or state.is_delete or state.is_insert):
            state.session.info.setdefault(_WRITTEN, set()).add(table.name)
            changed(state.session).update((f"table:{table.name}", *table_tags(table.name)))
        else:
            state.session.info.setdefault(_WRITTEN, set()).add(ALL)
            changed(state.session).add(ALL)

    def announce(db: OrmSession) -> None:
        db.info.pop(_WRITTEN, None)
        tags = db.info.pop(key, None)
        if tags:
            forget(tags)

    # A flush that was rolled back is announced with the next commit of the same session, if any: forgetting too
    # much costs a read; a savepoint's rollback must not lose what the transaction around it changed.
    listeners = (("after_flush", collect), ("do_orm_execute", statement), ("after_commit", announce))
    for name, listener in listeners:
        event.listen(OrmSession, name, listener)

    def stop() -> None:
        for name, listener in listeners:
            event.remove(OrmSession, name, listener)

    return stop


T = TypeVar("T")


def remembered(db: Session, cache: InvalidatingCache[Any], key: str, compute: Callable[[Session], T]) -> T:
    """`compute(db)`, or what it gave last time until a commit (in any worker) changes one of the tables its queries
    read (recorded by `watch_writes`, which must be watching). Kept only when read from committed data: not when
    this transaction had written a table it read. What it returns is shared: read-only."""
    hit = cache.get(key)
    if hit is not None:
        return cast(T, hit)
    generation = cache.generation  # before the reads: a change committed meanwhile keeps the value out
    outer: set[str] | None = db.info.get(_READS)
    reads: set[str] = set()
    db.info[_READS] = reads
    try:
        value = compute(db)
    finally:
        if outer is None:
            db.info.pop(_READS, None)
        else:
            outer.update(reads)
            db.info[_READS] = outer
    written: set[str] = db.info.get(_WRITTEN, set()) | {_table_of(row) for row in (*db.new, *db.dirty, *db.deleted)}
    if reads and not (reads & written) and ALL not in written:
        cache.put(key, value, {f"table:{table}" for table in reads}, generation)
    return value
