"""«Min profil»: name and e-mail addresses."""

import reflex as rx

from ..components.layout import document_link, error_box, info_box, labelled_input, page, primary, secondary, submit_or_cancel, warning_box, work_email_input
from ..state.passkeys import PasskeyManageState as PM
from ..state.profile import ProfileState as S
from ..texts import nb


def _address(item: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.box(
            rx.el.strong(item.address),
            " ",
            rx.cond(item.verified, rx.el.span(nb.PROFILE_EMAIL_VERIFIED, class_name="badge badge-ok"), rx.el.span(nb.PROFILE_EMAIL_PENDING, class_name="badge badge-pending")),
            " ",
            rx.cond(item.primary, rx.el.span(nb.PROFILE_EMAIL_PRIMARY, class_name="badge badge-ok")),
        ),
        rx.box(
            rx.cond(~item.verified, rx.link(nb.PROFILE_CONFIRM_NOW, href="/bekreft-epost?e=" + item.id.to(str))),
            rx.cond(item.verified & ~item.primary, rx.el.button(nb.PROFILE_MAKE_PRIMARY, type="button", **secondary(), on_click=S.make_primary(item.id), aria_label=nb.PROFILE_MAKE_PRIMARY + ": " + item.address.to(str))),
            rx.el.button(nb.PROFILE_REMOVE, type="button", **secondary(), on_click=S.ask_remove(item.id), aria_label=nb.PROFILE_REMOVE + ": " + item.address.to(str)),
            class_name="actions",
        ),
        rx.cond(item.id == S.removing_id, _confirm_removal()),
    )


def _confirm_removal() -> rx.Component:
    """Asked before an address goes, naming the groups that go with it."""
    return rx.box(
        rx.el.p(S.removing_text, id="confirm-remove-text"),
        rx.box(
            rx.el.button(nb.PROFILE_REMOVE_CONFIRM, type="button", **primary(), on_click=S.remove, id="confirm-remove"),
            rx.el.button(nb.PROFILE_REMOVE_CANCEL, type="button", **secondary(), on_click=S.cancel_remove),
            class_name="actions",
        ),
        role="group",
        aria_labelledby="confirm-remove-text",
        **warning_box(),
    )


def _content() -> rx.Component:
    return rx.fragment(
        error_box(S.error),
        info_box(S.info),
        rx.el.section(
            rx.heading(nb.PROFILE_NAME_HEADING, as_="h2", size="5"),
            rx.form(
                labelled_input(nb.REGISTER_NAME, "full_name", default_value=S.full_name, auto_complete="name", required=True, max_length=200),
                rx.el.button(nb.PROFILE_NAME_SAVE, type="submit", **secondary()),
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
                rx.el.button(nb.PROFILE_ADD_SUBMIT, type="submit", **primary(), disabled=S.busy),
                on_submit=S.add,
                reset_on_submit=False,
            ),
        ),
        rx.el.section(
            rx.heading(nb.PROFILE_ALERT_MAIL_HEADING, as_="h2", size="5", id="alert-mail-heading"),
            rx.form(
                rx.el.fieldset(
                    rx.el.legend(nb.PROFILE_ALERT_MAIL_LEAD),
                    *[
                        rx.box(rx.el.input(type="radio", name="alert_mail", value=v, id="alert-mail-" + v, default_checked=S.alert_mail == v), rx.el.label(t, html_for="alert-mail-" + v), class_name="check-field")
                        for v, t in nb.ALERT_MAIL_CHOICES
                    ],
                ),
                rx.el.button(nb.PROFILE_ALERT_MAIL_SAVE, type="submit", **secondary()),
                on_submit=S.save_alert_mail,
                reset_on_submit=False,
                key=S.alert_mail,
            ),
            aria_labelledby="alert-mail-heading",
        ),
        rx.el.section(
            rx.heading(nb.CONNECTED_HEADING, as_="h2", size="5", id="connected-heading"),
            rx.el.p(nb.CONNECTED_LEAD),
            rx.cond(
                S.connected.length() > 0,
                rx.el.ul(
                    rx.foreach(
                        S.connected,
                        lambda c: rx.el.li(
                            rx.box(
                                rx.el.strong(c.name),
                                rx.el.p(nb.CONNECTED_RECEIVES.format(what="") + c.receives.to(str), " · ", nb.CONNECTED_SINCE.format(at="") + c.since.to(str), class_name="field-hint"),
                            ),
                            rx.el.button(nb.CONNECTED_WITHDRAW, type="button", **secondary(), on_click=S.withdraw_consent(c.client_id), aria_label=nb.CONNECTED_WITHDRAW_LABEL.format(name="") + c.name.to(str)),
                        ),
                    ),
                    class_name="address-list", id="connected-services", aria_labelledby="connected-heading",
                ),
                rx.el.p(nb.CONNECTED_NONE),
            ),
            aria_labelledby="connected-heading",
        ),
    )


