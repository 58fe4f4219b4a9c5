"""Security alerts (varsler): TLP 2.0 (FIRST) decides who may read, for every handler, feed, e-mail and export.

- TLP:CLEAR: anyone, without logging in;
- TLP:GREEN: every logged-in member of any group;
- TLP:AMBER and AMBER+STRICT: members of the addressed groups (all groups, groups of a kind, chosen groups);
- TLP:RED: the named persons only.
Operators (the CERT, who write the alerts) read every alert. Drafts are the operators' alone. A withdrawn
alert stays readable to those who could read it, marked as withdrawn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar
from urllib.parse import urlsplit

from cvss import CVSS3, CVSS4
from cvss.exceptions import CVSSError
from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from ..core.clock import Clock
from ..core.errors import PortalError
from ..models import Alert, AlertGroup, AlertRead, AlertRecipient, AlertRevision, Membership, Organisation, Person
from ..models.types import clean_id
from . import audit
from .addresses import strip_controls
from .authorization import is_operator, require_operator


class Tlp(StrEnum):
    CLEAR = "CLEAR"
    GREEN = "GREEN"
    AMBER = "AMBER"
    AMBER_STRICT = "AMBER+STRICT"
    RED = "RED"

    @property
    def label(self) -> str:
        return f"TLP:{self.value}"

    @property
    def mail_may_carry_content(self) -> bool:
        """Only CLEAR and GREEN content may travel by e-mail; the rest say «new alert» and link."""
        return self in (Tlp.CLEAR, Tlp.GREEN)


class Severity(StrEnum):
    KRITISK = "kritisk"
    HOY = "hoy"
    MIDDELS = "middels"
    LAV = "lav"


class Audience(StrEnum):
    ALL = "all"  # every member group
    KIND = "kind"  # every group of one kind (kommune, helseforetak, ...)
    GROUPS = "groups"  # chosen groups
    PERSONS = "persons"  # named persons (TLP:RED)


class State(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


CVE_RE = re.compile(r"^CVE-(19|20)\d{2}-\d{4,7}$")
REFERENCE_RE = re.compile(r"^HKC-\d{4}-\d{4}$")
LIMITS = {"title": 200, "summary": 2000, "body": 20000, "products": 4000, "actions": 4000, "change": 1000}
MAX_CVES = 100
MAX_LINKS = 30


class AlertFieldRequired(PortalError):
    code = "AlertFieldRequired"

    def __init__(self, field_name: str) -> None:
        super().__init__(field_name)
        self.field_name = field_name


class AlertTextTooLong(PortalError):
    code = "AlertTextTooLong"

    def __init__(self, field_name: str, max_length: int) -> None:
        super().__init__(field_name)
        self.field_name, self.max_length = field_name, max_length


class CveInvalid(PortalError):
    code = "CveInvalid"

    def __init__(self, value: str) -> None:
        super().__init__("cve")
        self.value = value[:40]


class LinkInvalid(PortalError):
    code = "LinkInvalid"

    def __init__(self, value: str) -> None:
        super().__init__("link")
        self.value = value[:80]


class CvssInvalid(PortalError):
    code = "CvssInvalid"


class TlpInvalid(PortalError):
    code = "TlpInvalid"


class AudienceInvalid(PortalError):
    code = "AudienceInvalid"


class AudienceMissing(PortalError):
    code = "AudienceMissing"


class AlertNotFound(PortalError):
    code = "AlertNotFound"


class AlertNotEditable(PortalError):
    code = "AlertNotEditable"


@dataclass(frozen=True)
class Draft:
    """What an operator writes; validated by `clean_draft` before it reaches a row."""

    title: str
    summary: str = ""
    body: str = ""
    severity: str = Severity.MIDDELS
    cvss_vector: str = ""
    cves: str = ""
    products: str = ""
    actions: str = ""
    links: str = ""
    tlp: str = Tlp.AMBER
    audience: str = Audience.GROUPS
    audience_kind: str = ""
    group_ids: tuple[str, ...] = ()
    person_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Viewer:
    """Who is looking, from the session and the database at the moment of reading. person_id '' is anonymous."""

    person_id: str = ""
    group_ids: frozenset[str] = field(default_factory=frozenset)
    group_kinds: frozenset[str] = field(default_factory=frozenset)
    operator: bool = False


ANONYMOUS = Viewer()


def viewer(db: Session, person_id: str) -> Viewer:
    rows = db.exec(
        select(Organisation.id, Organisation.kind).join(Membership, col(Membership.organisation_id) == col(Organisation.id)).where(Membership.person_id == person_id)
    ).all()
    return Viewer(person_id, frozenset(r[0] for r in rows), frozenset(r[1] for r in rows), is_operator(db, person_id))


def _text(value: str, name: str, *, required: bool = False) -> str:
    text = strip_controls(str(value)).strip() if name in ("title",) else str(value).replace("\r\n", "\n").strip()
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    if required and not text:
        raise AlertFieldRequired(name)
    if len(text) > LIMITS[name]:
        raise AlertTextTooLong(name, LIMITS[name])
    return text


def clean_cves(raw: str) -> str:
    found = [c.upper() for c in re.split(r"[\s,;]+", str(raw)) if c]
    for cve in found:
        if not CVE_RE.match(cve):
            raise CveInvalid(cve)
    unique = list(dict.fromkeys(found))
    if len(unique) > MAX_CVES:
        raise AlertTextTooLong("cves", MAX_CVES)
    return " ".join(unique)


def clean_links(raw: str) -> str:
    links = [line.strip() for line in str(raw).splitlines() if line.strip()]
    for link in links:
        parts = urlsplit(link)
        if parts.scheme != "https" or not parts.hostname or any(ch.isspace() for ch in link) or len(link) > 500:
            raise LinkInvalid(link)
    if len(links) > MAX_LINKS:
        raise AlertTextTooLong("links", MAX_LINKS)
    return "\n".join(dict.fromkeys(links))


def cvss_score(vector: str) -> tuple[str, float | None]:
    """The vector as given and its base score computed from it (3.0, 3.1 or 4.0); ('', None) when empty."""
    vector = str(vector).strip()
    if not vector:
        return "", None
    try:
        if vector.startswith("CVSS:4.0/"):
            return vector, float(CVSS4(vector).base_score)
        if vector.startswith(("CVSS:3.0/", "CVSS:3.1/")):
            return vector, float(CVSS3(vector).scores()[0])
    except (CVSSError, ValueError, KeyError):
        pass
    raise CvssInvalid(vector[:80])


def severity_from_score(score: float | None) -> Severity | None:
    if score is None:
        return None
    return Severity.KRITISK if score >= 9 else Severity.HOY if score >= 7 else Severity.MIDDELS if score >= 4 else Severity.LAV


E = TypeVar("E", bound=StrEnum)


def _choice(kind: type[E], value: object, error: PortalError | type[PortalError]) -> E:
    try:
        return kind(str(value))
    except ValueError:
        raise error() if isinstance(error, type) else error from None


def clean_draft(db: Session, draft: Draft) -> tuple[dict[str, object], list[str], list[str]]:
    """Column values, addressed group ids and named person ids; raises the first problem found.
    A draft may still lack its groups or persons (an imported advisory); publishing requires them."""
    tlp, severity, audience = _choice(Tlp, draft.tlp, TlpInvalid), _choice(Severity, draft.severity, AlertFieldRequired("severity")), _choice(Audience, draft.audience, AudienceInvalid)
    vector, score = cvss_score(draft.cvss_vector)
    groups = sorted({g for g in (clean_id(x) for x in draft.group_ids) if g})
    persons = sorted({p for p in (clean_id(x) for x in draft.person_ids) if p})
    if tlp is Tlp.RED and audience is not Audience.PERSONS:
        raise AudienceInvalid("red needs named persons")
    if audience is Audience.PERSONS and tlp is not Tlp.RED:
        raise AudienceInvalid("named persons only with red")
    if audience is Audience.KIND and not db.exec(select(Organisation.id).where(Organisation.kind == draft.audience_kind)).first():
        raise AudienceInvalid("kind")
    if groups and len(db.exec(select(Organisation.id).where(col(Organisation.id).in_(groups))).all()) != len(groups):
        raise AudienceInvalid("unknown group")
    if persons and len(db.exec(select(Person.id).where(col(Person.id).in_(persons))).all()) != len(persons):
        raise AudienceInvalid("unknown person")
    values: dict[str, object] = {
        "title": _text(draft.title, "title", required=True),
        "summary": _text(draft.summary, "summary", required=True),
        "body": _text(draft.body, "body"),
        "products": _text(draft.products, "products"),
        "actions": _text(draft.actions, "actions"),
        "severity": severity.value,
        "cvss_vector": vector,
        "cvss_score": score,
        "cves": clean_cves(draft.cves),
        "links": clean_links(draft.links),
        "tlp": tlp.value,
        "audience": audience.value,
        "audience_kind": draft.audience_kind if audience is Audience.KIND else "",
    }
    return values, groups if audience is Audience.GROUPS else [], persons if audience is Audience.PERSONS else []


def next_reference(db: Session, clock: Clock) -> str:
    year = clock.now().year
    prefix = f"HKC-{year}-"
    last = db.exec(select(Alert.reference).where(col(Alert.reference).startswith(prefix)).order_by(col(Alert.reference).desc())).first()
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _set_audience(db: Session, alert_id: str, groups: Iterable[str], persons: Iterable[str]) -> None:
    for row in db.exec(select(AlertGroup).where(AlertGroup.alert_id == alert_id)).all():
        db.delete(row)
    for prow in db.exec(select(AlertRecipient).where(AlertRecipient.alert_id == alert_id)).all():
        db.delete(prow)
    db.flush()
    db.add_all([AlertGroup(alert_id=alert_id, organisation_id=g) for g in groups])
    db.add_all([AlertRecipient(alert_id=alert_id, person_id=p) for p in persons])


def create_draft(db: Session, clock: Clock, *, actor_id: str, draft: Draft) -> Alert:
    require_operator(db, actor_id)
    values, groups, persons = clean_draft(db, draft)
    alert = Alert(reference=next_reference(db, clock), created_by=actor_id, created_at=clock.now(), **values)  # type: ignore[arg-type]
    db.add(alert)
    db.flush()
    _set_audience(db, alert.id, groups, persons)
    audit.record(db, clock, action="alert.drafted", actor_id=actor_id, subject_id=alert.id, detail=alert.reference)
    return alert


def must_alert(db: Session, alert_id: str) -> Alert:
    alert = db.get(Alert, clean_id(alert_id))
    if alert is None:
        raise AlertNotFound()
    return alert


def edit(db: Session, clock: Clock, *, actor_id: str, alert_id: str, draft: Draft, change: str = "") -> Alert:
    """A draft is edited freely; a published alert gets a new revision that says what changed."""
    require_operator(db, actor_id)
    alert = must_alert(db, alert_id)
    if alert.state == State.WITHDRAWN:
        raise AlertNotEditable()
    values, groups, persons = clean_draft(db, draft)
    note = _text(change, "change", required=alert.state == State.PUBLISHED)
    for key, value in values.items():
        setattr(alert, key, value)
    _set_audience(db, alert.id, groups, persons)
    if alert.state == State.PUBLISHED:
        _require_audience(db, alert)
        alert.revision += 1
        alert.updated_at = clock.now()
        db.add(AlertRevision(alert_id=alert.id, number=alert.revision, at=clock.now(), by=actor_id, change=note))
        audit.record(db, clock, action="alert.updated", actor_id=actor_id, subject_id=alert.id, detail=alert.reference)
    db.add(alert)
    return alert


def _require_audience(db: Session, alert: Alert) -> None:
    db.flush()
    if (alert.audience == Audience.GROUPS and not addressed_groups(db, alert)) or (alert.audience == Audience.PERSONS and not named_persons(db, alert.id)):
        raise AudienceMissing()


def publish(db: Session, clock: Clock, *, actor_id: str, alert_id: str) -> Alert:
    require_operator(db, actor_id)
    alert = must_alert(db, alert_id)
    if alert.state != State.DRAFT:
        raise AlertNotEditable()
    _require_audience(db, alert)
    alert.state, alert.revision, alert.published_at = State.PUBLISHED.value, 1, clock.now()
    db.add(alert)
    db.add(AlertRevision(alert_id=alert.id, number=1, at=clock.now(), by=actor_id, change=""))
    audit.record(db, clock, action="alert.published", actor_id=actor_id, subject_id=alert.id, detail=alert.reference)
    return alert


def withdraw(db: Session, clock: Clock, *, actor_id: str, alert_id: str, change: str) -> Alert:
    require_operator(db, actor_id)
    alert = must_alert(db, alert_id)
    if alert.state != State.PUBLISHED:
        raise AlertNotEditable()
    note = _text(change, "change", required=True)
    alert.state, alert.withdrawn_at, alert.revision = State.WITHDRAWN.value, clock.now(), alert.revision + 1
    db.add(alert)
    db.add(AlertRevision(alert_id=alert.id, number=alert.revision, at=clock.now(), by=actor_id, change=note))
    audit.record(db, clock, action="alert.withdrawn", actor_id=actor_id, subject_id=alert.id, detail=alert.reference)
    return alert


def addressed_groups(db: Session, alert: Alert) -> list[str]:
    """The groups an alert addresses (its acknowledgement table); none for CLEAR/GREEN to all, or RED."""
    if alert.audience == Audience.GROUPS:
        return list(db.exec(select(AlertGroup.organisation_id).where(AlertGroup.alert_id == alert.id)).all())
    query = select(Organisation.id)
    if alert.audience == Audience.KIND:
        return list(db.exec(query.where(Organisation.kind == alert.audience_kind)).all())
    if alert.audience == Audience.ALL:
        return list(db.exec(query).all())
    return []


def addressed_to(db: Session, alerts: list[Alert], group_id: str) -> list[Alert]:
    """Those of `alerts` addressed to one group (all groups, its kind, or chosen), in two queries for any number."""
    kind = db.exec(select(Organisation.kind).where(Organisation.id == group_id)).first()
    facts = addressed_facts(db, [a.id for a in alerts if a.audience == Audience.GROUPS])
    return [
        a for a in alerts
        if a.audience == Audience.ALL or (a.audience == Audience.KIND and a.audience_kind == kind) or (a.audience == Audience.GROUPS and group_id in facts[a.id].groups)
    ]


def addressed_counts(db: Session, alerts: list[Alert]) -> dict[str, int]:
    """How many groups each alert addresses, in three queries for any number of alerts (the operators' list)."""
    total = len(db.exec(select(Organisation.id)).all())
    kinds = dict(db.exec(select(Organisation.kind, func.count()).group_by(Organisation.kind)).all())
    facts = addressed_facts(db, [a.id for a in alerts if a.audience == Audience.GROUPS])
    counts = {Audience.ALL: lambda a: total, Audience.KIND: lambda a: kinds.get(a.audience_kind, 0), Audience.GROUPS: lambda a: len(facts[a.id].groups)}
    return {a.id: counts.get(Audience(a.audience), lambda a: 0)(a) for a in alerts}


def named_persons(db: Session, alert_id: str) -> list[str]:
    return list(db.exec(select(AlertRecipient.person_id).where(AlertRecipient.alert_id == alert_id)).all())


@dataclass(frozen=True)
class Addressed:
    """An alert's chosen groups and named persons, fetched once for many alerts (see `addressed_facts`)."""

    groups: frozenset[str] = frozenset()
    persons: frozenset[str] = frozenset()


def addressed_facts(db: Session, alert_ids: list[str]) -> dict[str, Addressed]:
    groups: dict[str, set[str]] = {}
    persons: dict[str, set[str]] = {}
    if alert_ids:
        for a, g in db.exec(select(AlertGroup.alert_id, AlertGroup.organisation_id).where(col(AlertGroup.alert_id).in_(alert_ids))).all():
            groups.setdefault(a, set()).add(g)
        for a, p in db.exec(select(AlertRecipient.alert_id, AlertRecipient.person_id).where(col(AlertRecipient.alert_id).in_(alert_ids))).all():
            persons.setdefault(a, set()).add(p)
    return {a: Addressed(frozenset(groups.get(a, ())), frozenset(persons.get(a, ()))) for a in alert_ids}


def may_read(db: Session, alert: Alert, who: Viewer, facts: Addressed | None = None) -> bool:
    """The one TLP rule, asked whenever an alert is shown, sent, mailed or exported."""
    if who.operator:
        return True
    if alert.state == State.DRAFT:
        return False
    tlp = Tlp(alert.tlp)
    if tlp is Tlp.CLEAR:
        return True
    if not who.person_id:
        return False
    facts = facts or addressed_facts(db, [alert.id])[alert.id]
    if tlp is Tlp.RED:
        return who.person_id in facts.persons
    if not who.group_ids:
        return False
    if tlp is Tlp.GREEN or alert.audience == Audience.ALL:
        return True
    if alert.audience == Audience.KIND:
        return alert.audience_kind in who.group_kinds
    return bool(facts.groups & who.group_ids)


def readable(db: Session, who: Viewer, *, limit: int = 500) -> list[Alert]:
    """Published and withdrawn alerts this viewer may read, newest first (filtered in SQL, then by the rule)."""
    query = select(Alert).where(col(Alert.state).in_([State.PUBLISHED.value, State.WITHDRAWN.value])).order_by(col(Alert.published_at).desc())
    if not who.operator:
        query = query.where(_readable_clause(who))
    found = list(db.exec(query.limit(limit)).all())
    facts = addressed_facts(db, [a.id for a in found])  # the rule again, on every row, without a query per row
    return [a for a in found if may_read(db, a, who, facts[a.id])]


@dataclass(frozen=True)
class Board:
    """The newest published and withdrawn alerts with their audience facts, read once for many viewers
    (a live delivery round); each viewer's share is then the same rule, without a query."""

    alerts: list[Alert]
    facts: dict[str, Addressed]

    def readable(self, db: Session, who: Viewer) -> list[Alert]:
        return [a for a in self.alerts if may_read(db, a, who, self.facts[a.id])]


def board(db: Session, *, limit: int = 1000) -> Board:
    found = list(db.exec(select(Alert).where(col(Alert.state).in_([State.PUBLISHED.value, State.WITHDRAWN.value])).order_by(col(Alert.published_at).desc()).limit(limit)).all())
    return Board(found, addressed_facts(db, [a.id for a in found]))


def _readable_clause(who: Viewer):  # noqa: ANN202  (a SQLAlchemy boolean expression)
    from sqlalchemy import and_, or_

    clauses = [col(Alert.tlp) == Tlp.CLEAR.value]
    if who.person_id:
        clauses.append(and_(col(Alert.tlp) == Tlp.RED.value, col(Alert.id).in_(select(AlertRecipient.alert_id).where(AlertRecipient.person_id == who.person_id))))
    if who.person_id and who.group_ids:
        amber = [Tlp.AMBER.value, Tlp.AMBER_STRICT.value]
        clauses += [
            col(Alert.tlp) == Tlp.GREEN.value,
            and_(col(Alert.tlp).in_(amber), col(Alert.audience) == Audience.ALL.value),
            and_(col(Alert.tlp).in_(amber), col(Alert.audience) == Audience.KIND.value, col(Alert.audience_kind).in_(sorted(who.group_kinds))),
            and_(
                col(Alert.tlp).in_(amber),
                col(Alert.id).in_(select(AlertGroup.alert_id).where(col(AlertGroup.organisation_id).in_(sorted(who.group_ids)))),
            ),
        ]
    return or_(*clauses)


def readers(db: Session, alert: Alert) -> list[str]:
    """Every person who may read the alert now (the mail audience), by the same rule as may_read."""
    return list(db.exec(readers_query(db, alert)).all())


def readers_query(db: Session, alert: Alert) -> SelectOfScalar[str]:
    """`readers` as a query, for the outbox to select from in the database (20,000 members are no list)."""
    tlp = Tlp(alert.tlp)
    if tlp is Tlp.RED:
        return select(AlertRecipient.person_id).where(AlertRecipient.alert_id == alert.id)
    if tlp is Tlp.CLEAR:  # public: every registered person
        return select(Person.id).where(col(Person.registered_at).is_not(None))
    members = select(Membership.person_id).distinct()
    if tlp in (Tlp.AMBER, Tlp.AMBER_STRICT) and alert.audience == Audience.KIND:
        return members.join(Organisation, col(Organisation.id) == col(Membership.organisation_id)).where(Organisation.kind == alert.audience_kind)
    if tlp in (Tlp.AMBER, Tlp.AMBER_STRICT) and alert.audience == Audience.GROUPS:
        return members.where(col(Membership.organisation_id).in_(select(AlertGroup.organisation_id).where(AlertGroup.alert_id == alert.id)))
    return members


def wanting_mail(db: Session, alert: Alert) -> SelectOfScalar[str]:
    """The readers who want this alert by e-mail (their choice in «Min profil»: all, critical only, none)."""
    allowed = ("all", "critical") if alert.severity == Severity.KRITISK else ("all",)
    return select(Person.id).where(col(Person.id).in_(readers_query(db, alert)), col(Person.alert_mail).in_(allowed))


def mark_read(db: Session, clock: Clock, alert: Alert, person_id: str) -> None:
    row = db.exec(select(AlertRead).where(AlertRead.alert_id == alert.id, AlertRead.person_id == person_id)).first()
    if row is None:
        db.add(AlertRead(alert_id=alert.id, person_id=person_id, revision=alert.revision, at=clock.now()))
    elif row.revision != alert.revision:
        row.revision, row.at = alert.revision, clock.now()
        db.add(row)
    if alert.tlp == Tlp.RED:
        audit.record(db, clock, action="alert.opened", actor_id=person_id, subject_id=alert.id, detail=alert.reference)


def read_revisions(db: Session, person_id: str, alert_ids: list[str]) -> dict[str, int]:
    if not person_id or not alert_ids:
        return {}
    rows = db.exec(select(AlertRead.alert_id, AlertRead.revision).where(AlertRead.person_id == person_id, col(AlertRead.alert_id).in_(alert_ids))).all()
    return {a: r for a, r in rows}


def revisions(db: Session, alert_id: str) -> list[AlertRevision]:
    return list(db.exec(select(AlertRevision).where(AlertRevision.alert_id == alert_id).order_by(col(AlertRevision.number).desc())).all())


def all_for_desk(db: Session, actor_id: str, *, limit: int = 200) -> list[Alert]:
    require_operator(db, actor_id)
    return list(db.exec(select(Alert).order_by(col(Alert.created_at).desc()).limit(limit)).all())
