"""CERT-drift › Driftsmeldinger: write, edit and end notices; every notice with its period and audience."""

import reflex as rx

from ..components.choosers import group_chooser
from ..components.layout import error_box, info_box, labelled_input, ops_page, primary, secondary
from ..state.notice_desk import NoticeDeskState as S
from ..texts import nb


def _notice(n: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.h3(n.title),
        rx.el.p(rx.el.strong(n.level_text), " · ", n.period, " · ", rx.cond(n.active, nb.NOTICES_ACTIVE, nb.NOTICES_INACTIVE)),
        rx.el.p(rx.cond(n.public, nb.NOTICES_EVERYONE, rx.el.span(rx.foreach(n.groups, lambda g: rx.el.span(g.name, "; "))))),
        rx.el.p(n.body, class_name="pre-line"),
        rx.box(
            rx.el.button(nb.NOTICES_EDIT, type="button", **secondary(), on_click=S.edit_notice(n.id), aria_label=nb.NOTICES_EDIT_LABEL.format(title="") + n.title.to(str)),
            rx.cond(n.active, rx.el.button(nb.NOTICES_END, type="button", **secondary(), on_click=S.end_notice(n.id), aria_label=nb.NOTICES_END_LABEL.format(title="") + n.title.to(str))),
            class_name="actions",
        ),
        class_name="notice notice-" + n.level.to(str),
    )


def _editor() -> rx.Component:
    return rx.el.section(
        rx.heading(nb.NOTICES_NEW, as_="h2", size="5", id="notice-editor-heading"),
        rx.form(
            labelled_input(nb.NOTICES_F_TITLE, "title", default_value=S.values["title"], required=True, max_length=200),
            labelled_input(nb.NOTICES_F_BODY, "body", element=rx.el.textarea, default_value=S.values["body"], required=True, max_length=2000, rows=4),
            rx.box(
                rx.el.label(nb.NOTICES_F_LEVEL, html_for="level", class_name="field-label"),
                rx.el.select(*[rx.el.option(t, value=v) for v, t in nb.NOTICE_LEVELS.items()], id="level", name="level", default_value=S.values["level"], class_name="ds-input field-input"),
                class_name="field",
            ),
            labelled_input(nb.NOTICES_F_STARTS, "starts", type="datetime-local", default_value=S.values["starts"], required=True),
            labelled_input(nb.NOTICES_F_ENDS, "ends", type="datetime-local", default_value=S.values["ends"]),
            rx.el.fieldset(
                rx.el.legend(nb.NOTICES_F_GROUPS),
                group_chooser(S, "notice-group-search", nb.NOTICES_EVERYONE, "notice-groups"),
            ),
            error_box(S.error),
            rx.box(
                rx.el.button(nb.NOTICES_SAVE, type="submit", **primary(), id="save-notice"),
                rx.el.button(nb.DESK_CLOSE, type="button", **secondary(), on_click=S.close_editor),
                class_name="actions",
            ),
            on_submit=S.save,
            reset_on_submit=False,
            key=S.form_key.to_string(),
            aria_labelledby="notice-editor-heading",
        ),
    )


def notice_desk_page() -> rx.Component:
    return ops_page(
        nb.NOTICES_HEADING,
        S,
        rx.el.p(nb.NOTICES_LEAD, class_name="lead"),
        info_box(S.info),
        rx.cond(S.editing, _editor(), rx.fragment(error_box(S.error), rx.el.button(nb.NOTICES_NEW, type="button", **primary(), on_click=S.new_notice))),
        rx.el.section(
            rx.heading(nb.NOTICES_LIST, as_="h2", size="5", id="notice-list-heading"),
            rx.cond(S.notices.length() > 0, rx.el.ul(rx.foreach(S.notices, _notice), class_name="notice-list", aria_labelledby="notice-list-heading"), rx.el.p(nb.NOTICES_NONE)),
        ),
    )
