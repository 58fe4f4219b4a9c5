"""Tjenester: the CERT's services the viewer's groups give them, each opening its back-end (guide step 3:
«riktig tilganger … mot våre andre baksystemer»)."""

import reflex as rx

from ..components.layout import error_box, page
from ..state.services import ServicesState as S
from ..texts import nb


def service_list(items: rx.Var, labelled_by: str, empty: str) -> rx.Component:
    """Each service as a card: its name is the link, then what it is, where the link goes, and whether it logs in."""
    return rx.cond(
        items.length() > 0,
        rx.el.ul(
            rx.foreach(
                items,
                lambda s: rx.el.li(
                    rx.el.h3(rx.el.a(s.name, href=s.url, class_name="service-link")),
                    rx.cond(s.description != "", rx.el.p(s.description, class_name="user-text")),
                    rx.el.p(nb.SERVICES_AT.format(host="") + s.host.to(str), rx.cond(s.single_sign_on, rx.fragment(" · ", nb.SERVICES_SSO)), class_name="field-hint"),
                    class_name="alert-item",
                ),
            ),
            class_name="service-list",
            aria_labelledby=labelled_by,
        ),
        rx.el.p(empty),
    )


def services_page() -> rx.Component:
    return page(
        rx.heading(nb.SERVICES_HEADING, as_="h1", size="8", id="services-heading"),
        rx.el.p(nb.SERVICES_LEAD, class_name="lead"),
        rx.cond(S.loaded, rx.fragment(error_box(S.error), service_list(S.services, "services-heading", nb.SERVICES_NONE)), rx.el.p(nb.LOADING)),
    )