def _passkey(item: rx.Var) -> rx.Component:
    name = item.name.to(str)
    return rx.el.li(
        rx.box(
            rx.el.strong(item.name), " ", rx.el.span(item.sync, class_name="badge badge-ok"),
            rx.el.p(nb.PASSKEYS_PROVIDER, ": ", item.provider, " · ", nb.PASSKEYS_CREATED_AT, " ", item.created, " · ", nb.PASSKEYS_LAST_USED, " ", item.used, class_name="field-hint"),
        ),
        rx.cond(
            PM.renaming_id == item.id,
            rx.form(
                labelled_input(nb.PASSKEYS_NAME, "passkey_name", default_value=item.name, required=True, max_length=100),
                submit_or_cancel(nb.PASSKEYS_SAVE_NAME, PM.cancel, nb.PASSKEYS_CANCEL),
                on_submit=PM.save_name,
                reset_on_submit=False,
            ),
            rx.cond(
                PM.deleting_id == item.id,
                rx.box(
                    rx.el.p(nb.PASSKEYS_DELETE_WARNING[0], item.name, nb.PASSKEYS_DELETE_WARNING[1], **warning_box(), role="alert"),
                    rx.el.button(nb.PASSKEYS_CONFIRM_DELETE, type="button", **primary(), on_click=PM.delete, id="confirm-delete-passkey"),
                    rx.el.button(nb.PASSKEYS_CANCEL, type="button", **secondary(), on_click=PM.cancel),
                    class_name="actions",
                ),
                rx.box(
                    rx.el.button(nb.PASSKEYS_RENAME, type="button", **secondary(), on_click=PM.start_rename(item.id), aria_label=nb.PASSKEYS_RENAME + ": " + name),
                    rx.el.button(nb.PASSKEYS_DELETE, type="button", **secondary(), on_click=PM.start_delete(item.id), aria_label=nb.PASSKEYS_DELETE + ": " + name),
                    class_name="actions",
                ),
            ),
        ),
    )


def _passkeys() -> rx.Component:
    return rx.el.section(
        rx.heading(nb.PASSKEYS_HEADING, as_="h2", size="5", id="passkeys-heading"),
        rx.el.p(nb.PASSKEYS_LEAD),
        error_box(PM.error, "passkey-error"),
        info_box(PM.info),
        rx.cond(PM.passkeys.length() > 0, rx.el.ul(rx.foreach(PM.passkeys, _passkey), class_name="address-list", id="passkeys"), rx.el.p(nb.PASSKEYS_NONE)),
        rx.cond(
            PM.can_create,
            rx.el.button(
                nb.PASSKEYS_CREATE, type="button", **primary(), id="create-passkey", disabled=PM.options == "",
                on_click=rx.call_script("window.hcPasskey.register(" + PM.options + ")", callback=PM.finish_registration),
            ),
            rx.box(
                rx.el.p(nb.PASSKEYS_NEEDS_IDPORTEN),
                document_link(nb.PASSKEYS_LOGIN_AGAIN, "/auth/login?neste=/min-profil&prompt=login", **secondary()),
            ),
        ),
        aria_labelledby="passkeys-heading",
    )


def profile_page() -> rx.Component:
    return page(
        rx.heading(nb.PROFILE_HEADING, as_="h1", size="8"),
        rx.cond(S.loaded, _content(), rx.el.p(nb.LOADING)),
        rx.cond(PM.loaded, _passkeys()),
    )
