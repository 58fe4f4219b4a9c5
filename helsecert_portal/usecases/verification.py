"""Bekreft e-postadressen din (guide step 4): confirm the code, make the address primary if it is the first,
and link it to its organisation by domain, all in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from ..core import metrics
from ..core.clock import Clock
from ..core.mail import MailSender, as_html
from ..domain import email_verification as ev
from ..domain.membership import link_by_domain
from ..domain.profile import mark_primary_if_none
from ..domain.sessions import Caller
from ..models import EmailAddress
from ..texts import nb
from .feeds import Notify
from .groups import start_page
from .outcome import Outcome
from .presentation import OSLO


def confirm(db: Session, clock: Clock, who: Caller, *, secret_key: str, email_id: str, code: str) -> Outcome[str]:
    """Returns the page to go to next, where the result shows at once: the group when it is the person's only one."""
    email = ev.confirm_code(db, clock, secret_key=secret_key, person_id=who.person.id, email_id=email_id, code=code)
    mark_primary_if_none(db, person_id=who.person.id, email=email)
    org = link_by_domain(db, clock, email=email)
    return Outcome(start_page(db, who.person.id, confirmed=email.id), notify=Notify.of(groups=[org.id] if org else [], people=[who.person.id]))


@dataclass(frozen=True)
class Awaiting:
    """The address whose code the page asks for, when the code runs out, and how long until a new one may be sent."""

    email_id: str
    address: str
    valid_until: str  # "" once the code has run out (the page then says so)
    valid_seconds: int
    expired: bool  # a code was sent and has run out
    resend_wait: int


def unconfirmed(db: Session, person_id: str) -> list[EmailAddress]:
    """The person's addresses that await their code, newest first."""
    return list(db.exec(
        select(EmailAddress).where(col(EmailAddress.person_id) == person_id, col(EmailAddress.verified_at).is_(None)).order_by(col(EmailAddress.created_at).desc())
    ).all())


def awaiting(db: Session, clock: Clock, who: Caller, *, wanted: str) -> Awaiting | None:
    """The address named in the link if it is the caller's and unconfirmed, else the newest unconfirmed one."""
    pending = unconfirmed(db, who.person.id)
    email = next((e for e in pending if e.id == wanted), pending[0] if pending else None)
    if email is None:
        return None
    expiry = ev.active_code_expiry(db, email_id=email.id)
    left = int((expiry - clock.now()).total_seconds()) if expiry else 0
    until = expiry.astimezone(OSLO).strftime("%H:%M") if expiry and left > 0 else ""
    return Awaiting(email.id, email.address, until, max(0, left), expiry is not None and left <= 0, ev.seconds_until_resend(db, clock, email_id=email.id))


def send_code(db: Session, clock: Clock, who: Caller, *, secret_key: str, mailer: MailSender, email_id: str, base_url: str) -> str:
    """Issue a code and mail it in the same transaction: if SMTP fails, no code and no cooldown are kept.

    Returns until when the code is valid (Oslo time), for the page.
    """
    issued = ev.issue_code(db, clock, secret_key=secret_key, person_id=who.person.id, email_id=email_id)
    until = issued.expires_at.astimezone(OSLO).strftime("%H:%M")
    text = nb.MAIL_TEXT.format(code=issued.code, until=until, link=f"{base_url}/bekreft-epost?e={email_id}")
    mailer.send(to=issued.address, subject=nb.MAIL_SUBJECT, text=text, html=as_html(text, issued.code))
    metrics.codes.labels("sent").inc()
    return until

