"""Live updates without reload, bound to the session at the moment data is sent.

Alerts and notices reach every connected tab, each with the view computed for that tab's own cookie
(`receives_everywhere`). Otherwise a tab follows a feed (`person-<id>`, `group-<id>`, `operators`): the
follower registry (`core/followers.py`, Redis in production) holds only which tabs follow which feed,
never data, on every worker and instance. After a change, `publish` announces which feeds it touched (ids only)
to every worker (Redis pub/sub; with one worker it delivers at once). Each worker serves the tabs connected to it:
it computes the touched views that some tab of its follows, checks every such tab's right from that tab's session
cookie and the database (in one transaction), then hands the view to the tab's receiver under the tab's lock, only
if the tab still has the cookie that was checked. A tab whose caller logged out, lost the role or was replaced by
another person gets nothing and leaves the feed.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

import reflex as rx
from reflex.istate.manager.token import BaseStateToken
from sqlmodel import Session

from .. import services
from ..core import metrics
from ..domain.sessions import Caller
from ..usecases import feeds
from ..usecases.feeds import NOTHING, Notify
from .common import live_callers, off_loop, session_token

log = logging.getLogger(__name__)
OPERATORS_TOKEN = "operators"
_TASKS: set[asyncio.Task] = set()
_APP: list[rx.App] = []  # set once by the composition root (helsecert_portal.py)


def use_app(app: rx.App) -> None:
    """The composition root hands over the app, so this module never imports it."""
    _APP[:] = [app]


def person_token(person_id: str) -> str:
    return f"person-{person_id}"


def group_token(organisation_id: str) -> str:
    return f"group-{organisation_id}"


class Feed:
    """A kind of live feed; its tokens name one person, one group, or the operators."""

    name = ""


class PersonFeed(Feed):
    """Followed by SessionState: the person's own memberships, requests, roles and badge."""

    name = "person"


class GroupFeed(Feed):
    """Followed by AdminState: one group's pending requests."""

    name = "group"


class OperatorFeed(Feed):
    """Followed by OperatorState: every pending request."""

    name = "operators"




Check = Callable[[Session, Caller, str], bool]  # may this caller (a right of the person, not of one session) still receive the view named by key?
_RECEIVERS: dict[type[Feed], tuple[type[rx.State], Check]] = {}


def receives(feed: type[Feed], check: Check) -> Callable[[type[rx.State]], type[rx.State]]:
    """Class decorator: the state class whose `_receive(key, data, allowed)` a feed's deliveries go to,
    and the check of its caller's right, made for each tab from that tab's own session cookie."""

    def mark(cls: type[rx.State]) -> type[rx.State]:
        _RECEIVERS[feed] = (cls, check)
        return cls

    return mark


Compute = Callable[[list[tuple[str, Any]]], Mapping[tuple[str, Any], object]]  # (cookie, what the page shows) pairs -> each one's own view
_EVERY_TAB: list[tuple[type[rx.State], Compute]] = []


def receives_everywhere(compute: Compute) -> Callable[[type[rx.State]], type[rx.State]]:
    """Class decorator: the state that every connected tab (anonymous ones too) gets bulletins in, each view computed
    by `compute` for that tab's own cookie; the class has `_showing` (what its page shows) and `async _take(view)`.

    No SharedState: a feed that every tab follows makes Reflex patch it into every event of every tab and push an
    update to all its followers each time (measured: each of one tab's events reached every other tab)."""

    def mark(cls: type[rx.State]) -> type[rx.State]:
        _EVERY_TAB[:] = [(cls, compute)]
        return cls

    return mark


def _may_receive(cookies: set[str], check: Check, key: str) -> set[str]:
    """The cookies whose caller may receive the view now: their sessions in one query, each person's right checked
    once (a right is the person's, whichever of their tabs asks); a check that fails for any other reason refuses."""
    verdicts: dict[str, bool] = {}
    with services.db_session() as db:
        callers = live_callers(cookies, db)
        for who in callers.values():
            if who.person.id not in verdicts:
                try:
                    verdicts[who.person.id] = check(db, who, key)
                except Exception:
                    log.exception("live delivery: a right could not be checked")
                    verdicts[who.person.id] = False
    return {cookie for cookie, who in callers.items() if verdicts[who.person.id]}


async def follow(state: rx.State, feed: type[Feed], token: str | None) -> None:
    """Follow a feed (the caller's right was checked by the handler), or stop following when token is None."""
    await services.followers().follow(feed.name, state.router.session.client_token, token)


