"""Varsler (/varsler, /varsel, the group page's list): the alerts a viewer may read, one alert with its
revisions, and the group's acknowledgement. Every function asks domain.alerts.may_read for every alert."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlmodel import Session, col, select

from ..core.clock import Clock
from ..core.errors import PortalError
from ..core.markdown import to_html
from ..domain import alerts as al
from ..domain import audit
from ..domain.alerts import Alert, Tlp, Viewer
from ..domain.membership import is_member
from ..domain.sessions import Caller
from ..models import AlertAck, Organisation
from ..models.types import clean_id
from ..texts import nb
from .feeds import Notify
from .outcome import Outcome
from .presentation import OSLO, local_time

ACK_STATUSES = ("mottatt", "vurderes", "ikke_berort", "tiltak_gjort")
NOTE_MAX = 1000


class AckInvalid(PortalError):
    code = "AckInvalid"


@dataclass(frozen=True)
class Filters:
    unread: bool = False
    severity: str = ""
    cve: str = ""
    text: str = ""
    since: str = ""  # yyyy-mm-dd from a date input


@dataclass(frozen=True)
class AlertRow:
    id: str
    reference: str
    title: str
    summary: str
    tlp: str  # the code: CLEAR, AMBER+STRICT, ...
    tlp_label: str  # TLP:AMBER+STRICT
    tlp_class: str  # the CSS class with TLP 2.0's colours
    severity: str
    severity_text: str
    cves: str
    published: str
    updated: str  # «Oppdatert …» when revised, else ""
    withdrawn: bool
    unread: bool


EMPTY_ROW = AlertRow("", "", "", "", "CLEAR", "", "", "lav", "", "", "", "", False, False)


@dataclass(frozen=True)
class RevisionRow:
    number: int
    at: str
    change: str


@dataclass(frozen=True)
class AckChoice:
    """A group of the viewer's that the alert addresses, and its current status."""

    group_id: str
    group: str
    status: str
    status_text: str
    note: str
    by_at: str


@dataclass(frozen=True)
class AlertDetail:
    row: AlertRow
    body_html: str
    cvss: str
    products: list[str]
    actions: list[str]
    links: list[str]
    strict: bool
    revisions: list[RevisionRow]
    acks: list[AckChoice]


def tlp_class(tlp: str) -> str:
    return "tlp-" + tlp.lower().replace("+", "-")


def row_of(alert: Alert, read_revision: int | None, *, reader: bool = True) -> AlertRow:
    """reader: a logged-in person, for whom unread is tracked (never for anonymous visitors)."""
    updated = local_time(alert.updated_at) if alert.revision > 1 and alert.updated_at else ""
    return AlertRow(
        id=alert.id,
        reference=alert.reference,
        title=alert.title,
        summary=alert.summary,
        tlp=alert.tlp,
        tlp_label=Tlp(alert.tlp).label,
        tlp_class=tlp_class(alert.tlp),
        severity=alert.severity,
        severity_text=nb.SEVERITY[alert.severity],
        cves=alert.cves,
        published=local_time(alert.published_at),
        updated=updated,
        withdrawn=alert.state == al.State.WITHDRAWN,
        unread=reader and bool(read_revision is None or read_revision < alert.revision) and alert.state == al.State.PUBLISHED,
    )


def viewer_of(db: Session, who: Caller | None) -> Viewer:
    return al.viewer(db, who.person.id) if who is not None else al.ANONYMOUS


def _since(text: str) -> datetime | None:
    try:
        return datetime.combine(date.fromisoformat(text), time(0), tzinfo=OSLO) if text else None
    except ValueError:
        return None


def _matches(alert: Alert, row: AlertRow, f: Filters) -> bool:
    since, needle, cve = _since(f.since), f.text.strip().casefold(), f.cve.strip().upper()
    return (
        (not f.unread or row.unread)
        and (not f.severity or alert.severity == f.severity)
        and (not cve or cve in alert.cves.split())
        and (not needle or needle in f"{alert.reference} {alert.title} {alert.summary} {alert.products}".casefold())
        and (since is None or (alert.published_at is not None and alert.published_at >= since))
    )


def pairs_for(db: Session, who: Viewer, *, group_id: str = "", board: al.Board | None = None) -> list[tuple[Alert, AlertRow]]:
    """The viewer's alerts with their rows, newest first; with group_id only those addressed to that group.
    With a board (a live round's shared read of the alerts) the rule runs on it instead of a query."""
    found = board.readable(db, who) if board is not None else al.readable(db, who)
    if group_id:
        found = al.addressed_to(db, found, group_id)
    reads = al.read_revisions(db, who.person_id, [a.id for a in found])
    return [(a, row_of(a, reads.get(a.id), reader=bool(who.person_id))) for a in found]


def rows_for(db: Session, who: Viewer, f: Filters = Filters(), *, group_id: str = "") -> list[AlertRow]:
    return [r for a, r in pairs_for(db, who, group_id=group_id) if _matches(a, r, f)]


def unread_in(pairs: list[tuple[Alert, AlertRow]]) -> int:
    return sum(1 for _, r in pairs if r.unread)


