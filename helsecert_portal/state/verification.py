"""Bekreft e-postadressen din (guide step 4): enter the code, ask for a new one, see the countdown."""

from __future__ import annotations

import asyncio

import reflex as rx

from .. import services
from ..core.errors import NotLoggedIn, PortalError
from ..domain import email_verification as ev
from ..texts import nb
from ..usecases import verification
from .common import Reply, for_caller, login_redirect, user_message
from .effects import carry_out
from .guard import personal


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
    async def countdown(self) -> None:
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
        return rx.redirect(outcome.value)

    @rx.event(background=True)
    async def resend(self) -> Reply:
        async with self:
            if self.busy or not self.email_id:
                return None
            self.busy, self.error, self.info = True, "", ""
            email_id, clock, secret, mailer = self.email_id, services.clock(), services.settings().secret_key, services.mailer()
        try:
            until = await for_caller(self, lambda db, who: verification.send_code(db, clock, who, secret_key=secret, mailer=mailer, email_id=email_id))
        except PortalError as exc:
            async with self:
                self.busy, self.error, self.resend_wait = False, user_message(exc), exc.seconds if isinstance(exc, ev.ResendTooSoon) else self.resend_wait
            return EmailVerificationState.countdown if isinstance(exc, ev.ResendTooSoon) else None
        async with self:
            self.busy, self.info, self.valid_until, self.resend_wait = False, nb.CONFIRM_SENT, until, int(ev.RESEND_COOLDOWN.total_seconds())
        return EmailVerificationState.countdown
