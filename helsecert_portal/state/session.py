"""The header's view of the session: logged in or not, the name to show, and the person's live feed."""

from __future__ import annotations

import reflex as rx

from .. import services
from ..core.errors import NotLoggedIn
from ..core.security import keyed_digest
from .common import caller, session_token
from .live import link_person


class SessionState(rx.State):
    logged_in: bool = False
    display_name: str = ""
    registered: bool = False
    logout_href: str = "/auth/logout"

    @rx.event
    async def load_session(self) -> None:
        person_id = None
        try:
            with services.db_session() as db:
                who = caller(self, db)
                person_id = who.person.id
                self.logged_in = True
                self.display_name = who.person.full_name or who.person.idp_name
                self.registered = who.person.registered_at is not None
        except NotLoggedIn:
            self.logged_in, self.display_name, self.registered = False, "", False
        token = session_token(self)
        # The logout link carries a keyed proof of the session, so a cross-site link cannot log anyone out.
        proof = keyed_digest(services.settings().secret_key, "logout", token)[:32] if token else ""
        self.logout_href = f"/auth/logout?proof={proof}"
        await link_person(self, person_id)
