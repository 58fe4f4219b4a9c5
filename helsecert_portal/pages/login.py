"""Velg innloggingsmetode (guide step 2), the login-failure page and the logged-out page."""

import reflex as rx

from ..components.layout import button_link, danger_box, document_link, error_box, labelled_input, page, primary, secondary, success_box
from ..state.login import LoginState
from ..state.passkeys import PasskeyLoginState as P
from ..state.session import SessionState
from ..texts import nb


def _already_logged_in() -> rx.Component:
    return rx.box(
        rx.el.p(nb.LOGIN_ALREADY[0], rx.el.strong(SessionState.display_name), nb.LOGIN_ALREADY[1], id="already-logged-in"),
        rx.el.p(nb.LOGIN_ALREADY_OTHER),
        rx.box(
            button_link(nb.LOGIN_ALREADY_GO, "/medlemsgrupper"),
            document_link(nb.LOGOUT, SessionState.logout_href, **secondary()),
            class_name="actions",
        ),
        **success_box(),
    )


def login() -> rx.Component:
    return page(
        rx.heading(nb.LOGIN_HEADING, as_="h1", size="8"),
        rx.cond(SessionState.logged_in, _already_logged_in(), rx.fragment(*_methods())),
    )


def _methods() -> list[rx.Component]:
    return [
        rx.el.p(nb.LOGIN_LEAD, class_name="lead"),
        rx.el.section(
            rx.heading(nb.LOGIN_IDPORTEN, as_="h2", size="5"),
            rx.el.p(nb.LOGIN_IDPORTEN_HELP),
            document_link(nb.LOGIN_IDPORTEN, LoginState.start_href, **primary(), id="idporten-login"),
            class_name="panel",
        ),
        rx.el.section(
            rx.heading(nb.LOGIN_PASSKEY_HEADING, as_="h2", size="5"),
            rx.el.p(nb.LOGIN_PASSKEY_HELP),
            # autocomplete "webauthn" lets the browser offer passkeys in the field (conditional mediation)
            labelled_input(nb.LOGIN_PASSKEY_FIELD, "passkey-username", nb.LOGIN_PASSKEY_FIELD_HINT, type="text", auto_complete="username webauthn"),
            rx.el.button(
                nb.LOGIN_PASSKEY_BUTTON, type="button", **secondary(), id="passkey-login",
                disabled=P.options == "",  # inert until the page is live and the ceremony's options are ready
                on_click=rx.call_script("window.hcPasskey.login(" + P.options + ")", callback=P.finish),
            ),
            error_box(P.error),
            rx.cond(P.error != "", rx.el.p(document_link(nb.LOGIN_PASSKEY_FALLBACK, LoginState.start_href, **primary(), id="passkey-fallback"))),
            class_name="panel",
        ),
        rx.el.section(
            rx.heading(nb.LOGIN_METHODS_HEADING, as_="h2", size="5"),
            rx.el.ul(*[rx.el.li(line) for line in nb.LOGIN_METHODS]),
        ),
    ]


def login_failed() -> rx.Component:
    return page(
        rx.heading(nb.LOGIN_ERROR_HEADING, as_="h1", size="8"),
        rx.el.p(LoginState.failure, **danger_box(), role="alert"),
        rx.cond(LoginState.reference != "", rx.el.p(nb.LOGIN_ERROR_REFERENCE, " ", rx.el.code(LoginState.reference), class_name="field-hint", id="error-reference")),
        rx.box(
            document_link(nb.LOGIN_ERROR_TRY_AGAIN, "/auth/login", **primary()),
            rx.link(nb.NAV_HELP, href="/hjelp"),
            class_name="actions",
        ),
    )


def logged_out() -> rx.Component:
    return page(
        rx.heading(nb.LOGGED_OUT_HEADING, as_="h1", size="8"),
        rx.el.p(LoginState.logged_out_text, id="logged-out-text"),
        button_link(nb.LOGIN_AGAIN, "/logg-inn"),
    )
