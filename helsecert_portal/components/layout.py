"""The one page wrapper: skip link, header («Logg inn» top right; in the menu on phones), main, footer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex_components_core.react_router.dom import ReactRouterLink

from ..state.bulletins import BulletinState
from ..state.session import SessionState
from ..texts import nb

NAV_LINKS = ((nb.NAV_HOME, "/"), (nb.NAV_GROUPS, "/medlemsgrupper"), (nb.NAV_GUIDE, "/veileder"), (nb.NAV_HELP, "/hjelp"))
OPS_LINKS = ((nb.OPS_NAV, "/drift"), (nb.DESK_NAV, "/drift/varsler"), (nb.NOTICES_NAV, "/drift/driftsmeldinger"), (nb.BACKENDS_NAV, "/drift/tjenester"))
DESKTOP = ["none", "none", "none", "flex"]
MOBILE = ["block", "block", "block", "none"]
ACCENT = "#0b5394"


# Designsystemet's buttons and alerts (components/designsystemet.py): `rx.el.button(label, **primary())`, `rx.el.p(text,
# **warning_box())`. A fresh dict each time: a component keeps the dict it was given, so one must never be shared.
def _ds(classes: str, attr: str = "", value: str = "") -> dict[str, Any]:
    return {"class_name": classes, "custom_attrs": {attr: value}} if attr else {"class_name": classes}


def primary() -> dict[str, Any]:
    return _ds("ds-button button-primary")


def secondary() -> dict[str, Any]:
    return _ds("ds-button button-secondary", "data-variant", "secondary")


def danger_box() -> dict[str, Any]:
    return _ds("ds-alert error-box", "data-color", "danger")


def warning_box() -> dict[str, Any]:
    return _ds("ds-alert warning-box", "data-color", "warning")


def success_box() -> dict[str, Any]:
    return _ds("ds-alert info-box", "data-color", "success")


def button_link(label: str | rx.Var, href: str | rx.Var, **props: Any) -> rx.Component:
    """A link that looks like a Designsystemet button (client-side routing). Not rx.link: Radix's reset class on it
    would undo the button's layered styles."""
    return ReactRouterLink.create(label, to=href, **primary(), **props)


def document_link(label: str, href: str | rx.Var, **props: Any) -> rx.Component:
    """A link to a backend route (login, logout): the browser navigates for real, not the client router."""
    return ReactRouterLink.create(label, href=href, reload_document=True, **props)


def _nav_link(label: str, href: str) -> rx.Component:
    return rx.el.li(rx.link(label, href=href, class_name="nav-link"))


def _alerts_link() -> rx.Component:
    """«Varsler» with the number of unread alerts (as text for screen readers too)."""
    return rx.el.li(
        rx.link(
            nb.ALERTS_NAV,
            rx.cond(
                BulletinState.unread > 0,
                rx.el.span(BulletinState.unread.to_string(), rx.el.span(" ", nb.ALERTS_UNREAD_BADGE, class_name="sr-only"), class_name="unread-count"),
            ),
            href="/varsler",
            class_name="nav-link",
        )
    )


def ops_nav() -> rx.Component:
    """The CERT-drift pages' own navigation."""
    return rx.el.nav(rx.el.ul(*[_nav_link(*link) for link in OPS_LINKS], class_name="nav-list"), aria_label=nb.OPS_NAV, class_name="sub-nav")


def ops_page(heading: str, state: Any, *children: rx.Component) -> rx.Component:
    """A CERT-drift page: its h1 and navigation, then its content once loaded for an operator, else why not."""
    return page(
        rx.heading(heading, as_="h1", size="8"),
        ops_nav(),
        rx.cond(state.loaded, rx.cond(state.allowed, rx.fragment(*children), error_box(state.error)), rx.el.p(nb.LOADING)),
    )


def _banners() -> rx.Component:
    """Every active driftsmelding for this viewer, on every page; updated live."""
    return rx.cond(
        BulletinState.banners.length() > 0,
        rx.el.section(
            rx.el.h2(nb.NOTICE_BANNER, class_name="sr-only", id="banner-heading"),
            rx.foreach(
                BulletinState.banners,
                lambda n: rx.box(
                    rx.el.strong(n.level_text, ": ", n.title),
                    rx.el.span(" · ", n.period, class_name="banner-period"),  # when it began (and ends): a notice is dated
                    " ",
                    rx.el.span(n.body, class_name="pre-line"),
                    class_name="banner banner-" + n.level.to(str),
                ),
            ),
            aria_labelledby="banner-heading",
            class_name="banners",
            id="banners",
        ),
    )


