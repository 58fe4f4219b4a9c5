"""/hjelp: support contact, FAQ and resources (guide step 6)."""

import reflex as rx

from ..components.layout import page, support_contact
from ..texts import nb


def _faq(question: str, answer: str) -> rx.Component:
    return rx.el.details(rx.el.summary(question), rx.el.p(answer), class_name="faq")


def help_page() -> rx.Component:
    return page(
        rx.heading(nb.HELP_HEADING, as_="h1", size="8"),
        rx.el.p(nb.HELP_LEAD, class_name="lead"),
        rx.el.section(
            rx.heading(nb.HELP_CONTACT_HEADING, as_="h2", size="5"),
            support_contact(),
            rx.el.p(nb.HELP_CRITICAL, class_name="note"),
            class_name="panel",
        ),
        rx.el.section(
            rx.heading(nb.HELP_FAQ_HEADING, as_="h2", size="5"),
            *[_faq(q, a) for q, a in nb.FAQ],
        ),
        rx.el.section(
            rx.heading(nb.HELP_RESOURCES_HEADING, as_="h2", size="5"),
            rx.el.ul(
                rx.el.li(rx.link(nb.HELP_NBP_LINK, href=nb.HELP_NBP_URL, is_external=True)),
                rx.el.li(rx.link(nb.HELP_GUIDE_LINK, href="/veileder")),
                rx.el.li(nb.HELP_NOTICES),
            ),
        ),
    )
