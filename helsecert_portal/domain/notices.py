"""Operational notices (driftsmeldinger), written by the CERT's operators: a level, a start and an end, and a
scope (everyone, or chosen groups). Public ones show on the Forside; every active notice for the viewer
shows as a banner on every page. Ended notices are kept; every change is in the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, col, or_, select

from ..core.clock import Clock
from ..core.errors import PortalError
from ..models import NoticeGroup, OperationalNotice, Organisation
from ..models.types import clean_id
from . import audit
from .addresses import strip_controls
from .alerts import Viewer
from .authorization import require_operator

TITLE_MAX, BODY_MAX = 200, 2000


class Level(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


class NoticeInvalid(PortalError):
    """field names what is wrong: title, body, level, period or groups."""

    code = "NoticeInvalid"

    def __init__(self, field_name: str) -> None:
        super().__init__(field_name)
        self.field_name = field_name


class NoticeNotFound(PortalError):
    code = "NoticeNotFound"


@dataclass(frozen=True)
class NoticeView:
    id: str
    title: str
    body: str
    severity: str
    starts: datetime
    ends: datetime | None
    public: bool


@dataclass(frozen=True)
class NoticeForm:
    title: str
    body: str
    level: str
    starts: datetime
    ends: datetime | None
    group_ids: tuple[str, ...] = ()  # empty: everyone


def _view(row: OperationalNotice) -> NoticeView:
    return NoticeView(row.id, row.title, row.body, row.severity, row.published_at, row.expires_at, row.scope == "all")


def _clean(db: Session, form: NoticeForm) -> tuple[dict[str, object], list[str]]:
    title, body = strip_controls(str(form.title)).strip(), str(form.body).replace("\r\n", "\n").strip()
    if not title or len(title) > TITLE_MAX:
        raise NoticeInvalid("title")
    if not body or len(body) > BODY_MAX:
        raise NoticeInvalid("body")
    if form.level not in set(Level):
        raise NoticeInvalid("level")
    if form.ends is not None and form.ends <= form.starts:
        raise NoticeInvalid("period")
    groups = sorted({g for g in (clean_id(x) for x in form.group_ids) if g})
    if len(groups) != len([g for g in form.group_ids if g]) or (groups and len(db.exec(select(Organisation.id).where(col(Organisation.id).in_(groups))).all()) != len(groups)):
        raise NoticeInvalid("groups")
    values: dict[str, object] = {"title": title, "body": body, "severity": form.level, "published_at": form.starts, "expires_at": form.ends, "scope": "groups" if groups else "all"}
    return values, groups


def _set_groups(db: Session, notice_id: str, groups: list[str]) -> None:
    for row in db.exec(select(NoticeGroup).where(NoticeGroup.notice_id == notice_id)).all():
        db.delete(row)
    db.flush()
    db.add_all([NoticeGroup(notice_id=notice_id, organisation_id=g) for g in groups])


def create(db: Session, clock: Clock, *, actor_id: str, form: NoticeForm) -> OperationalNotice:
    require_operator(db, actor_id)
    values, groups = _clean(db, form)
    row = OperationalNotice(created_by=actor_id, updated_at=clock.now(), **values)  # type: ignore[arg-type]
    db.add(row)
    db.flush()
    _set_groups(db, row.id, groups)
    audit.record(db, clock, action="notice.created", actor_id=actor_id, subject_id=row.id, detail=row.title)
    return row


def _must(db: Session, notice_id: str) -> OperationalNotice:
    row = db.get(OperationalNotice, clean_id(notice_id))
    if row is None:
        raise NoticeNotFound()
    return row


def edit(db: Session, clock: Clock, *, actor_id: str, notice_id: str, form: NoticeForm) -> OperationalNotice:
    require_operator(db, actor_id)
    row = _must(db, notice_id)
    values, groups = _clean(db, form)
    for key, value in values.items():
        setattr(row, key, value)
    row.updated_at = clock.now()
    db.add(row)
    _set_groups(db, row.id, groups)
    audit.record(db, clock, action="notice.edited", actor_id=actor_id, subject_id=row.id, detail=row.title)
    return row


def end(db: Session, clock: Clock, *, actor_id: str, notice_id: str) -> OperationalNotice:
    require_operator(db, actor_id)
    row = _must(db, notice_id)
    now = clock.now()
    if row.expires_at is None or row.expires_at > now:
        row.expires_at, row.updated_at = max(now, row.published_at), now
        db.add(row)
        audit.record(db, clock, action="notice.ended", actor_id=actor_id, subject_id=row.id, detail=row.title)
    return row


def active_notices(db: Session, clock: Clock, who: Viewer | None = None) -> list[NoticeView]:
    """Active notices the viewer may see: public ones for everyone, group ones for the groups' members and operators."""
    now = clock.now()
    query = (
        select(OperationalNotice)
        .where(OperationalNotice.published_at <= now)
        .where(or_(col(OperationalNotice.expires_at).is_(None), col(OperationalNotice.expires_at) > now))
        .order_by(col(OperationalNotice.published_at).desc())
        .limit(10)
    )
    if who is None or not who.person_id:
        query = query.where(OperationalNotice.scope == "all")
    elif not who.operator:
        mine = select(NoticeGroup.notice_id).where(col(NoticeGroup.organisation_id).in_(sorted(who.group_ids)))
        query = query.where(or_(OperationalNotice.scope == "all", col(OperationalNotice.id).in_(mine)))
    return [_view(r) for r in db.exec(query).all()]


