"""Find a member group by name (case- and diacritics-insensitive, partial words) or organisation number.

Ranking: exact name, then names whose first word(s) are the text, then names starting with it, then a word starting with it, then the rest;
shorter names first within a rank, so «Bergen kommune» comes before «Bergen kommune helseetat».

The search runs on a catalogue each process keeps in memory: every organisation's search key and number, a word index
and the names' order, rebuilt when the catalogue version (renewed in the transaction that adds or renames an
organisation) differs from the one it was built at. A query costs one read of that version and one read of the hits'
rows by id, whatever the catalogue's size; a LIKE '%word%' scan of the table was 25 ms (p95) at 50,000 names.

A query word has no spaces, so it can only match inside one word of a name: the words that contain it are found in the
vocabulary, and their organisations in the index. When nothing matches, names close to what was typed are offered
instead («trmoso», «Tromsøø komune» → «Tromsø kommune»): each word may be one edit off (two from six letters: a letter
wrong, missing, extra or two swapped), also as the start of a longer word.
"""

from __future__ import annotations

import bisect
import heapq
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlmodel import Session, col, select

from ..models import CatalogueVersion, Organisation
from .addresses import strip_controls
from .organisations import search_key

MAX_QUERY = 100
MIN_LETTERS = 2
MAX_WORDS = 6  # of the query, for the typo path
LAST_CHARACTER = chr(0x10FFFF)  # sorts after every character: text + it is past every string that starts with text


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


def search_groups(db: Session, query: str, *, limit: int = 20) -> SearchResult:
    raw = strip_controls(str(query or "")[:MAX_QUERY])
    digits = "".join(raw.split())
    cat = _catalogue(db)
    if digits.isdigit() and digits.isascii():
        if len(digits) < 3:
            return SearchResult(0, [])
        numbered = cat.with_number(digits)
        best = heapq.nsmallest(limit, numbered, key=lambda i: (cat.numbers[i] != digits, cat.order[i]))
        return SearchResult(len(numbered), _rows(db, cat, best))
    key = search_key(raw)
    words = key.split()
    if sum(len(w) for w in words) < MIN_LETTERS:
        return SearchResult(0, [])
    found, rarest = cat.containing(words)
    if not found:
        return _similar(db, cat, words, limit)
    return SearchResult(len(found), _rows(db, cat, cat.ranked(found, rarest, key, limit)))


def _rows(db: Session, cat: _Catalogue, best: list[int]) -> list[GroupHit]:
    """The hits as the database has them now, in the catalogue's order (one that is gone since is left out)."""
    if not best:
        return []
    rows = db.exec(select(Organisation.id, Organisation.name, Organisation.org_number, Organisation.kind).where(col(Organisation.id).in_([cat.ids[i] for i in best]))).all()
    fresh = {i: GroupHit(i, n, o or "", k) for i, n, o, k in rows}
    return [fresh[cat.ids[i]] for i in best if cat.ids[i] in fresh]


