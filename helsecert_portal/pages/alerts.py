"""Varsler (/varsler) and one alert (/varsel?id=): TLP shown as TLP 2.0 specifies, and as text."""

import reflex as rx

from ..components.layout import error_box, info_box, labelled_input, page, primary, secondary, warning_box
from ..state.alerts import AlertsState as L
from ..state.alerts import AlertState as A
from ..state.session import SessionState
from ..texts import nb


def tlp_label(row: rx.Var) -> rx.Component:
    """TLP 2.0: the label in its colour on black, always as text."""
    return rx.el.span(row.tlp_label, class_name="tlp " + row.tlp_class.to(str))


def alert_item(row: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.h3(rx.link(row.reference, " – ", row.title, href="/varsel?id=" + row.id.to(str)), class_name="alert-title"),
        rx.box(
            tlp_label(row),
            rx.el.span(nb.ALERT_SEVERITY, ": ", row.severity_text, class_name="severity severity-" + row.severity.to(str)),
            rx.cond(row.unread, rx.el.span(nb.ALERTS_UNREAD, class_name="unread-mark")),
            rx.cond(row.withdrawn, rx.el.span(nb.ALERTS_WITHDRAWN, class_name="withdrawn-mark")),
            class_name="alert-meta",
        ),
        rx.el.p(row.summary),
        rx.el.p(
            nb.ALERTS_PUBLISHED.format(at=""), row.published,
            rx.cond(row.updated != "", rx.el.span(" · ", nb.ALERTS_UPDATED.format(at=""), row.updated)),
            rx.cond(row.cves != "", rx.el.span(" · ", row.cves)),
            class_name="field-hint",
        ),
        class_name="alert-item",
    )


def alert_list(rows: rx.Var, labelled_by: str, empty: str) -> rx.Component:
    return rx.cond(rows.length() > 0, rx.el.ul(rx.foreach(rows, alert_item), class_name="alert-list", aria_labelledby=labelled_by), rx.el.p(empty))


def _filters() -> rx.Component:
    return rx.el.section(
        rx.heading(nb.ALERTS_FILTERS, as_="h2", size="5", id="filters-heading"),
        rx.form(
            rx.box(
                rx.cond(
                    SessionState.logged_in,
                    rx.box(rx.el.input(type="checkbox", id="unread", name="unread", default_checked=L.unread_only), rx.el.label(nb.ALERTS_FILTER_UNREAD, html_for="unread"), class_name="check-field"),
                ),
                rx.box(
                    rx.el.label(nb.ALERTS_FILTER_SEVERITY, html_for="severity", class_name="field-label"),
                    rx.el.select(rx.el.option(nb.ALERTS_FILTER_ANY, value=""), *[rx.el.option(t, value=v) for v, t in nb.SEVERITY.items()], id="severity", name="severity", default_value=L.severity, class_name="ds-input field-input"),
                    class_name="field",
                ),
                labelled_input(nb.ALERTS_FILTER_CVE, "cve", default_value=L.cve, max_length=30, auto_complete="off", placeholder="CVE-2024-21762"),
                labelled_input(nb.ALERTS_FILTER_TEXT, "text", type="search", default_value=L.text, max_length=100),
                labelled_input(nb.ALERTS_FILTER_SINCE, "since", type="date", default_value=L.since),
                class_name="filter-grid",
            ),
            rx.box(
                rx.el.button(nb.ALERTS_FILTER_APPLY, type="submit", **primary()),
                rx.el.button(nb.ALERTS_FILTER_CLEAR, type="reset", **secondary(), on_click=L.clear_filters),
                class_name="actions",
            ),
            on_submit=L.apply_filters,
            reset_on_submit=False,
            aria_labelledby="filters-heading",
        ),
    )


def alerts_page() -> rx.Component:
    return page(
        rx.heading(nb.ALERTS_HEADING, as_="h1", size="8"),
        rx.el.p(nb.ALERTS_LEAD, class_name="lead"),
        rx.cond(~SessionState.logged_in, rx.el.p(rx.link(nb.ALERTS_LOGIN_HINT, href="/logg-inn?neste=/varsler"))),
        rx.el.p(rx.el.a(nb.ALERTS_FEED_LINK, href="/varsler.atom", type="application/atom+xml")),
        _filters(),
        error_box(L.error),
        rx.el.section(
            rx.heading(nb.ALERTS_COUNT.format(count=""), as_="h2", size="5", id="alert-list-heading", class_name="sr-only"),
            rx.el.p(L.rows.length().to_string(), " ", nb.ALERTS_COUNT.format(count="").strip(), aria_live="polite", id="alert-count"),
            rx.cond(L.loaded, alert_list(L.rows, "alert-list-heading", nb.ALERTS_NONE), rx.el.p(nb.LOADING)),
        ),
    )


def _lines(heading: str, items: rx.Var, id_: str) -> rx.Component:
    return rx.cond(items.length() > 0, rx.el.section(rx.heading(heading, as_="h2", size="5", id=id_), rx.el.ul(rx.foreach(items, lambda t: rx.el.li(t)), aria_labelledby=id_)))


