"""Medlemsgruppe: one group as its members see it (guide step 5: «medlemsgruppen åpnes»)."""

import reflex as rx

from ..components.layout import button_link, error_box, info_box, page, success_box, warning_box
from ..state.group_page import GroupPageState as S
from ..texts import nb
from .alerts import alert_list
from .services import service_list


def _group() -> rx.Component:
    return rx.fragment(
        info_box(S.linked),
        rx.el.p(S.kind, rx.cond(S.org_number != "", rx.fragment(" · ", nb.GROUPS_ORG_NUMBER, " ", S.org_number)), class_name="lead"),
        rx.cond(
            S.member,
            rx.el.p(nb.GROUP_MEMBER_SINCE, " (", S.how, ").", **success_box(), id="membership-basis"),
            rx.el.p(nb.GROUP_NOT_MEMBER, **warning_box()),
        ),
        rx.cond(
            S.member,
            rx.fragment(
                rx.el.section(
                    rx.heading(nb.GROUP_ALERTS_HEADING, as_="h2", size="5", id="group-alerts-heading"),
                    alert_list(S.alerts, "group-alerts-heading", nb.GROUP_ALERTS_NONE),
                    rx.el.p(rx.link(nb.GROUP_ALL_ALERTS, href="/varsler")),
                ),
                rx.el.section(
                    rx.heading(nb.GROUP_SERVICES_HEADING, as_="h2", size="5", id="group-services-heading"),
                    service_list(S.services, "group-services-heading", nb.GROUP_SERVICES_NONE),
                    rx.el.p(rx.link(nb.GROUP_ALL_SERVICES, href="/tjenester")),
                    rx.el.p(nb.GROUP_INCIDENTS),
                ),
            ),
        ),
        rx.box(
            rx.cond(S.can_administer, button_link(nb.GROUP_ADMINISTER, "/administrer?g=" + S.group_id)),
            rx.link(nb.GROUP_BACK, href="/medlemsgrupper"),
            class_name="actions",
        ),
    )


def group_page() -> rx.Component:
    return page(
        rx.heading(rx.cond(S.name != "", S.name, nb.GROUPS_HEADING), as_="h1", size="8"),
        rx.cond(
            S.loaded,
            rx.cond(S.name != "", _group(), rx.fragment(error_box(S.error), rx.link(nb.GROUP_BACK, href="/medlemsgrupper"))),
            rx.el.p(nb.LOADING),
        ),
    )
