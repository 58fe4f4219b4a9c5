"""A person is found by a keyed digest of pid; pid itself is never stored, shown in full or logged."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from ..core.clock import Clock
from ..core.errors import PortalError
from ..core.security import keyed_digest
from ..models import Person
from . import audit


class InvalidPid(PortalError):
    code = "InvalidPid"

PID_RE = re.compile(r"^\d{11}$")


def mask_pid(pid: str) -> str:
    return pid[:6] + "*****"


def find_or_create_person(db: Session, clock: Clock, *, secret_key: str, pid: str, idp_name: str) -> tuple[Person, bool]:
    if not PID_RE.match(pid or ""):
        raise InvalidPid()
    digest = keyed_digest(secret_key, "pid", pid)
    person = db.exec(select(Person).where(Person.pid_digest == digest)).first()
    if person is not None:
        if idp_name and person.idp_name != idp_name:
            person.idp_name = idp_name[:200]
            db.add(person)
        return person, False
    person = Person(pid_digest=digest, pid_masked=mask_pid(pid), idp_name=idp_name[:200], created_at=clock.now())
    db.add(person)
    db.flush()
    audit.record(db, clock, action="person.created", actor_id=person.id, subject_id=person.id)
    return person, True