# --- the catalogue -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Catalogue:
    """Every organisation's search key, number and place in the (name length, name) order, with a word index."""

    version: int
    ids: list[str]
    keys: list[str]
    numbers: list[str]
    order: list[int]  # position in the order of (name length, name): the tie-break within a rank
    vocabulary: list[str]  # sorted
    postings: dict[str, list[int]]  # word → the organisations (positions in ids) whose name has it, in name order
    joined: str  # the vocabulary as one text, "\n" between words, for substring search in C
    starts: list[int]  # where each vocabulary word begins in `joined`
    by_key: list[int]  # positions sorted by key: the names that start with a text are one range
    by_number: list[int]  # positions of those with a number, sorted by it

    def words_containing(self, word: str) -> list[str]:
        """The vocabulary words that have `word` inside them (a query word has no spaces: it can only match inside one)."""
        hits, at = [], self.joined.find(word)
        while at != -1:
            j = bisect.bisect_right(self.starts, at) - 1
            hits.append(self.vocabulary[j])
            at = self.joined.find(word, self.starts[j + 1] if j + 1 < len(self.starts) else len(self.joined))
        return hits

    def containing(self, words: list[str]) -> tuple[set[int], list[list[int]]]:
        """The organisations whose key has every word in it, and the postings they were taken from: those of the word
        that names fewest, the other words then checked in those keys."""
        if not all(w in self.joined for w in words):  # a word that is part of no name's word (in C, microseconds)
            return set(), []
        lists = {w: [self.postings[v] for v in self.words_containing(w)] for w in set(words)}
        rarest = min(lists, key=lambda w: sum(map(len, lists[w])))
        found = set().union(*lists[rarest])
        for w in lists:
            if w != rarest and found:
                found = {i for i in found if w in self.keys[i]}
        return found, lists[rarest]

    @staticmethod
    def _prefixed(index: list[int], values: list[str], text: str) -> list[int]:
        lo = bisect.bisect_left(index, text, key=values.__getitem__)
        hi = bisect.bisect_left(index, text + LAST_CHARACTER, lo=lo, key=values.__getitem__)
        return index[lo:hi]

    def with_number(self, digits: str) -> list[int]:
        return self._prefixed(self.by_number, self.numbers, digits)

    def ranked(self, found: set[int], rarest: list[list[int]], key: str, limit: int) -> list[int]:
        """The first `limit` of `found`: the name itself, then names whose first word(s) are the text, then names that
        start with it, then a later word that starts with it, then the rest; shorter names first within each."""
        keys, order = self.keys, self.order
        start = self._prefixed(self.by_key, keys, key)  # ranks 0-2, and every one of them is in `found`
        best = sorted(start, key=lambda i: (0 if keys[i] == key else 1 if keys[i].startswith(key + " ") else 2, order[i]))[:limit]
        taken, spaced, first = set(start), " " + key, key.split()[0]
        lo = bisect.bisect_left(self.vocabulary, first)
        starting = [self.postings[v] for v in self.vocabulary[lo : bisect.bisect_left(self.vocabulary, first + LAST_CHARACTER, lo=lo)]]
        best += self._first_in_order(limit - len(best), starting, lambda i: i not in taken and spaced in keys[i])
        return best + self._first_in_order(limit - len(best), rarest, lambda i: i in found and i not in taken and spaced not in keys[i])

    def _first_in_order(self, n: int, postings: list[list[int]], keep: Callable[[int], bool]) -> list[int]:
        """The first n in name order that `keep` accepts, from postings that each are in name order: merged lazily,
        so a broad word («kommune» is in 9 of 10 names) costs a few steps, not a pass over every name that has it."""
        first: list[int] = []
        if n <= 0 or not postings:
            return first
        merged = postings[0] if len(postings) == 1 else heapq.merge(*postings, key=self.order.__getitem__)
        last = -1
        for i in merged:
            if i != last and keep(i):  # a name with two words that both fit comes twice, one after the other
                first.append(i)
                if len(first) == n:
                    break
            last = i
        return first


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
        if held is None or held.version != version:
            held = _catalogues[where] = _build(version, db.exec(select(Organisation.id, Organisation.search_name, Organisation.org_number, Organisation.name)).all())
        return held


def _build(version: int, rows: Sequence[tuple[str, str, str | None, str]]) -> _Catalogue:
    by_order = sorted(range(len(rows)), key=lambda i: (len(rows[i][3]), rows[i][3]))
    postings: dict[str, list[int]] = {}
    for i in by_order:  # so that every word's list is in name order
        for word in set(rows[i][1].split()):
            postings.setdefault(word, []).append(i)
    vocabulary = sorted(postings)
    starts, at = [], 0
    for v in vocabulary:
        starts.append(at)
        at += len(v) + 1
    order = [0] * len(rows)
    for place, i in enumerate(by_order):
        order[i] = place
    return _Catalogue(
        version=version, ids=[r[0] for r in rows], keys=[r[1] for r in rows], numbers=[r[2] or "" for r in rows], order=order,
        vocabulary=vocabulary, postings=postings, joined="\n".join(vocabulary), starts=starts,
        by_key=sorted(range(len(rows)), key=lambda i: rows[i][1]), by_number=sorted((i for i, r in enumerate(rows) if r[2]), key=lambda i: rows[i][2] or ""),
    )


# --- the typo path ---------------------------------------------------------------------------------


def _close_words(cat: _Catalogue, word: str) -> dict[str, int]:
    """The catalogue's words that `word` may mean, with how many edits away (0: it is part of them)."""
    vocabulary = cat.vocabulary
    found = dict.fromkeys(cat.words_containing(word), 0)
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
    """Names where every word has a close word, ranked by the edits summed over the words, then in name order.

    The candidates are those of the word with the fewest: each of them is checked against the other words by its own
    words (three or four), so a broad word («komune» is close to 9 names in 10) is never walked through."""
    close = [_close_words(cat, word) for word in words[:MAX_WORDS]]
    if not all(close):
        return SearchResult(0, [])
    reach = [sum(len(cat.postings[v]) for v in c) for c in close]
    rarest = close.pop(reach.index(min(reach)))
    nearest: dict[int, int] = {}
    for v, distance in sorted(rarest.items(), key=lambda item: item[1]):
        for i in cat.postings[v]:
            nearest.setdefault(i, distance)
    scores: dict[int, int] = {}
    for i, distance in nearest.items():
        own = cat.keys[i].split()
        for c in close:
            edits = [c[w] for w in own if w in c]
            if not edits:
                break
            distance += min(edits)
        else:
            scores[i] = distance
    best = heapq.nsmallest(limit, scores, key=lambda i: (scores[i], cat.order[i]))
    hits = _rows(db, cat, best)
    return SearchResult(len(scores), hits, similar=bool(hits))