def _badge() -> rx.Component:
    """The in-portal notification: how many join requests wait for this administrator."""
    return rx.cond(
        SessionState.admin_badge > 0,
        rx.el.span(
            SessionState.admin_badge.to_string(),
            rx.el.span(" ", nb.ADMIN_BADGE_WAITING, class_name="sr-only"),
            class_name="admin-badge",
        ),
    )


def _role_links() -> rx.Component:
    return rx.fragment(
        rx.cond(SessionState.is_admin, rx.el.li(rx.link(nb.ADMIN_NAV, _badge(), href="/administrer", class_name="nav-link"))),
        rx.cond(
            SessionState.is_operator,
            rx.el.li(rx.link(nb.OPS_NAV, rx.cond(~SessionState.is_admin, _badge()), href="/drift", class_name="nav-link")),
        ),
    )


def _account_controls() -> rx.Component:
    return rx.cond(
        SessionState.logged_in,
        rx.hstack(
            rx.link(
                rx.el.span(nb.NAV_PROFILE, class_name="profile-label"), rx.el.span(SessionState.display_name, class_name="profile-name"),
                href="/min-profil", class_name="nav-link profile-link", id="profile-link",
            ),
            document_link(nb.LOGOUT, SessionState.logout_href, **secondary(), id="logout-link"),
            spacing="3",
            align="center",
        ),
        button_link(nb.LOGIN, "/logg-inn", id="login-link"),
    )


def header() -> rx.Component:
    brand = rx.link(
        rx.image(src="/favicon.svg", alt="", width="28", height="28", class_name="brand-mark"),  # the name beside it says it
        rx.el.span(nb.SITE_NAME, class_name="brand-name"),
        href="/",
        class_name="brand",
    )
    desktop = rx.box(
        rx.el.nav(rx.el.ul(_nav_link(*NAV_LINKS[0]), _alerts_link(), *[_nav_link(*link) for link in NAV_LINKS[1:]], _role_links(), class_name="nav-list"), aria_label=nb.NAV_MAIN),
        _account_controls(),
        display=DESKTOP,
        align_items="center",
        gap="1.5rem",
    )
    mobile = rx.box(
        rx.el.details(
            rx.el.summary(nb.MENU, rx.cond(SessionState.is_admin | SessionState.is_operator, _badge()), class_name="menu-button", id="menu-button"),
            rx.el.nav(
                rx.el.ul(_nav_link(*NAV_LINKS[0]), _alerts_link(), *[_nav_link(*link) for link in NAV_LINKS[1:]], _role_links(), class_name="menu-list"),
                _account_controls(),
                aria_label=nb.NAV_MAIN,
                class_name="menu-panel",
            ),
            class_name="menu",
        ),
        display=MOBILE,
    )
    return rx.el.header(
        rx.box(brand, desktop, mobile, class_name="header-inner"),
        class_name="site-header",
    )


def footer() -> rx.Component:
    return rx.el.footer(
        rx.box(
            rx.text(nb.SITE_NAME, weight="bold"),
            rx.text(  # real links: a phone dials, an address opens the mail program
                nb.FOOTER_CONTACT, " ", rx.link(nb.HELP_EMAIL, href=f"mailto:{nb.HELP_EMAIL}"), " · ",
                rx.link(nb.HELP_PHONE, href=f"tel:{nb.HELP_PHONE_TEL}"), " ", nb.HELP_PHONE_NOTE,
                class_name="footer-contact",
            ),
            rx.el.nav(
                rx.el.ul(
                    _nav_link(nb.NAV_GUIDE, "/veileder"),
                    _nav_link(nb.NAV_HELP, "/hjelp"),
                    _nav_link(nb.NAV_PRIVACY, "/personvern"),
                    _nav_link(nb.NAV_ACCESSIBILITY, "/tilgjengelighet"),
                    rx.el.li(rx.link(nb.NAV_HELSECERT, href=nb.HELSECERT_URL, is_external=True)),
                    class_name="nav-list",
                ),
                aria_label=nb.FOOTER_NAV,
            ),
            rx.text(nb.FOOTER_ACCESSIBILITY, size="2"),
            class_name="footer-inner",
        ),
        class_name="site-footer",
    )


def page(*children: rx.Component, banners: bool = True) -> rx.Component:
    return rx.fragment(
        rx.el.a(nb.SKIP_LINK, href="#main", class_name="skip-link", on_click=rx.set_focus("main")),
        header(),
        # Busy until the page is live (hydrated and its on_load done): a click before that would be lost.
        rx.el.main(rx.box(_banners() if banners else rx.fragment(), *children, class_name="content"), id="main", tab_index=-1, aria_busy=rx.cond(rx.State.is_hydrated, "false", "true")),
        footer(),
    )


