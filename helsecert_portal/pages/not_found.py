"""A 404 that helps: says what happened and where to go."""

import reflex as rx

from ..components.layout import page
from ..texts import nb


def not_found() -> rx.Component:
    return page(
        rx.heading(nb.NOT_FOUND_HEADING, as_="h1", size="8"),
        rx.el.p(nb.NOT_FOUND_TEXT),
        rx.el.ul(
            rx.el.li(rx.link(nb.NOT_FOUND_HOME, href="/")),
            rx.el.li(rx.link(nb.NOT_FOUND_HELP, href="/hjelp")),
        ),
    )
