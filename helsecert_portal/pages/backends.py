"""CERT-drift › Tjenester og baksystemer: the registered back-ends and the services catalogue, with their editors."""

import reflex as rx

from ..components.choosers import group_chooser
from ..components.layout import error_box, info_box, labelled_input, ops_page, primary, secondary, warning_box
from ..state.backends import SCOPES
from ..state.backends import BackendDeskState as S
from ..texts import nb


def _select(label: str, field_id: str, options: list[tuple[str, str]]) -> rx.Component:
    return rx.box(
        rx.el.label(label, html_for=field_id, class_name="field-label"),
        rx.el.select(*[rx.el.option(text, value=value) for value, text in options], id=field_id, name=field_id, default_value=S.values[field_id], class_name="ds-input field-input"),
        class_name="field",
    )


def _check(field_id: str, label: str, checked: rx.Var) -> rx.Component:
    return rx.box(rx.el.input(type="checkbox", id=field_id, name=field_id, default_checked=checked), rx.el.label(label, html_for=field_id), class_name="check-field")


def _audience(legend: str) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(legend),
        _select(nb.BACKENDS_AUDIENCE, "audience", list(nb.AUDIENCE_NAMES.items())),
        rx.el.fieldset(
            rx.el.legend(nb.BACKENDS_KINDS),
            *[_check(f"kind_{kind}", name, S.kinds.contains(kind)) for kind, name in nb.KIND_NAMES.items()],
        ),
        rx.el.fieldset(rx.el.legend(nb.BACKENDS_GROUPS), group_chooser(S, "backend-group-search", nb.BACKENDS_NO_GROUPS, "backend-groups")),
    )


def _editor(heading: rx.Var, save_id: str, on_submit: rx.event.EventType, *fields: rx.Component) -> rx.Component:
    """One editor at a time (a back-end or a service): its fields, the error beside them, save or close."""
    return rx.el.section(
        rx.heading(heading, as_="h2", size="5", id="editor-heading"),
        rx.form(
            *fields,
            error_box(S.error),
            rx.box(
                rx.el.button(nb.BACKENDS_SAVE, type="submit", **primary(), id=save_id),
                rx.el.button(nb.DESK_CLOSE, type="button", **secondary(), on_click=S.close_editor),
                class_name="actions",
            ),
            on_submit=on_submit,
            reset_on_submit=False,
            key=S.form_key.to_string(),
            aria_labelledby="editor-heading",
        ),
    )


def _client_editor() -> rx.Component:
    return _editor(
        rx.cond(S.editing_id != "", nb.BACKENDS_EDIT_CLIENT.format(name="") + S.values["name"], nb.BACKENDS_NEW_CLIENT),
        "save-client",
        S.save_client,
        rx.cond(
            S.editing_id == "",
            labelled_input(nb.BACKENDS_CLIENT_ID, "client_id", nb.BACKENDS_CLIENT_ID_HINT, default_value=S.values["client_id"], required=True, max_length=64, auto_complete="off"),
            rx.el.p(nb.BACKENDS_CLIENT_ID, ": ", rx.el.code(S.editing_id)),
        ),
        labelled_input(nb.BACKENDS_NAME, "name", default_value=S.values["name"], required=True, max_length=100),
        _select(nb.BACKENDS_AUTH, "auth_method", list(nb.AUTH_METHODS.items())),
        labelled_input(nb.BACKENDS_JWKS, "jwks", nb.BACKENDS_JWKS_HINT, element=rx.el.textarea, default_value=S.values["jwks"], rows=4, max_length=20000, spell_check=False),
        labelled_input(nb.BACKENDS_REDIRECTS, "redirect_uris", nb.BACKENDS_REDIRECTS_HINT, element=rx.el.textarea, default_value=S.values["redirect_uris"], required=True, rows=3, max_length=4000, spell_check=False),
        labelled_input(nb.BACKENDS_POST_LOGOUT, "post_logout_redirect_uris", element=rx.el.textarea, default_value=S.values["post_logout_redirect_uris"], rows=2, max_length=4000, spell_check=False),
        labelled_input(nb.BACKENDS_BACKCHANNEL, "backchannel_logout_uri", nb.BACKENDS_BACKCHANNEL_HINT, type="url", default_value=S.values["backchannel_logout_uri"], max_length=512),
        rx.el.fieldset(
            rx.el.legend(nb.BACKENDS_SCOPES),
            rx.el.p(nb.BACKENDS_SCOPE_OPENID),
            *[_check(f"scope_{scope}", nb.BACKENDS_SCOPE_LABELS[scope], S.scopes.contains(scope)) for scope in SCOPES],
        ),
        _audience(nb.BACKENDS_AUDIENCE),
    )


