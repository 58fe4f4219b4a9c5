"""The mail outbox: a decision enqueues its e-mails in its own transaction; a worker drains them with retries.

A row names a person, never an address: the address, the person's choice and their right to the alert are
looked up when the mail is sent. A row is claimed for a while before sending, so two workers never send
it twice; a failed send is retried later (1, 2, 4 … up to 30 minutes apart), never dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta

from sqlalchemy import insert
from sqlmodel import Session, col, or_, select
from sqlmodel.sql.expression import SelectOfScalar

from ..core.clock import Clock
from ..core.db import claim
from ..models import MailFanout, OutboxMail
from ..models.types import new_id

CLAIM_SECONDS = 120
MAX_BACKOFF_MINUTES = 30


def enqueue(db: Session, clock: Clock, *, person_ids: Iterable[str], kind: str, subject_id: str, organisation_id: str | None = None) -> int:
    """One row per person, inserted in bulk (publishing to every group queues 20,000 in the same transaction)."""
    now = clock.now()
    rows = [{"id": new_id(), "person_id": p, "kind": kind, "subject_id": subject_id, "organisation_id": organisation_id, "attempts": 0, "created_at": now, "next_at": now}
            for p in dict.fromkeys(person_ids)]
    if rows:
        db.execute(insert(OutboxMail), rows)
    return len(rows)


def fan_out(db: Session, clock: Clock, *, kind: str, subject_id: str) -> None:
    """A mail to every reader, decided now (in the caller's transaction) and expanded later by the worker."""
    db.add(MailFanout(kind=kind, subject_id=subject_id, created_at=clock.now()))


People = Callable[[MailFanout], SelectOfScalar[str]]  # who a fan-out is for, as a query of person ids


def expand(db: Session, clock: Clock, people: People, *, batch: int = 1000) -> int:
    """Turn the next batch of one unfinished fan-out into outbox rows; the cursor is advanced by a claim, so two
    workers never expand the same batch (the loser's rows are never inserted). Returns the rows added."""
    job = db.exec(select(MailFanout).where(col(MailFanout.done_at).is_(None)).order_by(col(MailFanout.created_at))).first()
    if job is None:
        return 0
    query = people(job)
    column = query.selected_columns[0]
    ids = list(db.exec(query.where(column > job.cursor).order_by(column).limit(batch)).all())
    values: dict[str, object] = {"cursor": ids[-1]} if ids else {"done_at": clock.now()}
    if not claim(db, MailFanout, job.id, col(MailFanout.cursor) == job.cursor, col(MailFanout.done_at).is_(None), **values):
        return 0
    return enqueue(db, clock, person_ids=ids, kind=job.kind, subject_id=job.subject_id)


def claim_due(db: Session, clock: Clock, *, limit: int = 200) -> list[OutboxMail]:
    """Rows due now that no other worker holds; each is held for CLAIM_SECONDS (the caller commits at once)."""
    now = clock.now()
    due = db.exec(
        select(OutboxMail.id)
        .where(col(OutboxMail.sent_at).is_(None), OutboxMail.next_at <= now)
        .where(or_(col(OutboxMail.claimed_until).is_(None), col(OutboxMail.claimed_until) < now))
        .order_by(col(OutboxMail.next_at))
        .limit(limit)
    ).all()
    until = now + timedelta(seconds=CLAIM_SECONDS)
    free = or_(col(OutboxMail.claimed_until).is_(None), col(OutboxMail.claimed_until) < now)
    won = [row_id for row_id in due if claim(db, OutboxMail, row_id, col(OutboxMail.sent_at).is_(None), free, claimed_until=until)]
    return list(db.exec(select(OutboxMail).where(col(OutboxMail.id).in_(won))).all()) if won else []


def sent(db: Session, clock: Clock, row_id: str) -> None:
    claim(db, OutboxMail, row_id, col(OutboxMail.sent_at).is_(None), sent_at=clock.now(), claimed_until=None)


def failed(db: Session, clock: Clock, row: OutboxMail) -> None:
    minutes = min(2 ** min(row.attempts, 5), MAX_BACKOFF_MINUTES)
    claim(db, OutboxMail, row.id, attempts=row.attempts + 1, next_at=clock.now() + timedelta(minutes=minutes), claimed_until=None)


def release(db: Session, row_ids: list[str]) -> None:
    for row_id in row_ids:
        claim(db, OutboxMail, row_id, col(OutboxMail.sent_at).is_(None), claimed_until=None)


def pending_fan_outs(db: Session) -> bool:
    return db.exec(select(MailFanout.id).where(col(MailFanout.done_at).is_(None)).limit(1)).first() is not None
