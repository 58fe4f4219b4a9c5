"""CERT-drift › Driftsmeldinger (/drift/driftsmeldinger): create, edit and end notices; the history.
Operators only; the domain re-checks that on every call."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from .. import services
from ..core.errors import NotLoggedIn, PortalError
from ..domain.notices import NoticeForm
from ..domain.sessions import Caller
from ..texts import nb
from ..usecases import notices
from ..usecases.notices import NoticeRow
from ..usecases.outcome import Outcome
from .common import Reply, for_caller, login_redirect, operator_outcome, user_message
from .effects import carry_out
from .group_chooser import GroupChooser
from .guard import personal

Action = Callable[[Session, Caller], Outcome[list[NoticeRow]]]


@personal
class NoticeDeskState(GroupChooser, rx.State):
    loaded: bool = False
    allowed: bool = False
    notices: list[NoticeRow] = []
    editing: bool = False
    notice_id: str = ""
    form_key: int = 0
    values: dict[str, str] = {"title": "", "body": "", "level": "info", "starts": "", "ends": ""}
    error: str = ""
    info: str = ""

    async def _act(self, action: Action, success: str) -> None:
        outcome = await operator_outcome(self, action)
        if outcome is None:
            return
        self.allowed, self.notices, self.info = True, outcome.value, success
        if success:
            self.editing = False
        await carry_out(outcome)

    @rx.event
    async def load_notices(self) -> Reply:
        self.reset()
        clock = services.clock()
        try:
            self.notices = await for_caller(self, lambda db, who: notices.history(db, clock, who))
        except NotLoggedIn:
            return login_redirect(self)
        except PortalError as exc:
            self.error = user_message(exc)
        self.loaded, self.allowed = True, not self.error
        return None

    @rx.event
    def new_notice(self) -> None:
        now = services.clock().now().astimezone(notices.OSLO).strftime("%Y-%m-%dT%H:%M")
        self.editing, self.notice_id, self.groups, self.error, self.info = True, "", [], "", ""
        self.values = {"title": "", "body": "", "level": "info", "starts": now, "ends": ""}
        self.form_key += 1

    @rx.event
    def edit_notice(self, notice_id: str) -> None:
        row = next((n for n in self.notices if n.id == str(notice_id)), None)
        if row is None:
            return
        self.editing, self.notice_id, self.groups, self.error, self.info = True, row.id, row.groups, "", ""
        self.values = {"title": row.title, "body": row.body, "level": row.level, "starts": row.starts_input, "ends": row.ends_input}
        self.form_key += 1

    @rx.event
    def close_editor(self) -> None:
        self.editing, self.notice_id, self.error = False, "", ""

    @rx.event
    async def save(self, form_data: dict) -> None:
        self.values = {k: str(form_data.get(k, ""))[:3000] for k in ("title", "body", "level", "starts", "ends")}
        v, nid, groups, clock = self.values, self.notice_id, tuple(g.id for g in self.groups), services.clock()

        def run(db: Session, who: Caller) -> Outcome[list[NoticeRow]]:
            starts = notices.parse_time(v["starts"], required=True) or clock.now()
            form = NoticeForm(v["title"], v["body"], v["level"], starts, notices.parse_time(v["ends"], required=False), groups)
            return notices.save(db, clock, who, notice_id=nid, form=form)

        await self._act(run, nb.NOTICE_SAVED)

    @rx.event
    async def end_notice(self, notice_id: str) -> None:
        nid, clock = str(notice_id)[:32], services.clock()
        await self._act(lambda db, who: notices.end(db, clock, who, notice_id=nid), nb.NOTICE_ENDED)