def _service_editor() -> rx.Component:
    return _editor(
        rx.cond(S.editing_id != "", nb.BACKENDS_EDIT_SERVICE.format(name="") + S.values["name"], nb.BACKENDS_NEW_SERVICE),
        "save-service",
        S.save_service,
        labelled_input(nb.BACKENDS_SERVICE_NAME, "name", default_value=S.values["name"], required=True, max_length=100),
        labelled_input(nb.BACKENDS_SERVICE_TEXT, "description", element=rx.el.textarea, default_value=S.values["description"], rows=3, max_length=500),
        labelled_input(nb.BACKENDS_SERVICE_URL, "url", nb.BACKENDS_REDIRECTS_HINT, type="url", default_value=S.values["url"], required=True, max_length=512),
        rx.box(
            rx.el.label(nb.BACKENDS_SERVICE_CLIENT, html_for="client_id", class_name="field-label"),
            rx.el.select(
                rx.el.option(nb.BACKENDS_SERVICE_NO_CLIENT, value=""),
                rx.foreach(S.client_choices, lambda c: rx.el.option(c.name, value=c.id)),
                id="client_id", name="client_id", default_value=S.values["client_id"], class_name="ds-input field-input",
            ),
            class_name="field",
        ),
        _audience(nb.BACKENDS_SERVICE_SEES),
    )


def _asked(key: rx.Var, question: tuple[str, str], name: rx.Var, confirm: str, on_confirm: rx.event.EventType, normal: rx.Component) -> rx.Component:
    """A button whose action takes effect at once, or, once pressed, the question with «yes» and «cancel»."""
    return rx.cond(
        S.asking == key,
        rx.box(
            rx.el.p(question[0], rx.el.strong(name), question[1], role="alert"),
            rx.el.button(confirm, type="button", **primary(), id="confirm-action", on_click=on_confirm, auto_focus=True),  # the keyboard is where the question is
            rx.el.button(nb.ADMIN_CANCEL, type="button", **secondary(), on_click=S.cancel_ask),
            class_name="actions",
        ),
        normal,
    )


def _client(c: rx.Var) -> rx.Component:
    label = lambda text: text.format(name="") + c.name.to(str)  # noqa: E731
    return rx.el.li(
        rx.el.h3(c.name, rx.cond(c.closed, rx.el.span(" (", nb.BACKENDS_CLOSED, ")"))),
        rx.el.p(nb.BACKENDS_CLIENT_ID, ": ", rx.el.code(c.client_id), " · ", c.auth_text, rx.cond(c.backchannel, rx.fragment(" · ", nb.BACKENDS_USES_BACKCHANNEL))),
        rx.el.p(c.audience_text),
        rx.el.p(nb.BACKENDS_REDIRECT_LIST, ":"),
        rx.el.ul(rx.foreach(c.redirect_uris, lambda u: rx.el.li(rx.el.code(u))), class_name="uri-list"),
        _asked(
            "close:" + c.client_id.to(str), nb.BACKENDS_CONFIRM_CLOSE_Q, c.name, nb.BACKENDS_CONFIRM_CLOSE, S.close_client(c.client_id),
            _asked(
                "renew:" + c.client_id.to(str), nb.BACKENDS_CONFIRM_RENEW_Q, c.name, nb.BACKENDS_CONFIRM_RENEW, S.renew_secret(c.client_id),
                rx.box(
                    rx.el.button(nb.BACKENDS_EDIT, type="button", **secondary(), on_click=S.edit_client(c.client_id), aria_label=label(nb.BACKENDS_EDIT_LABEL)),
                    rx.cond(c.uses_secret & ~c.closed, rx.el.button(nb.BACKENDS_RENEW, type="button", **secondary(), on_click=S.ask("renew:" + c.client_id.to(str)), aria_label=label(nb.BACKENDS_RENEW_LABEL))),
                    rx.cond(
                        c.closed,
                        rx.el.button(nb.BACKENDS_REOPEN, type="button", **secondary(), on_click=S.reopen_client(c.client_id), aria_label=label(nb.BACKENDS_REOPEN_LABEL)),
                        rx.el.button(nb.BACKENDS_CLOSE, type="button", **secondary(), on_click=S.ask("close:" + c.client_id.to(str)), aria_label=label(nb.BACKENDS_CLOSE_LABEL)),
                    ),
                    class_name="actions",
                ),
            ),
        ),
        class_name="alert-item",
    )


