"""Velg innloggingsmetode (guide step 2), the login-failure page and the logged-out page."""

import reflex as rx

from ..components.layout import document_link, page
from ..state.login import LoginState
from ..texts import nb


def login() -> rx.Component:
    return page(
        rx.heading(nb.LOGIN_HEADING, as_="h1", size="8"),
        rx.el.p(nb.LOGIN_LEAD, class_name="lead"),
        rx.el.section(
            rx.heading(nb.LOGIN_IDPORTEN, as_="h2", size="5"),
            rx.el.p(nb.LOGIN_IDPORTEN_HELP),
            document_link(nb.LOGIN_IDPORTEN, LoginState.start_href, class_name="button-primary", id="idporten-login"),
            class_name="panel",
        ),
        rx.el.section(
            rx.heading(nb.LOGIN_METHODS_HEADING, as_="h2", size="5"),
            rx.el.ul(*[rx.el.li(line) for line in nb.LOGIN_METHODS]),
            rx.el.p(nb.LOGIN_PASSKEY_HELP, class_name="note"),
        ),
    )


def login_failed() -> rx.Component:
    return page(
        rx.heading(nb.LOGIN_ERROR_HEADING, as_="h1", size="8"),
        rx.el.p(LoginState.failure, class_name="error-box", role="alert"),
        rx.box(
            document_link(nb.LOGIN_ERROR_TRY_AGAIN, "/auth/login", class_name="button-primary"),
            rx.link(nb.NAV_HELP, href="/hjelp"),
            class_name="actions",
        ),
    )


def logged_out() -> rx.Component:
    return page(
        rx.heading(nb.LOGGED_OUT_HEADING, as_="h1", size="8"),
        rx.el.p(nb.LOGGED_OUT_TEXT),
        rx.link(nb.LOGIN_AGAIN, href="/logg-inn", class_name="button-primary"),
    )