def _ack_form(ack: rx.Var) -> rx.Component:
    group_id = ack.group_id.to(str)
    return rx.form(
        rx.el.fieldset(
            rx.el.legend(nb.ALERT_ACK_STATUS.format(group=""), ack.group),
            rx.el.p(nb.ALERT_ACK_CURRENT.format(status=""), rx.el.strong(ack.status_text), rx.cond(ack.by_at != "", rx.el.span(" (", nb.ALERT_ACK_BY.format(at=""), ack.by_at, ")")), class_name="field-hint"),
            rx.box(
                *[
                    rx.box(
                        rx.el.input(type="radio", name="status", value=v, id="ack-" + group_id + "-" + v, default_checked=ack.status == v, required=True),
                        rx.el.label(t, html_for="ack-" + group_id + "-" + v),
                        class_name="check-field",
                    )
                    for v, t in nb.ACK_STATUS.items()
                ],
                class_name="radio-row",
            ),
            rx.el.input(type="hidden", name="group_id", value=group_id),
            rx.box(
                rx.el.label(nb.ALERT_ACK_NOTE, html_for="note-" + group_id, class_name="field-label"),
                rx.el.textarea(id="note-" + group_id, name="note", default_value=ack.note, max_length=1000, rows=2, class_name="ds-input field-input"),
                class_name="field",
            ),
            rx.el.button(nb.ALERT_ACK_SAVE, type="submit", **primary(), disabled=A.busy),
        ),
        on_submit=A.acknowledge,
        reset_on_submit=False,
        key=group_id + ack.status.to(str),
    )


def _detail() -> rx.Component:
    row = A.row
    return rx.el.article(
        rx.heading(row.reference, " – ", row.title, as_="h1", size="7"),
        rx.box(
            tlp_label(row),
            rx.el.span(nb.ALERT_SEVERITY, ": ", row.severity_text, class_name="severity severity-" + row.severity.to(str)),
            rx.cond(row.withdrawn, rx.el.span(nb.ALERTS_WITHDRAWN, class_name="withdrawn-mark")),
            class_name="alert-meta",
        ),
        rx.cond(row.withdrawn, rx.el.p(nb.ALERT_WITHDRAWN_NOTE, **warning_box())),
        rx.match(row.tlp, *[(k, rx.el.p(v, class_name="tlp-note")) for k, v in nb.TLP_NOTES.items()], rx.fragment()),
        rx.el.p(nb.ALERTS_PUBLISHED.format(at=""), row.published, rx.cond(row.updated != "", rx.el.span(" · ", nb.ALERTS_UPDATED.format(at=""), row.updated)), class_name="field-hint"),
        rx.el.p(row.summary, class_name="lead"),
        rx.cond(A.cvss != "", rx.el.p(rx.el.strong(nb.ALERT_CVSS, ": "), A.cvss, class_name="wrap-anywhere")),
        rx.cond(row.cves != "", rx.el.p(rx.el.strong(nb.ALERT_CVES, ": "), row.cves)),
        _lines(nb.ALERT_ACTIONS, A.actions, "actions-heading"),
        _lines(nb.ALERT_PRODUCTS, A.products, "products-heading"),
        rx.cond(A.body_html != "", rx.el.section(rx.heading(nb.ALERT_DETAILS, as_="h2", size="5"), rx.html(A.body_html, class_name="alert-body"))),
        rx.cond(
            A.links.length() > 0,
            rx.el.section(
                rx.heading(nb.ALERT_LINKS, as_="h2", size="5", id="links-heading"),
                rx.el.ul(rx.foreach(A.links, lambda u: rx.el.li(rx.link(u, href=u, is_external=True, class_name="wrap-anywhere"))), aria_labelledby="links-heading"),
            ),
        ),
        rx.cond(
            A.revisions.length() > 0,
            rx.el.section(
                rx.heading(nb.ALERT_REVISIONS, as_="h2", size="5", id="revisions-heading"),
                rx.el.ul(rx.foreach(A.revisions, lambda r: rx.el.li(nb.ALERT_VERSION, " ", r.number.to_string(), ", ", r.at, ": ", r.change)), aria_labelledby="revisions-heading"),
            ),
        ),
        rx.cond(
            A.acks.length() > 0,
            rx.el.section(
                rx.heading(nb.ALERT_ACK_HEADING, as_="h2", size="5", id="ack-heading"),
                rx.el.p(nb.ALERT_ACK_LEAD),
                error_box(A.error, "ack-error"),
                info_box(A.info),
                rx.foreach(A.acks, _ack_form),
                aria_labelledby="ack-heading",
            ),
        ),
    )


def alert_page() -> rx.Component:
    return page(
        rx.el.p(rx.link(nb.ALERT_BACK, href="/varsler")),
        rx.cond(
            A.loaded,
            rx.cond(
                A.found,
                _detail(),
                rx.fragment(rx.heading(nb.ALERTS_HEADING, as_="h1", size="8"), error_box(rx.cond(A.gone, nb.ALERT_GONE, A.error))),
            ),
            rx.el.p(nb.LOADING),
        ),
    )
