"""Varsler (/varsler) and one alert (/varsel?id=): the list with its filters, one alert, the group's status.

Both pages are open to anonymous visitors (who see TLP:CLEAR only); what anyone sees is computed from the
session cookie each time, and live deliveries are computed for each tab's own cookie (state/bulletins).
"""

from __future__ import annotations

import reflex as rx

from .. import services
from ..core.errors import PortalError
from ..domain.addresses import strip_controls
from ..texts import nb
from ..usecases import alerts, bulletins
from ..usecases.alerts import AckChoice, AlertRow, Filters, RevisionRow
from ..usecases.bulletins import BulletinView, Showing
from .bulletins import BulletinState, showing, shows
from .common import for_anyone, for_caller, user_message
from .effects import carry_out
from .guard import personal

FILTER_MAX = 100
SEVERITIES = ("kritisk", "hoy", "middels", "lav")


def _filters(form: dict) -> Filters:
    text = {k: strip_controls(str(form.get(k, ""))[:FILTER_MAX]).strip() for k in ("severity", "cve", "text", "since")}
    return Filters(unread=bool(form.get("unread")), severity=text["severity"] if text["severity"] in SEVERITIES else "", cve=text["cve"], text=text["text"], since=text["since"])


@personal
@shows("alerts")
class AlertsState(rx.State):
    loaded: bool = False
    rows: list[AlertRow] = []
    unread_only: bool = False
    severity: str = ""
    cve: str = ""
    text: str = ""
    since: str = ""
    error: str = ""

    async def _show(self, f: Filters) -> None:
        self.unread_only, self.severity, self.cve, self.text, self.since, self.error = f.unread, f.severity, f.cve, f.text, f.since, ""
        what = Showing("alerts", filters=f)
        try:
            view = await for_anyone(self, lambda db, who: bulletins.view_for(db, services.clock(), who, what))
        except PortalError as exc:
            self.error = user_message(exc)
            return
        await showing(self, what)
        self.rows, self.loaded = view.rows or [], True

    @rx.event
    async def load_alerts(self) -> None:
        await self._show(Filters(cve=strip_controls(self.router.url.query_parameters.get("cve", "")[:FILTER_MAX])))

    @rx.event
    async def apply_filters(self, form_data: dict) -> None:
        await self._show(_filters(form_data))

    @rx.event
    async def clear_filters(self) -> None:
        await self._show(Filters())

    async def _take(self, view: BulletinView) -> None:
        self.rows = view.rows or []


@personal
@shows("alert")
class AlertState(rx.State):
    loaded: bool = False
    found: bool = False
    gone: bool = False
    row: AlertRow = alerts.EMPTY_ROW
    body_html: str = ""
    cvss: str = ""
    products: list[str] = []
    actions: list[str] = []
    links: list[str] = []
    revisions: list[RevisionRow] = []
    acks: list[AckChoice] = []
    error: str = ""
    info: str = ""
    busy: bool = False

    def _detail(self, d: alerts.AlertDetail) -> None:
        self.found, self.gone, self.row, self.body_html, self.cvss = True, False, d.row, d.body_html, d.cvss
        self.products, self.actions, self.links, self.revisions, self.acks = d.products, d.actions, d.links, d.revisions, d.acks

    @rx.event
    async def load_alert(self) -> None:
        wanted, clock = self.router.url.query_parameters.get("id", "")[:64], services.clock()
        self.reset()
        try:
            outcome, unread = await for_anyone(self, lambda db, who: (alerts.open_alert(db, clock, who, wanted), bulletins.unread_for(db, who)))
        except PortalError as exc:
            self.error, self.loaded = user_message(exc), True
            return
        self._detail(outcome.value)
        self.loaded = True
        await showing(self, Showing("alert", alert_id=outcome.value.row.id))
        (await self.get_state(BulletinState)).unread = unread

    @rx.event
    async def acknowledge(self, form_data: dict) -> None:
        if self.busy or not self.row.id:
            return
        alert_id, clock = self.row.id, services.clock()
        group_id, status, note = str(form_data.get("group_id", "")), str(form_data.get("status", "")), str(form_data.get("note", ""))[:5000]
        self.busy, self.error, self.info = True, "", ""
        try:
            outcome = await for_caller(self, lambda db, who: alerts.acknowledge(db, clock, who, alert_id=alert_id, group_id=group_id, status=status, note=note))
        except PortalError as exc:
            self.busy, self.error = False, user_message(exc)
            return
        await carry_out(outcome)
        self._detail(outcome.value)
        ack = next((a for a in outcome.value.acks if a.group_id == group_id), None)
        self.busy, self.info = False, nb.ALERT_ACK_SAVED.format(group=ack.group, status=ack.status_text) if ack else ""

    async def _take(self, view: BulletinView) -> None:
        if view.detail is not None:
            self._detail(view.detail)
        elif view.gone:
            self.reset()
            self.loaded, self.gone = True, True

