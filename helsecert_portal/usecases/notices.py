"""CERT-drift › Driftsmeldinger (/drift/driftsmeldinger): create, edit and end operational notices; the banner
every page shows to its viewer. Operators only for writing; the domain checks that on every call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from ..core.clock import Clock
from ..domain import notices as nt
from ..domain.alerts import Viewer
from ..domain.notices import NoticeForm, NoticeInvalid
from ..domain.sessions import Caller
from ..models import Organisation
from ..texts import nb
from .feeds import Notify
from .outcome import Outcome
from .presentation import OSLO, Choice, local_time


@dataclass(frozen=True)
class NoticeRow:
    id: str
    title: str
    body: str
    level: str
    level_text: str
    period: str
    public: bool
    active: bool
    groups: list[Choice]
    starts_input: str  # for the edit form's datetime-local inputs (Oslo time)
    ends_input: str


def banner_rows(db: Session, clock: Clock, who: Viewer, active: nt.ActiveNotices | None = None) -> list[NoticeRow]:
    shown = active.for_viewer(who) if active is not None else nt.active_notices(db, clock, who)
    return [_row(v, [], clock.now()) for v in shown[:10]]


def _input(at: datetime | None) -> str:
    return at.astimezone(OSLO).strftime("%Y-%m-%dT%H:%M") if at else ""


def _row(v: nt.NoticeView, groups: list[Choice], now: datetime) -> NoticeRow:
    period = nb.NOTICE_PERIOD.format(starts=local_time(v.starts), ends=local_time(v.ends)) if v.ends else nb.NOTICE_FROM.format(starts=local_time(v.starts))
    active = v.starts <= now and (v.ends is None or v.ends > now)
    return NoticeRow(v.id, v.title, v.body, v.severity, nb.NOTICE_LEVELS[v.severity], period, v.public, active, groups, _input(v.starts), _input(v.ends))


def history(db: Session, clock: Clock, who: Caller) -> list[NoticeRow]:
    found = nt.history(db, who.person.id)
    ids = sorted({g for _, gs in found for g in gs})
    names = dict(db.exec(select(Organisation.id, Organisation.name).where(col(Organisation.id).in_(ids))).all()) if ids else {}
    return [_row(v, [Choice(g, names.get(g, "")) for g in gs], clock.now()) for v, gs in found]


def parse_time(text: str, *, required: bool) -> datetime | None:
    """A datetime-local value (Oslo time) from the form."""
    if not text.strip():
        if required:
            raise NoticeInvalid("period")
        return None
    try:
        return datetime.fromisoformat(text.strip()).replace(tzinfo=OSLO)
    except ValueError:
        raise NoticeInvalid("period") from None


def save(db: Session, clock: Clock, who: Caller, *, notice_id: str, form: NoticeForm) -> Outcome[list[NoticeRow]]:
    if notice_id:
        nt.edit(db, clock, actor_id=who.person.id, notice_id=notice_id, form=form)
    else:
        nt.create(db, clock, actor_id=who.person.id, form=form)
    db.flush()
    return Outcome(history(db, clock, who), notify=Notify.of(bulletins=True))


def end(db: Session, clock: Clock, who: Caller, *, notice_id: str) -> Outcome[list[NoticeRow]]:
    nt.end(db, clock, actor_id=who.person.id, notice_id=notice_id)
    db.flush()
    return Outcome(history(db, clock, who), notify=Notify.of(bulletins=True))