def error_box(message: rx.Var | str, id_: str = "form-error") -> rx.Component:
    """A form-level message in a polite live region, so screen readers hear it."""
    return rx.box(
        rx.cond(message != "", rx.el.p(message, **danger_box(), role="alert")),
        aria_live="polite",
        id=id_,
    )


def info_box(message: rx.Var | str) -> rx.Component:
    return rx.box(rx.cond(message != "", rx.el.p(message, **success_box())), aria_live="polite")


def labelled_input(label: str, field_id: str, hint: str = "", element: Callable[..., rx.Component] = rx.el.input, error_id: str = "form-error", **props: Any) -> rx.Component:
    """A visible label tied to its input (or `element=rx.el.textarea`); the hint and the form's error are read with it."""
    hint_id = f"{field_id}-hint"
    return rx.box(
        rx.el.label(label, html_for=field_id, class_name="field-label"),
        rx.el.p(hint, id=hint_id, class_name="field-hint") if hint else rx.fragment(),
        element(id=field_id, name=field_id, aria_describedby=f"{hint_id} {error_id}" if hint else error_id, class_name="ds-input field-input", **props),
        class_name="field",
    )


def submit_or_cancel(submit: str, on_cancel: rx.event.EventType, cancel: str = nb.ADMIN_CANCEL, busy: rx.Var | bool = False) -> rx.Component:
    """The two buttons under a small form: do it, or leave it."""
    return rx.box(
        rx.el.button(submit, type="submit", **primary(), disabled=busy),
        rx.el.button(cancel, type="button", **secondary(), on_click=on_cancel),
        class_name="actions",
    )


def work_email_input(hint: str, webmail_warning: rx.Var) -> rx.Component:
    """The work e-mail field, with the private-webmail warning beside it (registration and «Min profil»)."""
    return rx.fragment(
        labelled_input(nb.REGISTER_EMAIL, "email", hint, type="email", auto_complete="email", required=True, max_length=254),
        rx.cond(webmail_warning, rx.el.p(nb.REGISTER_WEBMAIL_WARNING, **warning_box(), role="alert")),
    )


def support_contact(lead: str = "") -> rx.Component:
    """Support's e-mail and phone as real links (Hjelp, and wherever a user may get stuck)."""
    return rx.box(
        rx.el.p(lead) if lead else rx.fragment(),
        rx.el.p(nb.HELP_EMAIL_LABEL, " ", rx.link(nb.HELP_EMAIL, href=f"mailto:{nb.HELP_EMAIL}")),
        rx.el.p(nb.HELP_PHONE_LABEL, " ", rx.link(nb.HELP_PHONE, href=f"tel:{nb.HELP_PHONE_TEL}"), " ", nb.HELP_PHONE_NOTE),
    )


def list_table(headers: list[str], rows: rx.Var, cells: Callable[[Any], list[Any]], labelled_by: str, class_name: str = "") -> rx.Component:
    """A table, and on a phone a list of small cards (no sideways scrolling, no broken words): `cells` gives one
    row's cell contents in the order of `headers`, and each cell is named by its column (data-label)."""
    return rx.box(
        rx.el.table(
            rx.el.thead(rx.el.tr(*[rx.el.th(h, scope="col") for h in headers])),
            rx.el.tbody(rx.foreach(rows, lambda r: rx.el.tr(*[rx.el.td(c, custom_attrs={"data-label": h}) for c, h in zip(cells(r), headers, strict=True)]))),
            class_name=("audit-table " + class_name).strip(),
            aria_labelledby=labelled_by,
        ),
        class_name="table-scroll",
        tab_index=0,
        role="region",
        aria_labelledby=labelled_by,
    )


def audit_table(rows: rx.Var, labelled_by: str, with_group: bool = True) -> rx.Component:
    """Who did what, when and why."""
    headers = [nb.ADMIN_AUDIT_WHEN, nb.ADMIN_AUDIT_WHO, nb.ADMIN_AUDIT_WHAT, nb.ADMIN_AUDIT_SUBJECT]
    keys = ["at", "actor", "action", "subject"]
    if with_group:
        headers.append(nb.NAV_GROUPS)
        keys.append("group")
    headers.append(nb.ADMIN_AUDIT_WHY)
    keys.append("detail")
    return rx.cond(rows.length() > 0, list_table(headers, rows, lambda r: [getattr(r, k) for k in keys], labelled_by), rx.el.p(nb.ADMIN_AUDIT_EMPTY))
