"""Bekreft e-postadressen din (guide step 4)."""

import reflex as rx

from ..components.layout import error_box, info_box, labelled_input, page, primary, secondary, warning_box
from ..state.verification import AddressCorrectionState as C
from ..state.verification import EmailVerificationState as S
from ..texts import nb


def _correction() -> rx.Component:
    """A mistyped address is put right here, without going back through registration or «Min profil»."""
    return rx.el.details(
        rx.el.summary(nb.CONFIRM_CORRECT_SUMMARY, id="correct-address-summary"),
        rx.form(
            labelled_input(nb.CONFIRM_CORRECT_LABEL, "email", nb.CONFIRM_CORRECT_HINT, error_id="correct-error", type="email", auto_complete="email",
                           required=True, max_length=254, default_value=S.address, key=S.address),
            rx.cond(C.webmail_warning, rx.el.p(nb.REGISTER_WEBMAIL_WARNING, **warning_box(), role="alert")),
            error_box(C.error, "correct-error"),
            rx.el.button(nb.CONFIRM_CORRECT_SUBMIT, type="submit", **secondary(), disabled=C.busy),
            on_submit=C.correct,
            reset_on_submit=False,
        ),
        class_name="correct-address",
        id="correct-address",
    )


def _form() -> rx.Component:
    return rx.fragment(
        rx.el.p(nb.CONFIRM_LEAD, " ", rx.el.strong(S.address, id="code-recipient"), "."),
        rx.box(
            rx.cond(
                S.valid_until != "",
                rx.el.p(nb.CONFIRM_VALID_UNTIL[0], S.valid_until, nb.CONFIRM_VALID_UNTIL[1], id="valid-until"),
                rx.cond(S.expired, rx.el.p(nb.CONFIRM_EXPIRED, **warning_box(), id="code-expired")),
            ),
            aria_live="polite",
        ),
        rx.form(
            rx.box(
                rx.el.label(nb.CONFIRM_CODE, html_for="code", class_name="field-label"),
                rx.el.input(
                    id="code", name="code", input_mode="numeric", auto_complete="one-time-code", max_length=12,
                    class_name="ds-input field-input code-input", aria_describedby="form-error", required=True,
                ),
                class_name="field",
            ),
            error_box(S.error),
            info_box(S.info),
            rx.box(
                rx.el.button(nb.CONFIRM_SUBMIT, type="submit", **primary()),
                class_name="actions",
            ),
            on_submit=S.confirm,
            reset_on_submit=False,
        ),
        rx.box(
            rx.el.button(nb.CONFIRM_RESEND, type="button", **secondary(), on_click=S.resend, disabled=S.busy | (S.resend_wait > 0)),
            rx.cond(S.resend_wait > 0, rx.el.p(nb.CONFIRM_RESEND_WAIT[0], S.resend_wait.to_string(), nb.CONFIRM_RESEND_WAIT[1], aria_live="off")),
            class_name="actions",
        ),
        _correction(),
    )


def confirm_page() -> rx.Component:
    return page(
        rx.heading(nb.CONFIRM_HEADING, as_="h1", size="8"),
        rx.cond(
            S.loaded,
            rx.cond(S.email_id != "", _form(), rx.el.p(nb.CONFIRM_NOTHING_PENDING)),
            rx.el.p(nb.LOADING),
        ),
        rx.el.section(
            rx.heading(nb.CONFIRM_TROUBLE_HEADING, as_="h2", size="5"),
            rx.el.ul(*[rx.el.li(t) for t in nb.CONFIRM_TROUBLE], class_name="bullets"),
            rx.el.p(nb.CONFIRM_NOT_FOUND, class_name="note"),
        ),
    )
