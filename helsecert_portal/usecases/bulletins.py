"""What one tab shows of alerts and notices, computed for that tab's caller when it is sent.

Every tab follows one bulletin feed; after any change to alerts or notices each tab gets the view its own
session cookie and the database allow at that moment: the banners, the unread count, and what its page
shows (the alert list with its filters, one alert, the group page's list, or the operators' desk).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlmodel import Session

from ..core.clock import Clock
from ..core.errors import PortalError
from ..domain import alerts as al
from ..domain.authorization import is_operator
from ..domain.notices import ActiveNotices, all_active
from ..domain.sessions import Caller
from . import alert_desk
from .alert_desk import AckRow, DeskRow
from .alerts import AlertDetail, AlertRow, Filters, detail, matching, pairs_for, readable_alert, unread_count, unread_in, viewer_of
from .notices import NoticeRow, banner_rows


@dataclass(frozen=True)
class Showing:
    """What the tab's page shows, read from the tab's own state (never trusted for rights)."""

    page: str = ""  # alerts | alert | group | desk
    filters: Filters = field(default_factory=Filters)
    alert_id: str = ""
    group_id: str = ""


@dataclass(frozen=True)
class BulletinView:
    banners: list[NoticeRow]
    unread: int
    rows: list[AlertRow] | None = None  # the list (alerts, group)
    detail: AlertDetail | None = None  # one alert (alert)
    gone: bool = False  # the alert is no longer readable for this caller
    desk: list[DeskRow] | None = None
    acks: list[AckRow] | None = None


@dataclass(frozen=True)
class Shared:
    """What every view of one live round reads alike: the alerts and the active notices (each viewer's share is
    then decided by the same rules, per viewer, without a query)."""

    board: al.Board
    notices: ActiveNotices


def shared(db: Session, clock: Clock) -> Shared:
    return Shared(al.board(db), all_active(db, clock))


def view_for(db: Session, clock: Clock, who: Caller | None, showing: Showing, common: Shared | None = None) -> BulletinView:
    viewer = viewer_of(db, who)
    board = common.board if common is not None else None
    pairs = pairs_for(db, viewer, board=board) if viewer.person_id or showing.page == "alerts" else []  # once, for the count and the list
    base = BulletinView(banner_rows(db, clock, viewer, common.notices if common is not None else None), unread_in(pairs))
    if showing.page == "alerts":
        return replace(base, rows=matching(pairs, showing.filters))
    if showing.page == "group" and (showing.group_id in viewer.group_ids or viewer.operator):
        return replace(base, rows=[r for _a, r in pairs_for(db, viewer, group_id=showing.group_id, board=board)])
    if showing.page == "alert":
        try:
            alert = readable_alert(db, viewer, showing.alert_id)
        except PortalError:
            return replace(base, gone=True)
        reads = al.read_revisions(db, viewer.person_id, [alert.id])
        return replace(base, detail=detail(db, alert, viewer, reads.get(alert.id)))
    if showing.page == "desk" and who is not None and is_operator(db, who.person.id):
        acks = alert_desk.ack_table(db, who, showing.alert_id) if showing.alert_id else None
        return replace(base, desk=alert_desk.desk(db, who), acks=acks)
    return base


def unread_for(db: Session, who: Caller | None) -> int:
    return unread_count(db, viewer_of(db, who))
