"""Plain HTTP endpoints on the backend: login start, OIDC callback, logouts, simulator, dev inbox."""

from __future__ import annotations

from starlette.routing import BaseRoute


def build_routes() -> list[BaseRoute]:
    return []