def _token_manager() -> Any:
    namespace = _APP[0].event_namespace
    return None if namespace is None else namespace._token_manager


def _here(manager: Any, tab: str) -> bool:
    """Whether the tab's websocket is connected to this worker (Reflex's record of a socket names its worker)."""
    record = manager.token_to_socket.get(tab)
    return record is not None and record.instance_id == manager.instance_id


async def _followers(feed: type[Feed], token: str) -> set[str]:
    """The tabs that follow this feed and are connected to this worker: every worker delivers to its own."""
    manager = _token_manager()
    if manager is None:
        return set()
    return {t for t in await services.followers().of(feed.name, token) if _here(manager, t)}


async def _prune(feed: type[Feed], token: str) -> None:
    """Closed tabs leave the feed (a closed tab reconnects through hydrate); done by the worker where the change was
    made, after the deliveries."""
    manager, registry = _token_manager(), services.followers()
    if manager is not None:
        tabs = await registry.of(feed.name, token)
        await registry.drop(feed.name, token, {t for t in tabs if not await manager.is_token_connected(t)})


async def _deliver(feed: type[Feed], tabs_here: set[str], key: str, data: object) -> None:
    """Each tab's right is checked from its own cookie and the database outside its lock (every following tab's
    cookie in one transaction), then the view is handed over under the tab's lock, only if the tab still has the
    cookie that was checked."""
    app, (receiver, check) = _APP[0], _RECEIVERS[feed]

    async def cookie_of(tab: str) -> tuple[str, str] | None:
        try:
            snapshot = await (await app.state_manager.get_state(BaseStateToken(ident=tab, cls=receiver))).get_state(receiver)
            return tab, session_token(snapshot)
        except Exception:
            log.exception("live delivery: a tab's state could not be read")
            return None

    tabs = [t for t in await asyncio.gather(*(cookie_of(tab) for tab in tabs_here)) if t is not None]
    allowed = await off_loop(lambda: _may_receive({cookie for _tab, cookie in tabs}, check, key))

    async def hand_over(tab: str, cookie: str) -> None:
        try:
            async with app.modify_state(BaseStateToken(ident=tab, cls=receiver)) as root:
                tab_state: Any = await root.get_state(receiver)
                await tab_state._receive(key, data, cookie in allowed and session_token(tab_state) == cookie)
        except Exception:  # one broken tab must not stop the others
            log.exception("live delivery to one tab failed")

    await asyncio.gather(*(hand_over(tab, cookie) for tab, cookie in tabs))


async def _connected_tabs() -> list[str]:
    """Every tab connected to this worker (each worker serves its own)."""
    manager = _token_manager()
    return [] if manager is None else [t for t in list(manager.token_to_socket) if _here(manager, t)]


async def _deliver_everywhere() -> None:
    """Each connected tab gets the view its own session allows now: the receiver says what its page shows
    (`_showing`); the views are computed for the tabs' cookies outside their locks (one per distinct cookie and
    page, in one transaction), and `_take(view)` runs under a tab's lock only if the tab still has that cookie and
    page (else its next page load computes it afresh)."""
    app, (receiver, compute) = _APP[0], _EVERY_TAB[0]

    async def seen(tab: str) -> tuple[str, str, object] | None:
        try:
            snapshot: Any = await (await app.state_manager.get_state(BaseStateToken(ident=tab, cls=receiver))).get_state(receiver)
            return tab, session_token(snapshot), snapshot._showing
        except Exception:
            log.exception("live delivery: a tab's state could not be read")
            return None

    tabs = [t for t in await asyncio.gather(*(seen(tab) for tab in await _connected_tabs())) if t is not None]
    views = await off_loop(lambda: compute([(cookie, showing) for _tab, cookie, showing in tabs]))

    async def hand_over(tab: str, cookie: str, showing: object) -> None:
        try:
            async with app.modify_state(BaseStateToken(ident=tab, cls=receiver)) as root:
                tab_state: Any = await root.get_state(receiver)
                if session_token(tab_state) == cookie and tab_state._showing == showing:
                    await tab_state._take(views[cookie, showing])
        except Exception:  # one broken tab must not stop the others
            log.exception("live delivery to one tab failed")

    await asyncio.gather(*(hand_over(*t) for t in tabs))


_ROUND = {"running": False, "again": False}


