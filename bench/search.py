"""Member-group search latency with 50,000 and 500,000 organisations, on SQLite and on the machine's PostgreSQL.

The 408 real organisations are kept and padded with realistic sub-units («Tromsø kommune
sykehjem 12») carrying valid MOD11 numbers, so the ranking works on a realistic spread of names.
Each query mix runs several rounds; we report the median over rounds of each round's p50/p95.
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
from datetime import UTC
from pathlib import Path

import psutil
from sqlalchemy import insert
from sqlmodel import Session

from helsecert_portal.core.db import make_engine
from helsecert_portal.domain.group_search import search_groups
from helsecert_portal.domain.organisations import display_name, search_key, valid_org_number
from helsecert_portal.models import Organisation
from helsecert_portal.models.types import new_id
from tests.support import migrate, throwaway_postgres

DATA = Path(__file__).resolve().parents[1] / "helsecert_portal" / "data" / "organisations_no.json"
UNITS = ("sykehjem", "helsestasjon", "legevakt", "barnehage", "skole", "tannhelsetjeneste", "bydel", "avdeling", "IKT", "rådhus")
ROUNDS = 5
QUERIES = 200
SIZES = (50_000, 500_000)


def _numbers(start: int):
    n = start
    while True:
        n += 1
        candidate = f"{n:09d}"
        if valid_org_number(candidate):
            yield candidate


def catalogue(size: int) -> list[dict]:
    real = json.loads(DATA.read_text(encoding="utf-8"))
    rows = [{"name": display_name(r["name"]), "org_number": r["orgnr"], "kind": r["kind"]} for r in real]
    numbers, rng = _numbers(700_000_000), random.Random(7)
    while len(rows) < size:
        base = rng.choice(real)
        rows.append({"name": f"{display_name(base['name'])} {rng.choice(UNITS)} {rng.randint(1, 400)}", "org_number": next(numbers), "kind": "annen"})
    return rows


def queries(rows: list[dict], count: int) -> list[str]:
    rng = random.Random(11)
    picks = []
    for i in range(count):
        row = rng.choice(rows[:408])
        words = row["name"].split()
        kind = i % 5
        if kind == 0:
            picks.append(search_key(words[0])[: rng.randint(3, 6)])  # typing the start: «troms»
        elif kind == 1:
            picks.append(row["name"].lower())  # the full name
        elif kind == 2:
            picks.append(" ".join(search_key(w)[:4] for w in words[:2]))  # partial words: «helse berg»
        elif kind == 3:
            picks.append(row["org_number"][: rng.randint(3, 9)])  # organisation number, full or prefix
        else:
            picks.append(rng.choice(["sykehjem", "legevakt", "xyzzy", "kommune", "ål"]))  # broad or missing
    return picks


def _typo(word: str, rng: random.Random) -> str:
    """One slip of the keyboard: two letters swapped, one left out, one doubled or one wrong."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + ("e" if word[i] != "e" else "a") + word[i + 1 :]


def typo_queries(rows: list[dict], count: int) -> list[str]:
    """Names of the real organisations as people mistype them: «trmoso», «Tromsøø komune», «helse bregen»."""
    rng = random.Random(13)
    picks = []
    while len(picks) < count:
        words = rng.choice(rows[:408])["name"].split()
        long = [i for i, w in enumerate(words) if len(w) >= 5]
        if not long:
            continue
        shown = words[: rng.randint(1, min(2, len(words)))] if rng.random() < 0.5 else words
        slipped = [(_typo(w, rng) if i in long[:1] or (i in long and rng.random() < 0.3) else w) for i, w in enumerate(shown)]
        picks.append(" ".join(slipped))
    return picks


def load(url: str, rows: list[dict]) -> None:
    migrate(url)
    engine = make_engine(url)
    with Session(engine) as db:
        from datetime import datetime

        now = datetime.now(UTC)
        for i in range(0, len(rows), 5000):
            chunk = rows[i : i + 5000]
            db.execute(
                insert(Organisation),
                [{"id": new_id(), "name": r["name"], "search_name": search_key(r["name"]), "org_number": r["org_number"], "kind": r["kind"], "created_at": now} for r in chunk],
            )
        db.commit()
    engine.dispose()


def measure(url: str, mix: list[str], only_typo_path: bool = False) -> dict:
    """`only_typo_path`: time only the queries the exact search finds nothing for (a typo can land on another name)."""
    engine = make_engine(url)
    p50s, p95s, similar = [], [], 0
    with Session(engine) as db:
        rss, t0 = psutil.Process().memory_info().rss, time.perf_counter()
        search_groups(db, "bergen")  # the first search builds the process's catalogue
        build_s, catalogue_mb = time.perf_counter() - t0, (psutil.Process().memory_info().rss - rss) / 2**20
        took = [q for q in mix if search_groups(db, q).similar]
        similar = len(took)
        mix = took if only_typo_path else mix
        for q in mix[:20]:  # warm-up
            search_groups(db, q)
        for _ in range(ROUNDS):
            times = []
            for q in mix:
                t0 = time.perf_counter()
                search_groups(db, q)
                times.append((time.perf_counter() - t0) * 1000)
            cuts = statistics.quantiles(times, n=100)
            p50s.append(statistics.median(times))
            p95s.append(cuts[94])
    engine.dispose()
    return {
        "p50_ms": statistics.median(p50s), "p95_ms": statistics.median(p95s), "queries": len(mix), "rounds": ROUNDS, "similar": similar, "of": QUERIES,
        "build_s": build_s, "catalogue_mb": catalogue_mb,
    }


def run_size(size: int) -> dict:
    rows = catalogue(size)
    mix, typos = queries(rows, QUERIES), typo_queries(rows, QUERIES)
    results, typo_results = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        load(url, rows)
        results["SQLite"], typo_results["SQLite"] = measure(url, mix), measure(url, typos, only_typo_path=True)
    with throwaway_postgres("portal_bench") as url:
        load(url, rows)
        results["PostgreSQL"], typo_results["PostgreSQL"] = measure(url, mix), measure(url, typos, only_typo_path=True)
    return {"organisations": size, "results": results, "typos": typo_results, "typo_examples": typos[:5]}


def run() -> dict:
    return {"sizes": [run_size(size) for size in SIZES]}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
