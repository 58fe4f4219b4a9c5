"""Medlemsgrupper (guide step 5): the result right after confirmation."""

import reflex as rx

from ..components.layout import info_box, page
from ..state.groups import GroupsState as S
from ..texts import nb


def groups_page() -> rx.Component:
    return page(
        rx.heading(nb.GROUPS_HEADING, as_="h1", size="8"),
        rx.cond(
            S.loaded,
            rx.fragment(
                info_box(S.just_confirmed),
                rx.el.p(nb.GROUPS_PENDING_FEATURE),
                rx.el.ul(rx.foreach(S.verified, lambda a: rx.el.li(a))),
                rx.link(nb.NAV_PROFILE, href="/min-profil"),
            ),
            rx.el.p(nb.LOADING),
        ),
    )
