"""One member group as its members see it: what it is, how they belong, what it gives."""

from __future__ import annotations

import reflex as rx

from .. import services
from ..core.errors import NotLoggedIn, PortalError
from ..domain import membership as ms
from ..domain.authorization import is_group_admin, is_operator, require_group
from ..texts import nb
from .common import caller, login_redirect, user_message
from .guard import personal
from ..usecases.presentation import how_text


@personal
class GroupPageState(rx.State):
    loaded: bool = False
    member: bool = False
    can_administer: bool = False
    group_id: str = ""
    name: str = ""
    org_number: str = ""
    kind: str = ""
    how: str = ""
    error: str = ""

    @rx.event
    def load_group(self):  # noqa: ANN201
        wanted = self.router.url.query_parameters.get("g", "")[:32]
        self.error, self.member, self.can_administer, self.name = "", False, False, ""
        try:
            with services.db_session() as db:
                person_id = caller(self, db).person.id
                org = require_group(db, wanted)
                self.group_id, self.name, self.org_number = org.id, org.name, org.org_number or ""
                self.kind = nb.KIND_NAMES.get(org.kind, org.kind)
                mine = next((m for m in ms.memberships_of(db, person_id) if m.organisation_id == org.id), None)
                self.member = mine is not None
                self.how = how_text(mine.auto_addresses, mine.by_request) if mine else ""
                self.can_administer = is_group_admin(db, person_id, org.id) or is_operator(db, person_id)
        except NotLoggedIn:
            return login_redirect(self)
        except PortalError as exc:
            self.error = user_message(exc)
        self.loaded = True
        return None
