"""Plain HTTP endpoints on the backend: login start, OIDC callback, logouts, simulator, dev inbox."""

from __future__ import annotations

import logging

from starlette.routing import BaseRoute, Mount
from starlette.types import Receive, Scope, Send

from .. import services
from ..core.settings import SIMULATOR_PATH
from . import alert_feed, auth, dev_inbox, health, provider

log = logging.getLogger(__name__)


class _LazySimulator:
    """The simulator (and its RSA key) is built on the first request, not at import."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await services.simulator_app()(scope, receive, send)


def build_routes() -> list[BaseRoute]:
    routes: list[BaseRoute] = [*auth.routes(), *health.routes(), *alert_feed.routes(), *provider.routes()]
    settings = services.settings()
    if settings.use_simulator:
        log.warning("ID-porten simulator enabled at %s (development only)", settings.issuer)
        routes.append(Mount(SIMULATOR_PATH, app=_LazySimulator()))
    else:
        log.info("ID-porten simulator disabled: IDPORTEN_ISSUER is %s", settings.idporten_issuer)
    if settings.use_mail_catcher and not settings.production:
        routes.extend(dev_inbox.routes())
    return routes
