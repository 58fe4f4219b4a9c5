"""Registrer profilen din (guide step 3)."""

import reflex as rx

from ..components.layout import error_box, labelled_input, page, primary, work_email_input
from ..state.registration import RegisterState
from ..texts import nb


def _form() -> rx.Component:
    return rx.form(
        labelled_input(nb.REGISTER_NAME, "full_name", nb.REGISTER_NAME_HINT, default_value=RegisterState.name_default, auto_complete="name", required=True, max_length=200),
        work_email_input(nb.REGISTER_EMAIL_HINT, RegisterState.webmail_warning),
        error_box(RegisterState.error),
        rx.el.button(nb.REGISTER_SUBMIT, type="submit", **primary(), disabled=RegisterState.busy),
        on_submit=RegisterState.submit,
        reset_on_submit=False,
    )


def register_page() -> rx.Component:
    return page(
        rx.heading(nb.REGISTER_HEADING, as_="h1", size="8"),
        rx.el.p(nb.REGISTER_LEAD, class_name="lead"),
        rx.el.p(nb.REGISTER_WHY),
        rx.cond(RegisterState.loaded, _form(), rx.el.p(nb.LOADING)),
    )
