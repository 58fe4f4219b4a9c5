"""Composition only: the app, its pages and its plain HTTP routes."""

from __future__ import annotations

import reflex as rx
from starlette.applications import Starlette

from .components.registry import register
from .pages.guide import guide
from .pages.help import help_page
from .pages.home import home
from .pages.not_found import not_found
from .routes import build_routes
from .state.notices import NoticeState
from .texts import nb

app = rx.App(
    html_lang="nb",
    stylesheets=["/portal.css"],
    theme=rx.theme(accent_color="blue", radius="medium", has_background=True),
    api_transformer=Starlette(routes=build_routes()),
)
register(app, "/", nb.HOME_TITLE, home, on_load=NoticeState.load)
register(app, "/veileder", nb.GUIDE_TITLE, guide)
register(app, "/hjelp", nb.HELP_TITLE, help_page)
register(app, "404", nb.NOT_FOUND_TITLE, not_found)
