"""Typed rows for the lists pages show, and the formatting they share (Oslo time, how a membership came about).

Rows are frozen dataclasses so pages read `row.escalated`, never a "1"/"" string (STYLE §3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from ..domain import membership as ms
from ..domain.addresses import is_webmail
from ..domain.audit import AuditRow
from ..texts import nb

OSLO = ZoneInfo("Europe/Oslo")


def local_time(at: datetime | None) -> str:
    return at.astimezone(OSLO).strftime("%d.%m.%Y kl. %H:%M") if at else ""


def names_list(names: list[str]) -> str:
    """«A», «A og B», «A, B og C»."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {nb.AND} {names[-1]}" if names else ""


def how_text(auto_addresses: tuple[str, ...], by_request: bool) -> str:
    """How a membership came about: «automatisk via <address>», an approved request, or an operator."""
    parts = [nb.GROUPS_HOW_AUTO.format(address=a) for a in auto_addresses] + ([nb.GROUPS_HOW_REQUEST] if by_request else [])
    return "; ".join(parts) or nb.GROUPS_HOW_OPERATOR


@dataclass(frozen=True)
class MembershipRow:
    id: str
    name: str
    how: str
    admin: bool


@dataclass(frozen=True)
class RequestRow:
    id: str
    group_id: str
    group: str
    status: str
    status_text: str
    reason: str
    message: str
    created: str
    decided: str


@dataclass(frozen=True)
class PendingRow:
    id: str
    group_id: str
    group: str
    name: str
    addresses: str
    message: str
    created: str
    escalated: bool


def membership_rows(views: list[ms.MembershipView]) -> list[MembershipRow]:
    return [MembershipRow(m.organisation_id, m.organisation, how_text(m.auto_addresses, m.by_request), m.is_admin) for m in views]


def request_rows(views: list[ms.RequestView]) -> list[RequestRow]:
    return [
        RequestRow(r.id, r.organisation_id, r.organisation, r.status, nb.REQUEST_STATUS[r.status], r.reason, r.message, local_time(r.created_at), local_time(r.decided_at))
        for r in views
    ]


def address_facts(addresses: tuple[str, ...], own_domain: tuple[str, ...]) -> str:
    """Each confirmed address of a requester, saying whether it is at the organisation's own domain or private."""
    def fact(address: str) -> str:
        kind = nb.ADDRESS_OWN_DOMAIN if address in own_domain else nb.ADDRESS_PRIVATE if is_webmail(address) else nb.ADDRESS_OTHER_DOMAIN
        return f"{address} ({kind})"

    return ", ".join(fact(a) for a in addresses)


def pending_rows(views: list[ms.PendingView]) -> list[PendingRow]:
    return [
        PendingRow(p.id, p.organisation_id, p.organisation, p.name, address_facts(p.addresses, p.own_domain), p.message, local_time(p.created_at), p.escalated)
        for p in views
    ]


@dataclass(frozen=True)
class MemberRow:
    id: str
    name: str
    addresses: str
    how: str
    admin: bool
    is_self: bool


@dataclass(frozen=True)
class AuditLine:
    at: str
    actor: str
    action: str
    subject: str
    group: str
    detail: str


@dataclass(frozen=True)
class Choice:
    """One entry of a chooser: an id and the name shown."""

    id: str
    name: str


def member_rows(views: list[ms.MemberView], *, viewer_id: str) -> list[MemberRow]:
    return [
        MemberRow(m.person_id, m.name, ", ".join(m.addresses), how_text(m.auto_addresses, m.by_request), m.is_admin, m.person_id == viewer_id)
        for m in views
    ]


def audit_detail(detail: str, detail_code: str) -> str:
    """The entry's «Detaljer»: its reason code rendered in Norwegian with the detail as argument, or the detail as data."""
    template = nb.AUDIT_DETAILS.get(detail_code)
    return template.format(arg=detail) if template else detail


def audit_lines(rows: list[AuditRow]) -> list[AuditLine]:
    return [
        AuditLine(local_time(r.at), r.actor or nb.SYSTEM_ACTOR, nb.AUDIT_ACTIONS.get(r.action, r.action), r.subject, r.organisation, audit_detail(r.detail, r.detail_code))
        for r in rows
    ]
