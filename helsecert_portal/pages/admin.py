"""Administrer medlemsgruppe: the live request dashboard, members and the group's audit log."""

import reflex as rx

from ..components.layout import audit_table, error_box, info_box, labelled_input, page, primary, secondary, submit_or_cancel
from ..state.admin import AdminState as S
from ..texts import nb


def _deny_form(item: rx.Var) -> rx.Component:
    return rx.form(
        labelled_input(nb.ADMIN_DENY_REASON, "reason", element=rx.el.textarea, required=True, max_length=1000, rows=3),
        submit_or_cancel(nb.ADMIN_DENY_CONFIRM, S.cancel, busy=S.busy),
        on_submit=S.deny,
        reset_on_submit=True,
    )


def pending_item(item: rx.Var, with_select: bool = True, group_link: bool = False) -> rx.Component:
    """One pending request; the operators' page shows the same item with a link to the group."""
    check_id = "select-" + item.id.to(str)
    return rx.el.li(
        rx.box(
            rx.el.input(type="checkbox", id=check_id, checked=S.selected.contains(item.id), on_change=S.flip(item.id), class_name="select-box") if with_select else rx.fragment(),
            rx.el.label(item.name, html_for=check_id, class_name="field-label") if with_select else rx.el.strong(item.name),
            rx.cond(item.escalated, rx.el.span(nb.ADMIN_ESCALATED, class_name="badge badge-pending")),
            rx.el.p(nb.ADMIN_ADDRESSES, ": ", item.addresses, class_name="field-hint"),
            rx.el.p(nb.ADMIN_SENT, " ", item.created, rx.fragment(" · ", item.group) if group_link else rx.fragment(), class_name="field-hint"),
            rx.cond(item.message != "", rx.el.p(nb.ADMIN_MESSAGE, ": ", item.message, class_name="user-text")),
        ),
        rx.link(nb.OPS_HANDLE.format(group=""), item.group, href="/administrer?g=" + item.group_id.to(str)) if group_link else rx.cond(
            S.denying_id == item.id,
            _deny_form(item),
            rx.box(
                rx.el.button(nb.ADMIN_APPROVE, type="button", **primary(), on_click=S.approve(item.id), disabled=S.busy, aria_label=nb.ADMIN_APPROVE + ": " + item.name.to(str)),
                rx.el.button(nb.ADMIN_DENY, type="button", **secondary(), on_click=S.start_deny(item.id), aria_label=nb.ADMIN_DENY + ": " + item.name.to(str)),
                class_name="actions",
            ),
        ),
        class_name="request-item",
        data_request=item.id,
    )


def _member(item: rx.Var) -> rx.Component:
    name = item.name.to(str)
    return rx.el.li(
        rx.box(
            rx.el.strong(item.name),
            " ",
            rx.cond(item.admin, rx.el.span(nb.GROUPS_ADMIN_BADGE, class_name="badge badge-ok")),
            rx.el.p(item.addresses, class_name="field-hint"),
            rx.el.p(nb.ADMIN_HOW, ": ", item.how, class_name="field-hint"),
        ),
        rx.cond(
            ~item.is_self,
            rx.box(
                rx.cond(
                    item.admin,
                    rx.el.button(nb.ADMIN_REVOKE_ADMIN, type="button", **secondary(), on_click=S.set_admin(item.id, False), aria_label=nb.ADMIN_REVOKE_ADMIN + ": " + name),
                    rx.el.button(nb.ADMIN_MAKE_ADMIN, type="button", **secondary(), on_click=S.set_admin(item.id, True), aria_label=nb.ADMIN_MAKE_ADMIN + ": " + name),
                ),
                rx.cond(
                    S.removing_id == item.id,
                    rx.fragment(
                        rx.el.button(nb.ADMIN_CONFIRM_REMOVE.format(name=""), name, type="button", **primary(), on_click=S.remove_member(item.id)),
                        rx.el.button(nb.ADMIN_CANCEL, type="button", **secondary(), on_click=S.cancel),
                    ),
                    rx.el.button(nb.ADMIN_REMOVE_MEMBER, type="button", **secondary(), on_click=S.start_remove(item.id), aria_label=nb.ADMIN_REMOVE_MEMBER + ": " + name),
                ),
                class_name="actions",
            ),
        ),
    )


def _chooser() -> rx.Component:
    return rx.cond(
        S.groups.length() > 1,
        rx.form(
            rx.box(
                rx.el.label(nb.ADMIN_CHOOSE_GROUP, html_for="group", class_name="field-label"),
                rx.el.select(rx.foreach(S.groups, lambda g: rx.el.option(g.name, value=g.id)), id="group", name="group", default_value=S.group_id, class_name="ds-input field-input"),
                class_name="field",
            ),
            rx.el.button(nb.ADMIN_SHOW, type="submit", **secondary()),
            on_submit=S.choose_group,
            class_name="actions",
        ),
    )


def _dashboard() -> rx.Component:
    return rx.fragment(
        _chooser(),
        rx.heading(S.group_name, as_="h2", size="6", id="group-name"),
        error_box(S.error),
        info_box(S.info),
        rx.el.section(
            rx.heading(nb.ADMIN_PENDING, " (", S.pending.length().to_string(), ")", as_="h3", size="5", id="pending-heading"),
            rx.el.p(nb.ADMIN_PENDING_LIVE, class_name="field-hint"),
            rx.cond(
                S.pending.length() > 0,
                rx.fragment(
                    rx.el.ul(rx.foreach(S.pending, lambda item: pending_item(item)), class_name="address-list", id="pending", aria_labelledby="pending-heading"),
                    rx.el.button(nb.ADMIN_APPROVE_SELECTED, type="button", **primary(), on_click=S.approve_selected, disabled=S.busy, id="approve-selected"),
                ),
                rx.el.p(nb.ADMIN_NO_PENDING, id="no-pending"),
            ),
            aria_live="polite",
        ),
        rx.el.section(
            rx.heading(nb.ADMIN_MEMBERS, as_="h3", size="5"),
            rx.cond(S.members.length() > 0, rx.el.ul(rx.foreach(S.members, _member), class_name="address-list", id="members"), rx.el.p(nb.ADMIN_NO_MEMBERS)),
        ),
        rx.el.section(
            rx.heading(nb.ADMIN_AUDIT, as_="h3", size="5", id="audit-heading"),
            audit_table(S.audit, "audit-heading", with_group=False),
        ),
    )


def admin_page() -> rx.Component:
    return page(
        rx.heading(nb.ADMIN_HEADING, as_="h1", size="8"),
        rx.cond(
            S.loaded,
            rx.cond(
                S.allowed,
                _dashboard(),
                rx.cond(  # said once: why there is nothing here, and where to go
                    S.error != "",
                    rx.fragment(error_box(S.error), rx.el.p(rx.link(nb.ACCESS_LOST_NEXT, href="/medlemsgrupper", id="access-lost-next"))),
                    rx.el.p(nb.ADMIN_NO_GROUPS),
                ),
            ),
            rx.el.p(nb.LOADING),
        ),
    )
