"""One member group as its members see it: what it is, how they belong, what it gives."""

from __future__ import annotations

import reflex as rx

from ..core.errors import NotLoggedIn, PortalError
from ..usecases.alerts import AlertRow
from ..usecases.bulletins import BulletinView, Showing
from ..usecases.group_page import open_group
from ..usecases.services import ServiceLink
from .bulletins import showing, shows
from .common import Reply, for_caller, login_redirect, user_message
from .guard import personal


@personal
@shows("group")
class GroupPageState(rx.State):
    loaded: bool = False
    member: bool = False
    can_administer: bool = False
    group_id: str = ""
    name: str = ""
    org_number: str = ""
    kind: str = ""
    how: str = ""
    linked: str = ""
    alerts: list[AlertRow] = []
    services: list[ServiceLink] = []
    error: str = ""

    @rx.event
    async def load_group(self) -> Reply:
        wanted, confirmed = (self.router.url.query_parameters.get(k, "")[:64] for k in ("g", "bekreftet"))
        self.reset()
        try:
            group = await for_caller(self, lambda db, who: open_group(db, who, wanted=wanted, confirmed=confirmed))
        except NotLoggedIn:
            return login_redirect(self)
        except PortalError as exc:
            self.error, self.loaded = user_message(exc), True
            return None
        self.group_id, self.name, self.org_number, self.kind = group.id, group.name, group.org_number, group.kind
        self.member, self.how, self.can_administer, self.alerts, self.linked = group.member, group.how, group.can_administer, group.alerts, group.linked
        self.services = group.services
        self.loaded = True
        if group.member:
            await showing(self, Showing("group", group_id=group.id))
        return None

    async def _take(self, view: BulletinView) -> None:
        self.alerts = view.rows or []
