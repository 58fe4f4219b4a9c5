"""/dev/innboks: read what the development mail catcher captured (as Mailpit does). Development only."""

from __future__ import annotations

import html
import re
from email.utils import parsedate_to_datetime
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from ..core import mail_catcher
from ..core.html_page import standalone_page
from ..core.settings import local_dir
from ..usecases.presentation import local_time

_ID = re.compile(r"^[0-9]+-[0-9a-f]{8}$")


def inbox_folder() -> Path:
    return local_dir() / "mail"


def _when(date_header: str) -> str:
    """The Date header in Norwegian local time (25.11.2026 kl. 14:05), as the portal writes times."""
    try:
        return local_time(parsedate_to_datetime(date_header))
    except (TypeError, ValueError):
        return date_header


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    style = (
        "body{max-width:60rem}table{border-collapse:collapse;width:100%}"
        "td,th{border-bottom:1px solid #c9d3df;padding:.5rem;text-align:left}"
        "pre{white-space:pre-wrap;background:#f3f6fa;padding:1rem;border-radius:8px}"
    )
    return standalone_page(title, body, site="Helse- og KommuneCERT (utvikling)", header='<p><a href="/">Til portalen</a></p>', style=style, status=status)


async def inbox(request: Request) -> Response:
    rows = "".join(
        f'<tr><td>{html.escape(m.to)}</td><td><a href="/dev/innboks/{m.id}">{html.escape(m.subject)}</a></td><td>{html.escape(_when(m.date))}</td></tr>'
        for m in mail_catcher.messages(inbox_folder())
    )
    body = (
        "<p>E-post sendt fra portalen i utvikling havner her i stedet for hos mottakeren.</p>"
        + (f"<table><caption>Mottatte e-poster, nyeste først</caption><thead><tr><th scope=\"col\">Til</th><th scope=\"col\">Emne</th><th scope=\"col\">Dato</th></tr></thead><tbody>{rows}</tbody></table>" if rows else "<p>Ingen e-poster ennå.</p>")
    )
    return _page("Utviklingsinnboks", body)


async def message(request: Request) -> Response:
    mail_id = request.path_params["mail_id"]
    path = inbox_folder() / f"{mail_id}.eml"
    if not _ID.match(mail_id) or not path.exists():
        return _page("Fant ikke e-posten", '<p><a href="/dev/innboks">Tilbake til innboksen</a></p>', 404)
    m = mail_catcher.read(path)
    body = (
        f"<dl><dt>Til</dt><dd>{html.escape(m.to)}</dd><dt>Dato</dt><dd>{html.escape(_when(m.date))}</dd></dl>"
        f'<pre class="mail-body">{html.escape(m.text)}</pre><p><a href="/dev/innboks">Tilbake til innboksen</a></p>'
    )
    return _page(m.subject, body)


def routes() -> list[Route]:
    return [Route("/dev/innboks", inbox), Route("/dev/innboks/{mail_id}", message)]
