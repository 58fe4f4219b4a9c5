"""Plain server-rendered pages outside Reflex (the ID-porten simulator, the dev inbox): lang="nb",
a viewport, one h1 inside main, and never cached."""

from __future__ import annotations

import html

from starlette.responses import HTMLResponse

BASE_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:1rem auto;padding:0 1rem;color:#1a1a1a}"
    "a{color:#0b5394}:focus-visible{outline:3px solid #f0a500}"
)


def standalone_page(title: str, body: str, *, site: str, header: str, style: str = "", status: int = 200) -> HTMLResponse:
    """`body` and `header` are trusted HTML built by the caller; the title is escaped here."""
    doc = (
        '<!doctype html><html lang="nb"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(title)} – {html.escape(site)}</title><style>{BASE_STYLE}{style}</style></head>"
        f"<body><header>{header}</header><main><h1>{html.escape(title)}</h1>{body}</main></body></html>"
    )
    return HTMLResponse(doc, status_code=status, headers={"Cache-Control": "no-store"})
