"""A tab's cached personal data never outlives the connection it was loaded for.

A browser tab keeps its Reflex token (and so its server-side state) across logout, login as
someone else, and lost roles; on every (re)connect Reflex sends that whole cached state back
(`hydrate_and_load`). This middleware resets every substate marked `@personal` before that
snapshot is taken, so a hydrate only ever carries defaults, and the page's on_load handlers
then refill it for the caller the cookie names now, after checking the role.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import reflex as rx
from reflex.middleware import Middleware
from reflex_base import constants

from ..core.logs import new_ref

if TYPE_CHECKING:
    from reflex.app import App
    from reflex.state import BaseState, StateUpdate
    from reflex_base.event import Event

_PERSONAL: list[type[rx.State]] = []
_HYDRATE_EVENTS = (constants.CompileVars.HYDRATE_AND_LOAD, constants.CompileVars.HYDRATE)


def personal(cls: type[rx.State]) -> type[rx.State]:
    """Class decorator: this substate holds personal data, loaded for one caller."""
    _PERSONAL.append(cls)
    return cls


class PersonalDataGuard(Middleware):
    async def preprocess(self, app: App, state: BaseState, event: Event) -> StateUpdate | None:
        new_ref()  # every event's log lines and error messages share one reference
        if event.name.rpartition(".")[2] in _HYDRATE_EVENTS:
            for cls in _PERSONAL:
                (await state.get_state(cls)).reset()
        return None
