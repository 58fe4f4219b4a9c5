"""Forside: shortcuts to the services and the operational notices (guide step 1)."""

import reflex as rx

from ..components.layout import button_link, page
from ..state.bulletins import BulletinState
from ..texts import nb


def _shortcut(title: str, text: str, href: str) -> rx.Component:
    return rx.el.li(
        rx.link(rx.el.h3(title, class_name="card-title"), rx.el.p(text), href=href, class_name="card"),
    )


def _notice(notice: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.h3(notice.title),
        rx.el.p(rx.el.strong(notice.level_text), " · ", notice.period, class_name="field-hint"),
        rx.el.p(notice.body, class_name="pre-line"),
        class_name="notice notice-" + notice.level.to(str),
    )


def home() -> rx.Component:
    return page(
        rx.heading(nb.HOME_HEADING, as_="h1", size="8"),
        rx.el.p(nb.HOME_LEAD, class_name="lead"),
        button_link(nb.LOGIN, "/logg-inn"),
        rx.el.section(
            rx.heading(nb.HOME_NOTICES, as_="h2", size="5", id="notices-heading"),
            rx.cond(
                BulletinState.banners.length() > 0,
                rx.el.ul(rx.foreach(BulletinState.banners, _notice), class_name="notice-list", id="notices"),
                rx.el.p(nb.HOME_NO_NOTICES),
            ),
            aria_labelledby="notices-heading",
        ),
        rx.el.section(
            rx.heading(nb.HOME_SHORTCUTS, as_="h2", size="5", id="shortcuts-heading"),
            rx.el.ul(*[_shortcut(*s) for s in nb.SHORTCUTS], class_name="card-grid"),
            aria_labelledby="shortcuts-heading",
        ),
        rx.el.p(rx.link(nb.HOME_GUIDE_LINK, href="/veileder"), class_name="after-cards"),
        banners=False,  # the notices are this page's own section
    )
