"""Digdir's Designsystemet as the portal's visual foundation: its CSS and the Digdir theme, installed with the frontend
from the npm registry (bun, like every other frontend package) and imported before the portal's own stylesheet.

Its rules sit in CSS cascade layers (ds.theme, ds.base, ds.components), so the few rules of assets/portal.css that
are not layered still win where the portal needs its own layout; buttons, fields, alerts and tags are Designsystemet's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reflex.plugins import Plugin

PACKAGES = ("@digdir/designsystemet-css@1.22.0", "@digdir/designsystemet-theme@1.11.0")
STYLESHEETS = ("@digdir/designsystemet-theme/digdir.css", "@digdir/designsystemet-css/index.css")


class Designsystemet(Plugin):
    def get_frontend_dependencies(self, **context: Any) -> list[str]:
        return list(PACKAGES)

    def get_stylesheet_paths(self, **context: Any) -> Sequence[str]:
        return STYLESHEETS
