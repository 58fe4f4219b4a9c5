"""CSAF 2.0 advisories (OASIS) as draft alerts: validated by the `csaf` library (schema and mandatory tests),
then mapped to title, summary, CVEs, products, CVSS, remediations, references and TLP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..core.errors import PortalError
from .alerts import CVE_RE, Audience, Draft, Severity, Tlp, severity_from_score

MAX_BYTES = 900_000  # under the websocket's message limit (1 MB) the file's text travels in
_TLP_V1 = {"WHITE": Tlp.CLEAR, "CLEAR": Tlp.CLEAR, "GREEN": Tlp.GREEN, "AMBER": Tlp.AMBER, "RED": Tlp.RED}
_AGGREGATE = {"critical": Severity.KRITISK, "high": Severity.HOY, "important": Severity.HOY, "moderate": Severity.MIDDELS, "medium": Severity.MIDDELS, "low": Severity.LAV}


class CsafUnreadable(PortalError):
    code = "CsafUnreadable"


class CsafInvalid(PortalError):
    code = "CsafInvalid"

    def __init__(self, where: str, problem: str) -> None:
        super().__init__("csaf")
        self.where, self.problem = where[:120], problem[:200]


def parse(raw: bytes) -> dict[str, Any]:
    """The advisory as a dict, or CsafUnreadable/CsafInvalid naming the first thing that is wrong."""
    if not raw or len(raw) > MAX_BYTES:
        raise CsafUnreadable()
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise CsafUnreadable() from None
    if not isinstance(doc, dict):
        raise CsafUnreadable()
    from csaf.csaf.v20._validator import validate  # imported when first used: the package configures logging at import

    report = validate(doc, preset="basic")
    if not report.overall_valid:
        failed = next((r for r in report.results if not r.passed and not r.skipped and r.group != "informative"), None)
        first = failed.errors[0] if failed is not None and failed.errors else None
        raise CsafInvalid(first.instance_path if first else (failed.id if failed else "/"), first.message if first else (failed.title if failed else "?"))
    return doc


def draft_of(raw: bytes) -> Draft:
    """The advisory as a draft alert; a document nested too deep to walk is refused like an invalid one."""
    doc = parse(raw)
    try:
        return to_draft(doc)
    except RecursionError:
        raise CsafInvalid("/product_tree", "too deeply nested") from None


def _products(branches: list[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    for branch in branches:
        if "product" in branch:
            yield str(branch["product"].get("product_id", "")), str(branch["product"].get("name", ""))
        yield from _products(branch.get("branches", []))


def _https(refs: list[dict[str, Any]]) -> Iterator[str]:
    for ref in refs:
        url = str(ref.get("url", ""))
        if url.startswith("https://") and " " not in url and len(url) <= 500:
            yield url


def to_draft(doc: dict[str, Any]) -> Draft:
    document, vulns = doc["document"], doc.get("vulnerabilities", [])
    notes = document.get("notes", [])
    summary = next((n["text"] for n in notes if n.get("category") == "summary"), notes[0]["text"] if notes else document["title"])
    body = "\n\n".join(f"**{n.get('title') or n['category']}**\n\n{n['text']}" for n in notes if n.get("category") != "summary")
    for v in vulns:
        body += "".join(f"\n\n**{v.get('cve', '')} – {n.get('title') or n['category']}**\n\n{n['text']}" for n in v.get("notes", []))
    tree = doc.get("product_tree", {})
    named = [*_products(tree.get("branches", [])), *((p["product_id"], p["name"]) for p in tree.get("full_product_names", []))]
    affected = {pid for v in vulns for key in ("known_affected", "first_affected", "last_affected") for pid in v.get("product_status", {}).get(key, [])}
    products = list(dict.fromkeys(name for pid, name in named if pid in affected or not affected))
    scores = [s["cvss_v3"] for v in vulns for s in v.get("scores", []) if "cvss_v3" in s]
    top = max(scores, key=lambda s: float(s.get("baseScore", 0)), default=None)
    tlp = _TLP_V1.get(str(document.get("distribution", {}).get("tlp", {}).get("label", "")).upper(), Tlp.AMBER)
    severity = severity_from_score(float(top["baseScore"])) if top else _AGGREGATE.get(str(document.get("aggregate_severity", {}).get("text", "")).lower())
    actions = dict.fromkeys(r["details"] for v in vulns for r in v.get("remediations", []) if r.get("details"))
    links = dict.fromkeys([*_https(document.get("references", [])), *(u for v in vulns for u in _https(v.get("references", [])))])
    return Draft(
        title=str(document["title"])[:200],
        summary=str(summary)[:2000],
        body=body.strip()[:20000],
        severity=(severity or Severity.MIDDELS).value,
        cvss_vector=str(top.get("vectorString", "")) if top else "",
        cves=" ".join(dict.fromkeys(v["cve"] for v in vulns if CVE_RE.match(str(v.get("cve", ""))))),
        products="\n".join(products)[:4000],
        actions="\n".join(actions)[:4000],
        links="\n".join(list(links)[:30]),
        tlp=tlp.value,
        audience=Audience.PERSONS.value if tlp is Tlp.RED else Audience.ALL.value if tlp.mail_may_carry_content else Audience.GROUPS.value,
    )