def unread_count(db: Session, who: Viewer) -> int:
    return unread_in(pairs_for(db, who)) if who.person_id else 0


def matching(pairs: list[tuple[Alert, AlertRow]], f: Filters) -> list[AlertRow]:
    return [r for a, r in pairs if _matches(a, r, f)]


def _acks(db: Session, alert: Alert, who: Viewer) -> list[AckChoice]:
    addressed = set(al.addressed_groups(db, alert)) & set(who.group_ids)
    if not addressed:
        return []
    names = dict(db.exec(select(Organisation.id, Organisation.name).where(col(Organisation.id).in_(sorted(addressed)))).all())
    current = {a.organisation_id: a for a in db.exec(select(AlertAck).where(AlertAck.alert_id == alert.id)).all()}
    out = []
    for g in sorted(addressed, key=lambda g: names.get(g, "")):
        ack = current.get(g)
        status = ack.status if ack else ""
        out.append(AckChoice(g, names.get(g, ""), status, nb.ACK_STATUS.get(status, nb.ACK_NONE), ack.note if ack else "", local_time(ack.at) if ack else ""))
    return out


def detail(db: Session, alert: Alert, who: Viewer, read_revision: int | None) -> AlertDetail:
    return AlertDetail(
        row=row_of(alert, read_revision, reader=bool(who.person_id)),
        body_html=to_html(alert.body),
        cvss=f"{alert.cvss_score:.1f} ({alert.cvss_vector})" if alert.cvss_score is not None else "",
        products=[p for p in alert.products.splitlines() if p.strip()],
        actions=[a for a in alert.actions.splitlines() if a.strip()],
        links=alert.links.splitlines() if alert.links else [],
        strict=alert.tlp == Tlp.AMBER_STRICT,
        revisions=[RevisionRow(r.number, local_time(r.at), r.change) for r in al.revisions(db, alert.id) if r.number > 1],
        acks=_acks(db, alert, who),
    )


def readable_alert(db: Session, who: Viewer, alert_id: str) -> Alert:
    """The alert if this viewer may read it; AlertNotFound otherwise (never «exists, but not for you»)."""
    alert = db.get(Alert, clean_id(alert_id))
    if alert is None or not al.may_read(db, alert, who) or alert.state == al.State.DRAFT:
        raise al.AlertNotFound()
    return alert


def open_alert(db: Session, clock: Clock, who: Caller | None, alert_id: str) -> Outcome[AlertDetail]:
    """One alert; a logged-in reader's opening marks it read (and is audited for TLP:RED). The opening tab
    recounts its unread alerts itself; the person's other tabs recount at their next bulletin or page load."""
    viewer = viewer_of(db, who)
    alert = readable_alert(db, viewer, alert_id)
    if who is None:
        return Outcome(detail(db, alert, viewer, None))
    al.mark_read(db, clock, alert, who.person.id)
    return Outcome(detail(db, alert, viewer, alert.revision))


def acknowledge(db: Session, clock: Clock, who: Caller, *, alert_id: str, group_id: str, status: str, note: str) -> Outcome[AlertDetail]:
    """A member of an addressed group records the group's status for the alert."""
    viewer = viewer_of(db, who)
    alert = readable_alert(db, viewer, alert_id)
    group_id = clean_id(group_id)
    if status not in ACK_STATUSES or len(note) > NOTE_MAX:
        raise AckInvalid()
    if not is_member(db, who.person.id, group_id) or group_id not in al.addressed_groups(db, alert):
        raise al.AlertNotFound()
    row = db.exec(select(AlertAck).where(AlertAck.alert_id == alert.id, AlertAck.organisation_id == group_id)).first()
    if row is not None and (row.status, row.note) == (status, note.strip()):  # nothing changed: no audit row, no live round
        return Outcome(detail(db, alert, viewer, alert.revision))
    row = row or AlertAck(alert_id=alert.id, organisation_id=group_id, status=status, by=who.person.id)
    row.status, row.note, row.by, row.at = status, note.strip(), who.person.id, clock.now()
    db.add(row)
    audit.record(db, clock, action="alert.acknowledged", actor_id=who.person.id, subject_id=alert.id, organisation_id=group_id, detail=status)
    db.flush()
    return Outcome(detail(db, alert, viewer, alert.revision), notify=Notify.of(bulletins=True))


@dataclass(frozen=True)
class FeedEntry:
    id: str
    reference: str
    title: str
    summary: str
    cves: list[str]
    published: str  # RFC 3339
    updated: str
    withdrawn: bool


def public_entries(db: Session, who: Viewer, *, limit: int = 50) -> list[FeedEntry]:
    """The newest alerts an anonymous viewer may read (TLP:CLEAR), for the Atom feed."""
    found = [a for a in al.readable(db, who, limit=limit) if a.published_at is not None]
    return [
        FeedEntry(a.id, a.reference, a.title, a.summary, a.cves.split(), a.published_at.isoformat(), (a.withdrawn_at or a.updated_at or a.published_at).isoformat(), a.state == al.State.WITHDRAWN)
        for a in found
        if a.published_at is not None
    ]
