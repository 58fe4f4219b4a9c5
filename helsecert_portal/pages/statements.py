"""The footer's two statements: Personvernerklæring and Tilgjengelighetserklæring (layout only; the words are in nb)."""

import reflex as rx

from ..components.layout import page, support_contact
from ..texts import nb


def _section(heading: str, text: str, points: tuple[str, ...]) -> rx.Component:
    return rx.el.section(
        rx.heading(heading, as_="h2", size="5"),
        rx.el.p(text) if text else rx.fragment(),
        rx.el.ul(*[rx.el.li(p) for p in points], class_name="bullets") if points else rx.fragment(),
    )


def _statement(heading: str, lead: str, sections: tuple[tuple[str, str, tuple[str, ...]], ...], link: tuple[str, str]) -> rx.Component:
    return page(
        rx.heading(heading, as_="h1", size="8"),
        rx.el.p(lead, class_name="lead"),
        *[_section(*s) for s in sections],
        rx.el.section(rx.heading(nb.STATEMENT_CONTACT_HEADING, as_="h2", size="5"), support_contact(nb.STATEMENT_CONTACT_LEAD)),
        rx.el.p(rx.link(link[0], href=link[1], is_external=True)),
    )


def privacy_page() -> rx.Component:
    return _statement(nb.PRIVACY_HEADING, nb.PRIVACY_LEAD, nb.PRIVACY_SECTIONS, (nb.PRIVACY_DATATILSYNET, nb.PRIVACY_DATATILSYNET_URL))


def accessibility_page() -> rx.Component:
    return _statement(nb.ACCESSIBILITY_HEADING, nb.ACCESSIBILITY_LEAD, nb.ACCESSIBILITY_SECTIONS, (nb.ACCESSIBILITY_AUTHORITY, nb.ACCESSIBILITY_AUTHORITY_URL))