def _service(s: rx.Var) -> rx.Component:
    label = lambda text: text.format(name="") + s.name.to(str)  # noqa: E731
    return rx.el.li(
        rx.el.h3(s.name),
        rx.cond(s.description != "", rx.el.p(s.description, class_name="user-text")),
        rx.el.p(rx.el.code(s.url), rx.cond(s.client_name != "", rx.fragment(" · ", nb.BACKENDS_OPENS.format(client="") + s.client_name.to(str)))),
        rx.el.p(s.audience_text),
        _asked(
            "remove:" + s.id.to(str), nb.BACKENDS_CONFIRM_REMOVE_Q, s.name, nb.BACKENDS_CONFIRM_REMOVE, S.remove_service(s.id),
            rx.box(
                rx.el.button(nb.BACKENDS_EDIT, type="button", **secondary(), on_click=S.edit_service(s.id), aria_label=label(nb.BACKENDS_EDIT_LABEL)),
                rx.el.button(nb.BACKENDS_REMOVE_SERVICE, type="button", **secondary(), on_click=S.ask("remove:" + s.id.to(str)), aria_label=label(nb.BACKENDS_REMOVE_SERVICE_LABEL)),
                class_name="actions",
            ),
        ),
        class_name="alert-item",
    )


def backends_page() -> rx.Component:
    return ops_page(
        nb.BACKENDS_HEADING,
        S,
        rx.el.p(nb.BACKENDS_LEAD, class_name="lead"),
        rx.el.p(nb.BACKENDS_DISCOVERY, " ", rx.el.code(S.issuer + "/.well-known/openid-configuration")),
        info_box(S.info),
        rx.cond(
            S.secret != "",
            rx.box(rx.el.p(nb.BACKENDS_SECRET[0], rx.el.strong(S.secret_for), nb.BACKENDS_SECRET[1]), rx.el.p(rx.el.code(S.secret, id="client-secret")), **warning_box(), role="alert"),
        ),
        rx.match(
            S.editing,
            ("client", _client_editor()),
            ("service", _service_editor()),
            rx.fragment(
                error_box(S.error),
                rx.box(
                    rx.el.button(nb.BACKENDS_NEW_CLIENT, type="button", **primary(), on_click=S.new_client),
                    rx.el.button(nb.BACKENDS_NEW_SERVICE, type="button", **secondary(), on_click=S.new_service),
                    class_name="actions",
                ),
            ),
        ),
        rx.el.section(
            rx.heading(nb.BACKENDS_CLIENTS, as_="h2", size="5", id="clients-heading"),
            rx.cond(S.clients.length() > 0, rx.el.ul(rx.foreach(S.clients, _client), class_name="notice-list", aria_labelledby="clients-heading"), rx.el.p(nb.BACKENDS_NO_CLIENTS)),
        ),
        rx.el.section(
            rx.heading(nb.BACKENDS_SERVICES, as_="h2", size="5", id="catalogue-heading"),
            rx.cond(S.catalogue.length() > 0, rx.el.ul(rx.foreach(S.catalogue, _service), class_name="notice-list", aria_labelledby="catalogue-heading"), rx.el.p(nb.BACKENDS_NO_SERVICES)),
        ),
    )
