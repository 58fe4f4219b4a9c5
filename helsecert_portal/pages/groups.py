"""Medlemsgrupper (guide step 5): result of the confirmation, memberships, requests, search."""

import reflex as rx

from ..components.layout import error_box, info_box, labelled_input, page, secondary, submit_or_cancel, success_box, support_contact, warning_box
from ..state.groups import SEARCH_LIMIT
from ..state.groups import GroupsState as S
from ..state.session import SessionState as F
from ..texts import nb


def _membership(item: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.box(
            rx.link(item.name, href="/medlemsgruppe?g=" + item.id.to(str), class_name="group-name"),
            " ",
            rx.cond(item.admin, rx.el.span(nb.GROUPS_ADMIN_BADGE, class_name="badge badge-ok")),
            rx.el.p(item.how, class_name="field-hint"),
        ),
    )


def _request(item: rx.Var) -> rx.Component:
    status = item.status.to(str)
    return rx.el.li(
        rx.box(
            rx.el.strong(item.group),
            " ",
            rx.el.span(item.status_text, class_name="badge badge-" + status, data_status=status),
            rx.el.p(nb.GROUPS_REQUEST_SENT_AT, " ", item.created, rx.cond(item.decided != "", rx.fragment(" · ", nb.GROUPS_REQUEST_DECIDED_AT, " ", item.decided)), class_name="field-hint"),
            rx.cond(item.message != "", rx.el.p(nb.GROUPS_YOUR_MESSAGE, ": ", item.message, class_name="user-text")),
            rx.cond(item.reason != "", rx.el.p(nb.GROUPS_REQUEST_REASON, ": ", item.reason, class_name="user-text")),
        ),
        rx.cond(
            status == "pending",
            rx.el.button(nb.GROUPS_WITHDRAW, type="button", **secondary(), on_click=S.withdraw(item.id), aria_label=nb.GROUPS_WITHDRAW + ": " + item.group.to(str)),
        ),
    )


def _request_form(item: rx.Var) -> rx.Component:
    return rx.form(
        rx.heading(nb.GROUPS_REQUEST_HEADING.format(group=""), S.chosen_name, as_="h3", size="4"),
        rx.cond(~item.has_admins, rx.el.p(nb.GROUPS_REQUEST_TO_CERT, **success_box(), id="request-to-cert")),
        labelled_input(nb.GROUPS_REQUEST_MESSAGE, "message", nb.GROUPS_REQUEST_MESSAGE_HINT, element=rx.el.textarea, max_length=1000, rows=3),
        submit_or_cancel(nb.GROUPS_REQUEST_SUBMIT, S.cancel_request, nb.GROUPS_REQUEST_CANCEL, busy=S.busy),
        on_submit=S.send_request,
        reset_on_submit=True,
        class_name="panel",
    )


def _hit(item: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.box(
            rx.el.strong(item.name, class_name="group-name"),
            rx.el.p(item.kind, rx.cond(item.org_number != "", rx.fragment(" · ", nb.GROUPS_ORG_NUMBER, " ", item.org_number)), class_name="field-hint"),
        ),
        rx.cond(
            F.member_of.contains(item.id),
            rx.el.span(nb.GROUPS_ALREADY_MEMBER, class_name="badge badge-ok"),
            rx.cond(
                F.requested.contains(item.id),
                rx.el.span(nb.GROUPS_ALREADY_REQUESTED, class_name="badge badge-pending"),
                rx.cond(
                    S.may_request,
                    rx.cond(
                        item.id == S.chosen_id,
                        _request_form(item),
                        rx.el.button(nb.GROUPS_CHOOSE, type="button", **secondary(), on_click=S.choose(item.id), aria_label=nb.GROUPS_CHOOSE + ": " + item.name.to(str)),
                    ),
                ),
            ),
        ),
        class_name="hit",
    )


def _search() -> rx.Component:
    return rx.el.section(
        rx.heading(nb.GROUPS_SEARCH_HEADING, as_="h2", size="5", id="search-heading"),
        rx.cond(
            ~S.may_request,
            rx.box(rx.el.p(nb.GROUPS_NEED_ADDRESS), rx.el.p(rx.link(nb.GROUPS_ADD_WORK_ADDRESS, href="/min-profil")), **warning_box(), id="need-work-address"),
        ),
        labelled_input(
            nb.GROUPS_SEARCH_LABEL, "group-search", nb.GROUPS_SEARCH_HINT,
            type="search", auto_complete="off", max_length=100, on_change=S.search.debounce(200),
        ),
        rx.box(
            rx.cond(
                S.total == 0,
                rx.el.p(nb.GROUPS_SEARCH_NONE),
                rx.cond(
                    S.similar,
                    rx.el.p(nb.GROUPS_SEARCH_SIMILAR, id="search-count"),
                    rx.cond(
                        S.total > 0,
                        rx.el.p(
                            rx.cond(S.total == 1, nb.GROUPS_SEARCH_ONE, nb.GROUPS_SEARCH_COUNT[0] + S.total.to_string() + nb.GROUPS_SEARCH_COUNT[1]),
                            rx.cond(S.total > SEARCH_LIMIT, rx.fragment(" ", nb.GROUPS_SEARCH_SHOWING.format(shown=SEARCH_LIMIT))),
                            id="search-count",
                        ),
                    ),
                ),
            ),
            aria_live="polite",
            role="status",
        ),
        rx.el.ul(rx.foreach(S.hits, _hit), class_name="address-list", aria_labelledby="search-heading"),
        aria_labelledby="search-heading",
    )


def _content() -> rx.Component:
    return rx.fragment(
        info_box(S.linked_text),
        rx.cond(S.linked_group_id != "", rx.el.p(rx.link(nb.GROUPS_OPEN_GROUP, href="/medlemsgruppe?g=" + S.linked_group_id, id="open-linked-group"))),
        rx.cond(S.no_match_text != "", rx.el.p(S.no_match_text, **warning_box())),
        error_box(S.error),
        info_box(S.info),
        info_box(rx.cond(F.requested.contains(S.sent_group_id), S.sent_text, "")),
        rx.el.section(
            rx.heading(nb.GROUPS_MINE, as_="h2", size="5"),
            rx.cond(F.memberships.length() > 0, rx.el.ul(rx.foreach(F.memberships, _membership), class_name="address-list", id="memberships"), rx.el.p(nb.GROUPS_NONE)),
        ),
        rx.el.section(
            rx.heading(nb.GROUPS_REQUESTS, as_="h2", size="5"),
            rx.cond(F.requests.length() > 0, rx.el.ul(rx.foreach(F.requests, _request), class_name="address-list", id="requests"), rx.el.p(nb.GROUPS_NO_REQUESTS)),
        ),
        _search(),
        rx.el.section(
            rx.heading(nb.GROUPS_NOT_FOUND_HEADING, as_="h2", size="5"),
            support_contact(nb.GROUPS_NOT_FOUND_TEXT),
        ),
    )


def groups_page() -> rx.Component:
    return page(
        rx.heading(nb.GROUPS_HEADING, as_="h1", size="8"),
        rx.el.p(nb.GROUPS_LEAD, class_name="lead"),
        rx.cond(S.loaded, _content(), rx.el.p(nb.LOADING)),
    )
