"""Find a member group by name (case- and diacritics-insensitive, partial words) or organisation number.

Ranking: exact name, then names whose first word(s) are the text, then names starting with it, then a word starting with it, then the rest;
shorter names first within a rank, so «Bergen kommune» comes before «Bergen kommune helseetat».
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case
from sqlmodel import Session, col, func, select

from ..models import Organisation
from .addresses import strip_controls
from .organisations import search_key

MAX_QUERY = 100
MIN_LETTERS = 2


@dataclass(frozen=True)
class GroupHit:
    id: str
    name: str
    org_number: str
    kind: str


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[GroupHit]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_groups(db: Session, query: str, *, limit: int = 20) -> SearchResult:
    raw = strip_controls(str(query or "")[:MAX_QUERY])
    digits = "".join(raw.split())
    if digits.isdigit() and digits.isascii():
        if len(digits) < 3:
            return SearchResult(0, [])
        where = [col(Organisation.org_number).like(_like_escape(digits) + "%", escape="\\")]
        rank = case((col(Organisation.org_number) == digits, 0), else_=1)
    else:
        key = search_key(raw)
        words = key.split()
        if sum(len(w) for w in words) < MIN_LETTERS:
            return SearchResult(0, [])
        where = [col(Organisation.search_name).like("%" + _like_escape(w) + "%", escape="\\") for w in words]
        escaped = _like_escape(key)
        rank = case(
            (col(Organisation.search_name) == key, 0),
            (col(Organisation.search_name).like(escaped + " %", escape="\\"), 1),
            (col(Organisation.search_name).like(escaped + "%", escape="\\"), 2),
            (col(Organisation.search_name).like("% " + escaped + "%", escape="\\"), 3),
            else_=4,
        )
    total = db.exec(select(func.count()).select_from(Organisation).where(*where)).one()
    rows = db.exec(
        select(Organisation.id, Organisation.name, Organisation.org_number, Organisation.kind)
        .where(*where)
        .order_by(rank, func.length(Organisation.name), Organisation.name)
        .limit(limit)
    ).all()
    return SearchResult(total, [GroupHit(i, n, o or "", k) for i, n, o, k in rows])
