"""Find a member group by name (case- and diacritics-insensitive, partial words) or organisation number.

Ranking: exact name, then names whose first word(s) are the text, then names starting with it, then a word starting with it, then the rest;
shorter names first within a rank, so «Bergen kommune» comes before «Bergen kommune helseetat».

When the exact search finds nothing (known at once when a word is in no name: a query word has no spaces, so it can
only match inside one word of a name), names that are close to what was typed are offered instead («trmoso», «Tromsøø komune»
→ «Tromsø kommune»): each word may be one edit off (two from six letters: a letter wrong, missing, extra or two swapped),
also as the start of a longer word. That path runs on a catalogue each process keeps in memory (the organisations' search
keys and a word index), rebuilt when the catalogue version, renewed by adding or renaming an organisation, has changed, so
exact queries keep going to the database unchanged and a typo costs no more than they do.
"""

from __future__ import annotations

import heapq
import threading
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy import case
from sqlmodel import Session, col, func, select

from ..models import CatalogueVersion, Organisation
from .addresses import strip_controls
from .organisations import search_key

MAX_QUERY = 100
MIN_LETTERS = 2
MAX_WORDS = 6  # of the query, for the typo path


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
    similar: bool = False  # nothing matched exactly: these are the names closest to what was typed


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_groups(db: Session, query: str, *, limit: int = 20) -> SearchResult:
    raw = strip_controls(str(query or "")[:MAX_QUERY])
    digits = "".join(raw.split())
    words: list[str] = []
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
        catalogue = _catalogue(db)
        if not all(any(w in v for v in catalogue.vocabulary) for w in words):  # a word no name has: no need to scan the table
            return _similar(db, catalogue, words, limit)
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
    if total == 0:
        return _similar(db, _catalogue(db), words, limit) if words else SearchResult(0, [])
    rows = db.exec(
        select(Organisation.id, Organisation.name, Organisation.org_number, Organisation.kind)
        .where(*where)
        .order_by(rank, func.length(Organisation.name), Organisation.name)
        .limit(limit)
    ).all()
    return SearchResult(total, [GroupHit(i, n, o or "", k) for i, n, o, k in rows])


# --- the typo path ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Catalogue:
    version: int
    ids: list[str]
    keys: list[str]
    lengths: list[int]
    vocabulary: list[str]
    postings: dict[str, list[int]]  # word → the organisations (positions in ids) whose name has it


_catalogues: dict[str, _Catalogue] = {}
_building = threading.Lock()


def _catalogue(db: Session) -> _Catalogue:
    version = db.exec(select(CatalogueVersion.version).where(CatalogueVersion.id == 1)).first() or 0
    where = str(db.get_bind().engine.url)
    held = _catalogues.get(where)
    if held is not None and held.version == version:
        return held
    with _building:
        held = _catalogues.get(where)
        if held is not None and held.version == version:
            return held
        rows = db.exec(select(Organisation.id, Organisation.search_name, func.length(Organisation.name))).all()
        postings: dict[str, list[int]] = {}
        for i, (_, key, _) in enumerate(rows):
            for word in set(key.split()):
                postings.setdefault(word, []).append(i)
        held = _Catalogue(version, [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], sorted(postings), postings)
        _catalogues[where] = held
        return held


def _close_words(vocabulary: list[str], word: str) -> dict[str, int]:
    """The catalogue's words that `word` may mean, with how many edits away (0: it is part of them)."""
    found = {v: 0 for v in vocabulary if word in v}
    if word.isdigit() or len(word) < 3:
        return found
    most = 1 if len(word) <= 5 else 2
    starts = [v[: len(word)] for v in vocabulary]
    for choices in (vocabulary, starts):
        for _, distance, i in process.extract(word, choices, scorer=OSA.distance, score_cutoff=most, limit=None):
            v = vocabulary[i]
            found[v] = min(found.get(v, most + 1), int(distance))
    return found


def _similar(db: Session, cat: _Catalogue, words: list[str], limit: int) -> SearchResult:
    per_word: list[dict[int, int]] = []
    for word in words[:MAX_WORDS]:
        close = _close_words(cat.vocabulary, word)
        if not close:
            return SearchResult(0, [])
        nearest: dict[int, int] = {}
        for v, distance in sorted(close.items(), key=lambda item: item[1]):
            for i in cat.postings[v]:
                nearest.setdefault(i, distance)
        per_word.append(nearest)
    per_word.sort(key=len)
    common = set(per_word[0]).intersection(*per_word[1:])
    best = heapq.nsmallest(limit, common, key=lambda i: (sum(d[i] for d in per_word), cat.lengths[i], cat.keys[i]))
    fresh = {i: GroupHit(i, n, o or "", k) for i, n, o, k in db.exec(select(Organisation.id, Organisation.name, Organisation.org_number, Organisation.kind).where(col(Organisation.id).in_([cat.ids[i] for i in best]))).all()}
    hits = [fresh[cat.ids[i]] for i in best if cat.ids[i] in fresh]
    return SearchResult(len(common), hits, similar=bool(hits))