async def _bulletin_rounds() -> None:
    """At most one bulletin round at a time in this worker, and at most one more after it: however many changes
    arrive while a round runs (a member saving a status again and again), the next round shows them all."""
    if _ROUND["running"]:
        _ROUND["again"] = True
        return
    _ROUND["running"] = True
    try:
        while True:
            _ROUND["again"] = False
            await _deliver_everywhere()
            if not _ROUND["again"]:
                return
    finally:
        _ROUND["running"] = False


def _touched(notify: Notify) -> list[tuple[type[Feed], str, str]]:
    """The feeds a change touched, with the key of each one's view (its audience already added)."""
    out: list[tuple[type[Feed], str, str]] = [(GroupFeed, group_token(g), g) for g in sorted(notify.groups)]
    if notify.groups:
        out.append((OperatorFeed, OPERATORS_TOKEN, ""))
    return out + [(PersonFeed, person_token(p), p) for p in sorted(notify.people)]


def _view(db: Session, feed: type[Feed], key: str) -> object:
    return feeds.person_view(db, key) if feed is PersonFeed else feeds.pending_view(db, key or None)


async def _publish(notify: Notify, *, prune: bool) -> None:
    """Deliver the views a change touched (`notify` with its audience) to the tabs connected to this worker: only
    the views some tab here follows are computed, in one transaction."""
    with metrics.publish_seconds.time():
        touched = _touched(notify)
        here = await asyncio.gather(*(_followers(feed, token) for feed, token, _key in touched))
        wanted = [(feed, token, key, tabs) for (feed, token, key), tabs in zip(touched, here, strict=True) if tabs]

        def views() -> list[object]:
            with services.db_session() as db:
                return [_view(db, feed, key) for feed, _token, key, _tabs in wanted]

        for (feed, _token, key, tabs), data in zip(wanted, await off_loop(views) if wanted else [], strict=True):
            await _deliver(feed, tabs, key, data)
        if notify.bulletins and _EVERY_TAB:
            await _bulletin_rounds()
    if prune:
        for feed, token, _key in touched:
            await _prune(feed, token)


def _with_audience(notify: Notify) -> Notify:
    with services.db_session() as db:
        return feeds.with_audience(db, notify)


def _encode(notify: Notify, origin: str) -> str:
    return json.dumps({"groups": sorted(notify.groups), "people": sorted(notify.people), "bulletins": notify.bulletins, "origin": origin})


def _decode(message: str) -> tuple[Notify, str]:
    """An announcement as it was made; anything else on the channel is nothing to deliver."""
    try:
        data = json.loads(message)
        groups, people, bulletins, origin = data["groups"], data["people"], data["bulletins"], data["origin"]
        lists = isinstance(groups, list) and isinstance(people, list)
        if lists and all(isinstance(x, str) for x in [*groups, *people, origin]) and isinstance(bulletins, bool):
            return Notify.of(groups=groups, people=people, bulletins=bulletins), origin
    except Exception:  # not JSON, not this shape, or nested too deep to read: nothing to deliver
        pass
    log.warning("live announcements: a message that is not an announcement was ignored")
    return NOTHING, ""


def _spawn(work: Coroutine[Any, Any, None]) -> None:
    async def run() -> None:
        try:
            await work
        except Exception:  # a lost live update must never break the action that caused it
            log.exception("live update failed")

    task = asyncio.get_running_loop().create_task(run())
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)


def publish(notify: Notify) -> None:
    """Announce a change to every worker (each delivers the touched views to the tabs connected to it, so the
    hand-overs run on all of them and none crosses to another instance), or deliver here when this worker is the
    only one; in a task of its own: it never waits on a lock the caller holds."""
    if not notify or not _APP:
        return
    manager = _token_manager()
    origin = "" if manager is None else manager.instance_id

    async def announce() -> None:
        # once, here (a change to a group's requests also reaches its administrators and the operators): each worker gets the ids
        everyone = await off_loop(lambda: _with_audience(notify)) if notify.groups else notify
        if not await services.followers().announce(_encode(everyone, origin)):
            await _publish(everyone, prune=True)

    _spawn(announce())


async def listen() -> None:
    """Lifespan task of every worker: the announced changes, delivered here (the announcing worker also prunes)."""
    async for message in services.followers().announcements():
        try:
            notify, origin = _decode(message)
            manager = _token_manager()
            if notify and _APP:
                _spawn(_publish(notify, prune=manager is not None and origin == manager.instance_id))
        except Exception:  # one bad message must never end this worker's live updates
            log.exception("live announcements: a message could not be handled")
