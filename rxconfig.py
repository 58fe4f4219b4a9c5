"""Reflex configuration: app name, database and state manager, from the one settings object."""

import sys

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from helsecert_portal.components.designsystemet import Designsystemet
from helsecert_portal.core.settings import SettingsError, load_settings

try:
    _settings = load_settings()
except SettingsError as exc:  # say why in one line, not in a traceback
    print(f"helsecert_portal: {exc}", file=sys.stderr)
    sys.exit(2)

config = rx.Config(
    app_name="helsecert_portal",
    db_url=_settings.database_url,
    redis_url=_settings.redis_url or None,
    state_manager_mode="redis" if _settings.redis_url else "memory",
    telemetry_enabled=False,
    # The websocket and the HTTP routes answer the portal's own origin only (not Reflex's default "*").
    cors_allowed_origins=[_settings.origin],
    # The frontend reaches the backend at the portal's public origin (through the TLS proxy in production), and every
    # instance compiles the same frontend, so a page from one instance loads its assets from any other.
    api_url=_settings.origin,
    # Development binds to this machine only; production listens where the proxy reaches it.
    backend_host="0.0.0.0" if _settings.production else "127.0.0.1",
    show_built_with_reflex=False,
    disable_plugins=[SitemapPlugin],
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="blue", radius="medium")), Designsystemet()],
)