@dataclass(frozen=True)
class ActiveNotices:
    """Every active notice with its groups, read once for many viewers (a live delivery round)."""

    notices: list[NoticeView]
    groups: dict[str, frozenset[str]]

    def for_viewer(self, who: Viewer) -> list[NoticeView]:
        """The same rule as active_notices, without a query."""
        if not who.person_id:
            return [n for n in self.notices if n.public]
        return [n for n in self.notices if n.public or who.operator or self.groups.get(n.id, frozenset()) & who.group_ids]


def all_active(db: Session, clock: Clock) -> ActiveNotices:
    now = clock.now()
    rows = db.exec(
        select(OperationalNotice)
        .where(OperationalNotice.published_at <= now)
        .where(or_(col(OperationalNotice.expires_at).is_(None), col(OperationalNotice.expires_at) > now))
        .order_by(col(OperationalNotice.published_at).desc())
        .limit(50)
    ).all()
    groups: dict[str, set[str]] = {}
    for notice_id, org_id in db.exec(select(NoticeGroup.notice_id, NoticeGroup.organisation_id).where(col(NoticeGroup.notice_id).in_([r.id for r in rows]))).all():
        groups.setdefault(notice_id, set()).add(org_id)
    return ActiveNotices([_view(r) for r in rows], {k: frozenset(v) for k, v in groups.items()})


def history(db: Session, actor_id: str, *, limit: int = 100) -> list[tuple[NoticeView, list[str]]]:
    """Every notice, newest first, with its group ids (for the operators' page)."""
    require_operator(db, actor_id)
    rows = db.exec(select(OperationalNotice).order_by(col(OperationalNotice.published_at).desc()).limit(limit)).all()
    groups: dict[str, list[str]] = {}
    for notice_id, org_id in db.exec(select(NoticeGroup.notice_id, NoticeGroup.organisation_id).where(col(NoticeGroup.notice_id).in_([r.id for r in rows]))).all():
        groups.setdefault(notice_id, []).append(org_id)
    return [(_view(r), groups.get(r.id, [])) for r in rows]


def turned_since(db: Session, since: datetime, now: datetime) -> bool:
    """Did a notice start or end in (since, now]? Then every tab's banners change without anyone acting."""
    started = select(OperationalNotice.id).where(OperationalNotice.published_at > since, OperationalNotice.published_at <= now)
    ended = select(OperationalNotice.id).where(col(OperationalNotice.expires_at) > since, col(OperationalNotice.expires_at) <= now)
    return db.exec(started.limit(1)).first() is not None or db.exec(ended.limit(1)).first() is not None
