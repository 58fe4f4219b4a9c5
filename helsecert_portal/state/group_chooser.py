"""Choosing member groups by search, shared by the alert desk and the notices page (operators only: the
search is the operators' use case). A Reflex mixin, so the contract (its vars) is a class."""

from __future__ import annotations

import reflex as rx

from ..core.errors import PortalError
from ..domain.addresses import strip_controls
from ..domain.group_search import GroupHit
from ..usecases import operations as ops
from ..usecases.presentation import Choice
from .common import for_caller, user_message


class GroupChooser(rx.State, mixin=True):
    groups: list[Choice] = []
    hits: list[GroupHit] = []
    error: str = ""

    @rx.event
    async def search_groups(self, query: str) -> None:
        text = strip_controls(str(query)[:100])
        try:
            self.hits = await for_caller(self, lambda db, who: ops.search(db, who, text))
        except PortalError as exc:
            self.error = user_message(exc)

    @rx.event
    def add_group(self, group_id: str) -> None:
        """Only a group from this caller's own search results."""
        hit = next((h for h in self.hits if h.id == str(group_id)), None)
        if hit is not None and hit.id not in [g.id for g in self.groups]:
            self.groups = [*self.groups, Choice(hit.id, hit.name)]

    @rx.event
    def remove_group(self, group_id: str) -> None:
        self.groups = [g for g in self.groups if g.id != str(group_id)]
