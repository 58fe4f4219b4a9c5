"""Bekreft e-postadressen din (guide step 4): enter the code, ask for a new one, see the countdown."""

from __future__ import annotations

import asyncio
import math

import reflex as rx
from sqlmodel import Session

from .. import services
from ..core.errors import NotLoggedIn, PortalError
from ..domain import email_verification as ev
from ..domain import profile
from ..domain.sessions import Caller
from ..texts import nb
from ..usecases import verification
from .address_form import AddressForm
from .common import Reply, for_caller, login_redirect, user_message
from .effects import carry_out
from .guard import personal

EXPIRY_CHECK_S = 5  # how often the expiry watch looks at the (movable) clock


@personal
class EmailVerificationState(rx.State):
    loaded: bool = False
    email_id: str = ""
    address: str = ""
    valid_until: str = ""
    expired: bool = False  # the code on screen has run out: said at once, not only when it is tried
    resend_wait: int = 0
    error: str = ""
    info: str = ""
    busy: bool = False
    _ticking: bool = False
    _resend_at: float = 0.0  # by the portal's clock, which tests can move
    _expires_at: float = 0.0
    _code: int = 0  # which code the expiry watch is for: a new code starts a new watch

    def _timers(self, *, valid_seconds: int | None, resend_wait: int) -> Reply:
        """Start the resend countdown and (for a fresh code, `valid_seconds`) the expiry watch, by the portal's clock."""
        now = services.clock().now().timestamp()
        self._resend_at, self.resend_wait = now + resend_wait, resend_wait
        if not valid_seconds:
            return EmailVerificationState.countdown
        self._expires_at, self._code = now + valid_seconds, self._code + 1
        return [EmailVerificationState.countdown, EmailVerificationState.watch_expiry]

    @rx.event
    async def load_confirm(self) -> Reply:
        wanted, clock = self.router.url.query_parameters.get("e", ""), services.clock()
        self.error, self.info, self.busy = "", "", False
        try:
            found = await for_caller(self, lambda db, who: verification.awaiting(db, clock, who, wanted=wanted))
        except NotLoggedIn:
            return login_redirect(self)
        if found is None:
            self.email_id, self.loaded = "", True
            return None
        self.email_id, self.address, self.valid_until, self.expired, self.loaded = found.email_id, found.address, found.valid_until, found.expired, True
        return self._timers(valid_seconds=found.valid_seconds, resend_wait=found.resend_wait)

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
                self.resend_wait = 0 if left else max(0, math.ceil(self._resend_at - services.clock().now().timestamp()))
                if self.resend_wait == 0:
                    self._ticking = False
                    return

    @rx.event(background=True)
    async def watch_expiry(self) -> None:
        """When the code runs out, «valid until» goes and the page says it has expired (one lock at the end)."""
        async with self:
            code, until = self._code, self._expires_at
        while (left := until - services.clock().now().timestamp()) > 0:
            await asyncio.sleep(min(left, EXPIRY_CHECK_S))
        async with self:
            if self._code == code and self.email_id:
                self.valid_until, self.expired = "", True

    @rx.event
    async def confirm(self, form_data: dict) -> Reply:
        code, email_id, clock, secret = str(form_data.get("code", ""))[:64], self.email_id, services.clock(), services.settings().secret_key
        self.error, self.info = "", ""
        try:
            outcome = await for_caller(self, lambda db, who: verification.confirm(db, clock, who, secret_key=secret, email_id=email_id, code=code))
        except PortalError as exc:
            # «Trykk «Send ny kode»» only once the button can be pressed
            self.error = nb.ERRORS_WHILE_RESEND_WAITS.get(exc.code, "") if self.resend_wait else ""
            self.error = self.error or user_message(exc)
            self.expired = self.expired or isinstance(exc, ev.CodeExpired)
            return None
        await carry_out(outcome)
        self.resend_wait, self._code = 0, self._code + 1  # ends the countdown and the expiry watch
        return rx.redirect(outcome.value)

    @rx.event(background=True)
    async def resend(self) -> Reply:
        async with self:
            if self.busy or not self.email_id:
                return None
            self.busy, self.error, self.info = True, "", ""
            email_id, clock, secret, mailer, base_url = self.email_id, services.clock(), services.settings().secret_key, services.mailer(), services.settings().base_url
        try:
            until = await for_caller(self, lambda db, who: verification.send_code(db, clock, who, secret_key=secret, mailer=mailer, email_id=email_id, base_url=base_url))
        except PortalError as exc:
            async with self:
                self.busy, self.error = False, user_message(exc)
                return self._timers(valid_seconds=None, resend_wait=exc.seconds) if isinstance(exc, ev.ResendTooSoon) else None
        async with self:
            self.busy, self.info, self.valid_until, self.expired = False, nb.CONFIRM_SENT, until, False
            return self._timers(valid_seconds=int(ev.CODE_TTL.total_seconds()), resend_wait=int(ev.RESEND_COOLDOWN.total_seconds()))


@personal
class AddressCorrectionState(AddressForm, rx.State):
    """«Skrev du feil adresse?»: the address on the code page, corrected; the corrected one gets the code."""

    @rx.event(background=True)
    async def correct(self, form_data: dict) -> Reply:
        address, clock = str(form_data.get("email", ""))[:500], services.clock()
        async with self:
            email_id = (await self.get_state(EmailVerificationState)).email_id  # the address on screen, as the server has it

        def save(db: Session, who: Caller, acknowledged: bool) -> str:
            return profile.replace_pending(db, clock, person_id=who.person.id, email_id=email_id, raw_address=address, webmail_acknowledged=acknowledged).id

        return await self._save_and_send(address, save)
