"""A bare Reflex app: the yardstick for the portal's event round trip (bench/events.py)."""

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

config = rx.Config(app_name="bare", telemetry_enabled=False, state_manager_mode="memory", disable_plugins=[SitemapPlugin])
