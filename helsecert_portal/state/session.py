"""The header's view of the session and the person's own live view: name, roles, badge, memberships, requests."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from .. import services
from ..core import cookies
from ..core.errors import NotLoggedIn
from ..domain.sessions import Caller
from ..usecases import feeds
from ..usecases.presentation import MembershipRow, RequestRow
from .common import for_caller, session_token
from .guard import personal
from .live import PersonFeed, follow, person_token, receives


def _load(db: Session, who: Caller) -> tuple[str, bool, feeds.PersonView]:
    """Every page load's header: the person's view is kept until a table it reads changes (services.view)."""
    view = services.view(db, f"person_view:{who.person.id}", lambda db: feeds.person_view(db, who.person.id))
    return who.person.full_name or who.person.idp_name, who.person.registered_at is not None, view


@personal
@receives(PersonFeed, lambda _db, who, person_id: feeds.may_follow_person(who, person_id))
class SessionState(rx.State):
    logged_in: bool = False
    display_name: str = ""
    registered: bool = False
    logout_href: str = "/auth/logout"
    is_admin: bool = False
    is_operator: bool = False
    admin_badge: int = 0
    memberships: list[MembershipRow] = []
    requests: list[RequestRow] = []
    member_of: list[str] = []  # group ids, so a search hit says «Du er medlem» instead of offering a request
    requested: list[str] = []  # groups with an open request of this person's
    _person_id: str = ""

    def _show(self, view: feeds.PersonView) -> None:
        # lists of their own: the view may be shared with the person's other tabs (services.view)
        self._person_id, self.memberships, self.requests = view.person_id, list(view.memberships), list(view.requests)
        self.member_of, self.requested = [m.id for m in view.memberships], [r.group_id for r in view.requests if r.status == "pending"]
        self.admin_badge, self.is_admin, self.is_operator = view.admin_badge, view.is_admin, view.is_operator

    @rx.event
    async def load_session(self) -> None:
        try:
            self.display_name, self.registered, view = await for_caller(self, _load, reads=True)
        except NotLoggedIn:
            self.reset()
            await follow(self, PersonFeed, None)
            return
        self.logout_href = "/auth/logout?proof=" + cookies.logout_proof(services.settings(), session_token(self))
        self.logged_in = True
        self._show(view)
        await follow(self, PersonFeed, person_token(view.person_id))

    async def _receive(self, person_id: str, view: feeds.PersonView, allowed: bool) -> None:
        """A live delivery: taken only while this tab's session is still that person's."""
        if allowed and self._person_id == person_id:
            self._show(view)
            return
        self.reset()
        await follow(self, PersonFeed, None)
