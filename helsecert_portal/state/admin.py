"""Administrer medlemsgruppe: live pending requests, decisions, members and the group's audit log.

Handlers are thin: each resolves the caller from the session cookie and runs one use case from
`usecases/administer.py`, which checks that the caller administers the group (or is an operator).
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from .. import services
from ..core.errors import NotLoggedIn, PortalError
from ..domain import membership as ms
from ..domain.authorization import NotAllowed
from ..domain.sessions import Caller
from ..texts import nb
from ..usecases import administer, feeds
from ..usecases.feeds import Notify
from ..usecases.outcome import Outcome
from ..usecases.presentation import AuditLine, Choice, MemberRow, PendingRow
from .common import Reply, for_caller, login_redirect, user_message, why_lost
from .effects import carry_out
from .guard import personal
from .live import GroupFeed, follow, group_token, publish, receives

MAX_SELECTED = 200
Action = Callable[[Session, Caller], Outcome[administer.GroupContents]]


@personal
@receives(GroupFeed, feeds.may_follow_group)
class AdminState(rx.State):
    loaded: bool = False
    allowed: bool = False
    groups: list[Choice] = []
    group_id: str = ""
    group_name: str = ""
    pending: list[PendingRow] = []
    members: list[MemberRow] = []
    audit: list[AuditLine] = []
    selected: list[str] = []
    denying_id: str = ""
    removing_id: str = ""
    error: str = ""
    info: str = ""
    busy: bool = False

    def _show(self, contents: administer.GroupContents) -> None:
        self.pending, self.members, self.audit = contents.pending, contents.members, contents.audit
        shown = {p.id for p in contents.pending}
        self.selected = [r for r in self.selected if r in shown]

    async def _lose_access(self, message: str) -> None:
        """The caller no longer administers this group: drop everything personal and leave its feed."""
        self.reset()
        self.loaded, self.error = True, message
        await follow(self, GroupFeed, None)

    @rx.event
    async def load_admin(self) -> Reply:
        wanted = self.router.url.query_parameters.get("g", "")
        self.reset()
        try:
            board = await for_caller(self, lambda db, who: administer.open_dashboard(db, who, wanted=wanted))
        except NotLoggedIn:
            return login_redirect(self)
        except PortalError as exc:
            board, self.error = None, user_message(exc)
        self.loaded, self.allowed = True, board is not None
        if board is not None:
            self.groups, self.group_id, self.group_name = board.groups, board.group_id, board.group_name
            self._show(board.contents)
        await follow(self, GroupFeed, group_token(self.group_id) if board else None)
        return None

    async def _receive(self, group_id: str, pending: list[PendingRow], allowed: bool) -> None:
        """A live delivery: taken only while this tab's caller still administers the group."""
        if allowed and self.allowed and self.group_id == group_id:
            self.pending = pending
            return
        await self._lose_access(await why_lost(self, nb.ACCESS_LOST_ADMIN))

    @rx.event
    def choose_group(self, form_data: dict) -> Reply:
        return rx.redirect("/administrer?g=" + str(form_data.get("group", ""))[:32])

    @rx.event
    def flip(self, request_id: str) -> None:
        """Select or unselect a request for «Godkjenn valgte»: only requests on the screen, and a bounded number."""
        request_id = str(request_id)[:32]
        rest = [r for r in self.selected if r != request_id]
        if len(rest) < len(self.selected):
            self.selected = rest
        elif len(rest) < MAX_SELECTED and any(p.id == request_id for p in self.pending):
            self.selected = [*rest, request_id]

    @rx.event
    def start_deny(self, request_id: str) -> None:
        self.denying_id, self.error, self.info = str(request_id)[:32], "", ""

    @rx.event
    def cancel(self) -> None:
        self.denying_id = self.removing_id = ""

    @rx.event
    def start_remove(self, person_id: str) -> None:
        self.removing_id, self.error, self.info = str(person_id)[:32], "", ""

    async def _act(self, action: Action, success: Callable[[int], str], count: int = 1) -> None:
        """One admin action through its use case; then mail, notify and show the result."""
        async with self:
            if self.busy:
                return
            self.busy, self.error, self.info = True, "", ""
        try:
            outcome = await for_caller(self, action)
        except PortalError as exc:
            async with self:
                self.busy = False
                if isinstance(exc, NotLoggedIn | NotAllowed):
                    await self._lose_access(await why_lost(self, nb.ACCESS_LOST_ADMIN if self.allowed else user_message(exc)))
                else:
                    self.error = user_message(exc)
            if isinstance(exc, ms.RequestNotPending):  # someone else decided first: show the list as it is now
                publish(Notify.of(groups=[self.group_id]))
            return
        mailed = await carry_out(outcome)
        async with self:
            self.busy, self.denying_id, self.removing_id, self.selected = False, "", "", []
            self.info = success(count) + ("" if mailed else nb.ADMIN_MAIL_FAILED)
            self._show(outcome.value)

    def _decide(self, request_ids: list[str], approve: bool, reason: str = "") -> Action:
        group_id, clock = self.group_id, services.clock()
        return lambda db, who: administer.decide(db, clock, who, group_id=group_id, request_ids=request_ids, approve=approve, reason=reason)

    @rx.event(background=True)
    async def approve(self, request_id: str) -> None:
        await self._act(self._decide([str(request_id)], approve=True), lambda _: nb.ADMIN_APPROVED)

    @rx.event(background=True)
    async def approve_selected(self) -> None:
        chosen = list(self.selected)[:MAX_SELECTED]
        if not chosen:
            async with self:
                self.error = nb.ADMIN_NOTHING_SELECTED
            return
        await self._act(self._decide(chosen, approve=True), lambda n: nb.ADMIN_APPROVED_MANY.format(count=n), count=len(chosen))

    @rx.event(background=True)
    async def deny(self, form_data: dict) -> None:
        reason = str(form_data.get("reason", ""))[:5000]
        await self._act(self._decide([self.denying_id], approve=False, reason=reason), lambda _: nb.ADMIN_DENIED)

    @rx.event(background=True)
    async def remove_member(self, person_id: str) -> None:
        group_id, clock = self.group_id, services.clock()
        await self._act(lambda db, who: administer.remove_member(db, clock, who, group_id=group_id, person_id=str(person_id)), lambda _: nb.ADMIN_MEMBER_REMOVED)

    @rx.event(background=True)
    async def set_admin(self, person_id: str, admin: bool) -> None:
        group_id, clock = self.group_id, services.clock()

        def action(db: Session, who: Caller) -> Outcome[administer.GroupContents]:
            return administer.set_admin(db, clock, who, group_id=group_id, person_id=str(person_id), admin=admin is True)

        await self._act(action, lambda _: nb.ADMIN_ROLE_CHANGED)
