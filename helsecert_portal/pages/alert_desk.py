"""CERT-drift › Varsler: the alerts, the editor (write, import, publish, update, withdraw), the groups' status."""

import reflex as rx

from ..components.choosers import chosen_list, group_chooser
from ..components.layout import error_box, info_box, labelled_input, list_table, ops_page, primary, secondary
from ..state.alert_desk import AlertDeskState as S
from ..texts import nb
from .alerts import tlp_label

TLPS = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")


def _list() -> rx.Component:
    headers = [nb.DESK_COL_REFERENCE, nb.DESK_COL_TITLE, nb.DESK_COL_TLP, nb.DESK_COL_STATE, nb.DESK_COL_ANSWERS, nb.DESK_COL_ACTION]
    return rx.el.section(
        rx.heading(nb.DESK_LIST, as_="h2", size="5", id="desk-list-heading"),
        rx.cond(
            S.alerts.length() > 0,
            list_table(headers, S.alerts, lambda d: [
                d.row.reference, d.row.title, tlp_label(d.row), d.state_text,
                rx.fragment(d.answered.to_string(), " / ", d.addressed.to_string()),
                rx.el.button(nb.DESK_OPEN, type="button", **secondary(), on_click=S.open_alert(d.row.id), aria_label=nb.DESK_OPEN + " " + d.row.reference.to(str)),
            ], "desk-list-heading", "desk-table"),
            rx.el.p(nb.DESK_NONE),
        ),
    )


def _start() -> rx.Component:
    return rx.el.section(
        rx.el.button(nb.DESK_NEW, type="button", **primary(), on_click=S.new_alert),
        rx.heading(nb.DESK_IMPORT_HEADING, as_="h2", size="5"),
        labelled_input(nb.DESK_IMPORT_LABEL, "csaf-file", nb.DESK_IMPORT_HINT, type="file", accept=".json,application/json"),
        rx.el.button(nb.DESK_IMPORT, type="button", **secondary(), on_click=S.pick_csaf, id="csaf-import"),
    )


def _text(label: str, name: str, hint: str = "", rows: int = 3, max_length: int = 4000, **props: object) -> rx.Component:
    return labelled_input(label, name, hint, element=rx.el.textarea, default_value=S.values[name], rows=rows, max_length=max_length, **props)


def _select(label: str, name: str, options: list[tuple[str, str]]) -> rx.Component:
    return rx.box(
        rx.el.label(label, html_for=name, class_name="field-label"),
        rx.el.select(*[rx.el.option(t, value=v) for v, t in options], id=name, name=name, default_value=S.values[name], class_name="ds-input field-input"),
        class_name="field",
    )


def _audience() -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(nb.DESK_F_AUDIENCE),
        _select(nb.DESK_F_TLP, "tlp", [(t, "TLP:" + t) for t in TLPS]),
        _select(nb.DESK_F_AUDIENCE, "audience", list(nb.DESK_AUDIENCES)),
        _select(nb.DESK_F_KIND, "audience_kind", [("", "–"), *nb.KIND_NAMES.items()]),
        rx.heading(nb.DESK_F_GROUPS, as_="h3", size="3", id="chosen-groups-heading"),
        group_chooser(S, "group-search", nb.DESK_NO_GROUPS),
        rx.heading(nb.DESK_F_PERSONS, as_="h3", size="3"),
        chosen_list(S.persons, S.remove_person, nb.DESK_NO_PERSONS, "chosen-persons"),
        labelled_input(nb.DESK_F_ADDRESSES, "addresses", element=rx.el.textarea, rows=2, max_length=5000, auto_complete="off"),
    )


def _editor() -> rx.Component:
    return rx.el.section(
        rx.heading(rx.cond(S.alert_id != "", nb.DESK_EDIT + " " + S.reference, nb.DESK_EDIT_NEW), as_="h2", size="5", id="editor-heading"),
        rx.cond(S.alert_id != "", rx.el.p(rx.link(nb.DESK_PREVIEW, href="/varsel?id=" + S.alert_id))),
        rx.form(
            labelled_input(nb.DESK_F_TITLE, "title", default_value=S.values["title"], required=True, max_length=200),
            _text(nb.DESK_F_SUMMARY, "summary", nb.DESK_F_SUMMARY_HINT, rows=3, max_length=2000, required=True),
            _text(nb.DESK_F_BODY, "body", nb.DESK_F_BODY_HINT, rows=8, max_length=20000),
            _select(nb.DESK_F_SEVERITY, "severity", list(nb.SEVERITY.items())),
            labelled_input(nb.DESK_F_CVSS, "cvss_vector", nb.DESK_F_CVSS_HINT, default_value=S.values["cvss_vector"], max_length=200, auto_complete="off"),
            labelled_input(nb.DESK_F_CVES, "cves", nb.DESK_F_CVES_HINT, default_value=S.values["cves"], max_length=2000, auto_complete="off"),
            _text(nb.DESK_F_PRODUCTS, "products"),
            _text(nb.DESK_F_ACTIONS, "actions"),
            _text(nb.DESK_F_LINKS, "links"),
            _audience(),
            rx.cond(S.state == "published", labelled_input(nb.DESK_F_CHANGE, "change", element=rx.el.textarea, rows=2, max_length=1000)),
            error_box(S.error),
            info_box(S.info),
            rx.box(
                rx.el.button(rx.cond(S.state == "published", nb.DESK_SAVE_UPDATE, nb.DESK_SAVE_DRAFT), type="submit", **primary(), id="save-alert"),
                rx.el.button(nb.DESK_CLOSE, type="button", **secondary(), on_click=S.close_editor),
                class_name="actions",
            ),
            on_submit=S.save,
            reset_on_submit=False,
            key=S.form_key.to_string(),
            aria_labelledby="editor-heading",
        ),
        rx.cond(S.state == "draft", rx.el.button(nb.DESK_PUBLISH, type="button", **primary(), on_click=S.publish, id="publish-alert")),
        rx.cond(
            S.state == "published",
            rx.form(
                labelled_input(nb.DESK_WITHDRAW_REASON, "reason", required=True, max_length=1000),
                rx.el.button(nb.DESK_WITHDRAW, type="submit", **secondary()),
                on_submit=S.withdraw,
                reset_on_submit=True,
            ),
        ),
    )


def _acks() -> rx.Component:
    headers = [nb.DESK_COL_GROUP, nb.DESK_COL_ACK, nb.DESK_COL_BY, nb.DESK_COL_AT, nb.DESK_COL_NOTE, nb.DESK_COL_ACTION]
    return rx.el.section(
        rx.heading(nb.DESK_ACKS, as_="h2", size="5", id="acks-heading"),
        rx.cond(
            S.acks.length() > 0,
            list_table(headers, S.acks, lambda a: [
                a.group, a.status_text, a.by, a.at, a.note,
                rx.cond(~a.answered, rx.el.button(nb.DESK_REMIND, type="button", **secondary(), on_click=S.remind(a.group_id), aria_label=nb.DESK_REMIND_LABEL.format(group="") + a.group.to(str))),
            ], "acks-heading", "desk-table"),
            rx.el.p(nb.DESK_ACKS_NONE),
        ),
        id="ack-table",
    )


def alert_desk_page() -> rx.Component:
    return ops_page(
        nb.DESK_HEADING,
        S,
        rx.el.p(nb.DESK_LEAD, class_name="lead"),
        rx.cond(~S.editing, rx.fragment(error_box(S.error), info_box(S.info))),
        _start(),
        rx.cond(S.editing, _editor()),
        rx.cond(S.editing & (S.state != "draft") & (S.state != ""), _acks()),
        _list(),
    )
