"""The public Atom feed of TLP:CLEAR alerts (/varsler.atom): what anyone may read, without logging in.

It asks the same rule as every page (domain.alerts.may_read through usecases.alerts.rows_for) for an
anonymous viewer, so an alert with any other label can never appear here.
"""

from __future__ import annotations

import asyncio
from xml.etree import ElementTree as ET

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import services
from ..domain.alerts import ANONYMOUS
from ..texts import nb
from ..usecases.alerts import public_entries

ATOM = "http://www.w3.org/2005/Atom"


def render(origin: str) -> bytes:
    with services.db_session() as db:
        entries = public_entries(db, ANONYMOUS)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "nb"})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = nb.ALERTS_FEED_TITLE
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"{origin}/varsler"
    ET.SubElement(feed, f"{{{ATOM}}}link", {"href": f"{origin}/varsler.atom", "rel": "self"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"href": f"{origin}/varsler"})
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = max((e.updated for e in entries), default="1970-01-01T00:00:00+00:00")
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = nb.SITE_NAME
    for e in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"{origin}/varsel?id={e.id}"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{e.reference}: {e.title}" + (f" ({nb.ALERTS_WITHDRAWN})" if e.withdrawn else "")
        ET.SubElement(entry, f"{{{ATOM}}}link", {"href": f"{origin}/varsel?id={e.id}"})
        ET.SubElement(entry, f"{{{ATOM}}}published").text = e.published
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = e.updated
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = e.summary
        for cve in e.cves:
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": cve})
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


async def atom(_request: Request) -> Response:
    body = await asyncio.to_thread(render, services.settings().origin)
    return Response(body, media_type="application/atom+xml; charset=utf-8", headers={"Cache-Control": "public, max-age=300"})


def routes() -> list[Route]:
    return [Route("/varsler.atom", atom, methods=["GET"])]
