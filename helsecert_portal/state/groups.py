"""Medlemsgrupper: the person's confirmed addresses (membership arrives with the membership feature)."""

from __future__ import annotations

import reflex as rx
from sqlmodel import select

from .. import services
from ..core.errors import NotLoggedIn
from ..models import EmailAddress
from ..texts import nb
from .common import caller, login_redirect


class GroupsState(rx.State):
    loaded: bool = False
    just_confirmed: str = ""
    verified: list[str] = []

    @rx.event
    def load_groups(self):  # noqa: ANN201
        confirmed_id = self.router.url.query_parameters.get("bekreftet", "")
        try:
            with services.db_session() as db:
                person_id = caller(self, db).person.id
                rows = db.exec(select(EmailAddress).where(EmailAddress.person_id == person_id, EmailAddress.verified_at.is_not(None))).all()
        except NotLoggedIn:
            return login_redirect(self)
        self.verified = [r.address for r in rows]
        match = next((r.address for r in rows if r.id == confirmed_id), "")
        self.just_confirmed = nb.CONFIRMED_TEXT.format(address=match) if match else ""
        self.loaded = True
        return None
