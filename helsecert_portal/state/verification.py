"""Bekreft e-postadressen din (guide step 4): enter the code, ask for a new one, see the countdown."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from .. import services
from ..core.errors import NotLoggedIn, PortalError
from ..core.mail import as_html
from ..domain import email_verification as ev
from ..domain.addresses import is_webmail
from ..domain.profile import WebmailNotAcknowledged
from ..texts import nb
from ..usecases import verification
from ..usecases.presentation import OSLO
from .common import Reply, caller, for_caller, login_redirect, session_token, user_message
from .effects import carry_out
from .guard import personal


def send_code(token: str, email_id: str) -> str:
    """Issue a code and mail it in one transaction: if SMTP fails, no code and no cooldown are kept."""
    settings = services.settings()
    with services.db_session() as db:
        person_id = caller(token, db).person.id
        issued = ev.issue_code(db, services.clock(), secret_key=settings.secret_key, person_id=person_id, email_id=email_id)
        until = issued.expires_at.astimezone(OSLO).strftime("%H:%M")
        text = nb.MAIL_TEXT.format(code=issued.code, until=until)
        services.mailer().send(to=issued.address, subject=nb.MAIL_SUBJECT, text=text, html=as_html(text, issued.code))
        return until


async def save_address_and_send_code(
    state: rx.State, address: str, save: Callable[[Session, str, bool], str]
) -> rx.event.EventSpec | None:
    """Registration and «Min profil» alike: save the address, mail its code, then go to the code page.

    `state` has `busy`, `error`, `webmail_warning` and `_acknowledged_address`. A private webmail
    address is saved only when the same address is submitted again after the warning.
    """
    key = address.strip().lower()
    async with state:
        if state.busy:
            return None
        state.busy, state.error = True, ""
        acknowledged = state.webmail_warning and state._acknowledged_address == key
        token = session_token(state)

    def work() -> str:
        with services.db_session() as db:
            return save(db, caller(token, db).person.id, acknowledged)

    try:
        email_id = await asyncio.to_thread(work)
        await asyncio.to_thread(send_code, token, email_id)
    except Exception as exc:
        needs_ack = isinstance(exc, WebmailNotAcknowledged)
        async with state:
            state.busy = False
            if needs_ack or (is_webmail(address) and not acknowledged):
                state.webmail_warning, state._acknowledged_address = True, key
            state.error = "" if needs_ack else user_message(exc)
        return None
    async with state:
        state.busy = False
    return rx.redirect(f"/bekreft-epost?e={email_id}")


@personal
class EmailVerificationState(rx.State):
    loaded: bool = False
    email_id: str = ""
    address: str = ""
    valid_until: str = ""
    resend_wait: int = 0
    error: str = ""
    info: str = ""
    busy: bool = False
    _ticking: bool = False

    @rx.event
    async def load_confirm(self) -> Reply:
        wanted, clock = self.router.url.query_parameters.get("e", ""), services.clock()
        self.error, self.info, self.busy = "", "", False
        try:
            found = await for_caller(self, lambda db, who: verification.awaiting(db, clock, who, wanted=wanted))
        except NotLoggedIn:
            return login_redirect(self)
        self.email_id, self.address, self.valid_until, self.resend_wait = (
            (found.email_id, found.address, found.valid_until, found.resend_wait) if found else ("", "", "", 0)
        )
        self.loaded = True
        return EmailVerificationState.countdown if self.resend_wait else None

    @rx.event(background=True)
    async def countdown(self) -> Reply:
        async with self:
            if self._ticking:
                return
            self._ticking = True
        while True:
            await asyncio.sleep(1)
            async with self:
                # Stop as soon as the countdown is over or the user has left the page: every tick takes the
                # tab's state lock, which (with Redis and several workers) the next page's events then wait for.
                left = self.router.url.path.rstrip("/") != "/bekreft-epost"
                self.resend_wait = 0 if left else max(0, self.resend_wait - 1)
                if self.resend_wait == 0:
                    self._ticking = False
                    return

    @rx.event
    async def confirm(self, form_data: dict) -> Reply:
        code, email_id, clock, secret = str(form_data.get("code", ""))[:64], self.email_id, services.clock(), services.settings().secret_key
        self.error, self.info = "", ""
        try:
            outcome = await for_caller(self, lambda db, who: verification.confirm(db, clock, who, secret_key=secret, email_id=email_id, code=code))
        except PortalError as exc:
            self.error = user_message(exc)
            return None
        await carry_out(outcome)
        self.resend_wait = 0  # ends the countdown task
        return rx.redirect(f"/medlemsgrupper?bekreftet={outcome.value}")

    @rx.event(background=True)
    async def resend(self) -> Reply:
        async with self:
            if self.busy or not self.email_id:
                return None
            self.busy, self.error, self.info = True, "", ""
            email_id, token = self.email_id, session_token(self)
        try:
            until = await asyncio.to_thread(send_code, token, email_id)
        except ev.ResendTooSoon as exc:
            async with self:
                self.busy, self.error, self.resend_wait = False, user_message(exc), exc.seconds
            return EmailVerificationState.countdown
        except Exception as exc:
            async with self:
                self.busy, self.error = False, user_message(exc)
            return None
        async with self:
            self.busy, self.info, self.valid_until = False, nb.CONFIRM_SENT, until
            self.resend_wait = int(ev.RESEND_COOLDOWN.total_seconds())
        return EmailVerificationState.countdown
