"""CERT-drift: escalated and pending requests, organisations, domains, administrators, the audit log."""

import reflex as rx

from ..components.layout import audit_table, error_box, info_box, labelled_input, ops_page, primary, secondary
from ..state.operator import OperatorState as S
from ..texts import nb
from .admin import pending_item


def _requests() -> rx.Component:
    return rx.fragment(
        rx.el.section(
            rx.heading(nb.OPS_ESCALATED, as_="h2", size="5", id="escalated-heading"),
            rx.el.p(nb.OPS_ESCALATED_LEAD, class_name="field-hint"),
            rx.cond(
                S.escalated.length() > 0,
                rx.el.ul(
                    rx.foreach(S.escalated, lambda item: pending_item(item, with_select=False, group_link=True)),
                    class_name="address-list", id="escalated", aria_labelledby="escalated-heading",
                ),
                rx.el.p(nb.OPS_ESCALATED_NONE),
            ),
        ),
        rx.el.section(
            rx.heading(nb.OPS_ALL_PENDING, " (", S.pending.length().to_string(), ")", as_="h2", size="5", id="all-pending-heading"),
            rx.cond(
                S.pending.length() > 0,
                rx.el.ul(rx.foreach(S.pending, lambda item: pending_item(item, with_select=False, group_link=True)), class_name="address-list", aria_labelledby="all-pending-heading"),
                rx.el.p(nb.ADMIN_NO_PENDING),
            ),
        ),
    )


def _finder() -> rx.Component:
    return rx.el.section(
        rx.heading(nb.OPS_FIND_GROUP, as_="h2", size="5"),
        labelled_input(nb.GROUPS_SEARCH_LABEL, "ops-search", type="search", auto_complete="off", max_length=100, on_change=S.search.debounce(200)),
        rx.el.ul(
            rx.foreach(
                S.hits,
                lambda h: rx.el.li(
                    rx.box(rx.el.strong(h.name), " ", rx.cond(h.org_number != "", rx.el.span(nb.GROUPS_ORG_NUMBER, " ", h.org_number, class_name="field-hint"))),
                    rx.el.button(nb.OPS_EDIT, type="button", **secondary(), on_click=S.open_group(h.id), aria_label=nb.OPS_EDIT + ": " + h.name.to(str)),
                ),
            ),
            class_name="address-list",
        ),
        rx.el.button(nb.OPS_NEW_GROUP, type="button", **secondary(), on_click=S.new_group),
    )


def _editor() -> rx.Component:
    return rx.el.section(
        rx.heading(rx.cond(S.group_id != "", nb.OPS_EDIT_GROUP.format(group="") + S.name, nb.OPS_NEW_GROUP), as_="h2", size="5", id="editor-heading"),
        error_box(S.error),
        info_box(S.info),
        rx.form(
            labelled_input(nb.OPS_NAME, "name", default_value=S.name, required=True, max_length=200, key=S.group_id + "-name"),
            labelled_input(nb.OPS_ORG_NUMBER, "org_number", default_value=S.org_number, input_mode="numeric", max_length=11, key=S.group_id + "-nr"),
            rx.box(
                rx.el.label(nb.OPS_KIND, html_for="kind", class_name="field-label"),
                rx.el.select(*[rx.el.option(label, value=value) for value, label in nb.KIND_NAMES.items()], id="kind", name="kind", default_value=S.kind, class_name="ds-input field-input", key=S.group_id + "-kind"),
                class_name="field",
            ),
            rx.el.button(rx.cond(S.group_id != "", nb.OPS_SAVE, nb.OPS_CREATE), type="submit", **primary()),
            on_submit=S.save_group,
            reset_on_submit=False,
        ),
        rx.cond(S.group_id != "", _group_parts()),
    )


def _group_parts() -> rx.Component:
    return rx.fragment(
        rx.heading(nb.OPS_DOMAINS, as_="h3", size="4"),
        rx.cond(
            S.domains.length() > 0,
            rx.el.ul(
                rx.foreach(
                    S.domains,
                    lambda d: rx.el.li(
                        rx.el.code(d),
                        rx.cond(
                            S.removing_domain == d,
                            rx.box(
                                rx.el.button(nb.OPS_CONFIRM_REMOVE_DOMAIN[0], d, nb.OPS_CONFIRM_REMOVE_DOMAIN[1], type="button", **primary(), on_click=S.remove_domain(d)),
                                rx.el.button(nb.ADMIN_CANCEL, type="button", **secondary(), on_click=S.cancel_remove),
                                class_name="actions",
                            ),
                            rx.el.button(nb.OPS_REMOVE_DOMAIN.format(domain=""), d, type="button", **secondary(), on_click=S.start_remove_domain(d)),
                        ),
                    ),
                ),
                class_name="address-list", id="domains",
            ),
            rx.el.p(nb.OPS_NO_DOMAINS),
        ),
        rx.form(
            labelled_input(nb.OPS_DOMAIN, "domain", nb.OPS_DOMAIN_HINT, required=True, max_length=253, auto_complete="off"),
            rx.el.button(nb.OPS_ADD_DOMAIN, type="submit", **secondary()),
            on_submit=S.add_domain,
            reset_on_submit=True,
        ),
        rx.heading(nb.OPS_ADMINS, as_="h3", size="4"),
        rx.cond(
            S.admins.length() > 0,
            rx.el.ul(
                rx.foreach(S.admins, lambda a: rx.el.li(rx.el.strong(a.name), rx.el.button(nb.OPS_REMOVE_ADMIN.format(name=""), a.name, type="button", **secondary(), on_click=S.remove_admin(a.id)))),
                class_name="address-list",
            ),
            rx.el.p(nb.OPS_NO_ADMINS),
        ),
        rx.form(
            labelled_input(nb.OPS_ADMIN_EMAIL, "admin_email", type="email", required=True, max_length=254, auto_complete="off"),
            rx.el.button(nb.OPS_ADD_ADMIN, type="submit", **secondary()),
            on_submit=S.add_admin,
            reset_on_submit=True,
        ),
        rx.el.p(rx.link(nb.OPS_OPEN_DASHBOARD, href="/administrer?g=" + S.group_id)),
    )


def operator_page() -> rx.Component:
    return ops_page(
        nb.OPS_HEADING,
        S,
        _requests(),
        _finder(),
        _editor(),
        rx.el.section(rx.heading(nb.OPS_AUDIT, as_="h2", size="5", id="ops-audit-heading"), audit_table(S.audit, "ops-audit-heading")),
    )
