"""«Min profil»: name and e-mail addresses."""

import reflex as rx

from ..components.layout import error_box, info_box, labelled_input, page, work_email_input
from ..state.profile import ProfileState as S
from ..texts import nb


def _address(item: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.box(
            rx.el.strong(item["address"]),
            " ",
            rx.cond(item["verified"] != "", rx.el.span(nb.PROFILE_EMAIL_VERIFIED, class_name="badge badge-ok"), rx.el.span(nb.PROFILE_EMAIL_PENDING, class_name="badge badge-pending")),
            " ",
            rx.cond(item["primary"] != "", rx.el.span(nb.PROFILE_EMAIL_PRIMARY, class_name="badge badge-ok")),
        ),
        rx.box(
            rx.cond(item["verified"] == "", rx.link(nb.PROFILE_CONFIRM_NOW, href="/bekreft-epost?e=" + item["id"].to(str))),
            rx.cond((item["verified"] != "") & (item["primary"] == ""), rx.el.button(nb.PROFILE_MAKE_PRIMARY, type="button", class_name="button-secondary", on_click=S.make_primary(item["id"]), aria_label=nb.PROFILE_MAKE_PRIMARY + ": " + item["address"].to(str))),
            rx.el.button(nb.PROFILE_REMOVE, type="button", class_name="button-secondary", on_click=S.remove(item["id"]), aria_label=nb.PROFILE_REMOVE + ": " + item["address"].to(str)),
            class_name="actions",
        ),
    )


def _content() -> rx.Component:
    return rx.fragment(
        error_box(S.error),
        info_box(S.info),
        rx.el.section(
            rx.heading(nb.PROFILE_NAME_HEADING, as_="h2", size="5"),
            rx.form(
                labelled_input(nb.REGISTER_NAME, "full_name", default_value=S.full_name, auto_complete="name", required=True, max_length=200),
                rx.el.button(nb.PROFILE_NAME_SAVE, type="submit", class_name="button-secondary"),
                on_submit=S.save_name,
                reset_on_submit=False,
            ),
            rx.el.p(nb.PROFILE_IDENTITY, ": ", S.pid_masked),
        ),
        rx.el.section(
            rx.heading(nb.PROFILE_EMAILS_HEADING, as_="h2", size="5"),
            rx.el.ul(rx.foreach(S.addresses, _address), class_name="address-list"),
            rx.heading(nb.PROFILE_ADD_EMAIL, as_="h3", size="4"),
            rx.form(
                work_email_input(nb.PROFILE_ADD_HINT, S.webmail_warning),
                rx.el.button(nb.PROFILE_ADD_SUBMIT, type="submit", class_name="button-primary", disabled=S.busy),
                on_submit=S.add,
                reset_on_submit=False,
            ),
        ),
    )


def profile_page() -> rx.Component:
    return page(
        rx.heading(nb.PROFILE_HEADING, as_="h1", size="8"),
        rx.cond(S.loaded, _content(), rx.el.p(nb.LOADING)),
    )
