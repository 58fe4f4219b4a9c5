"""`make bench`: run every benchmark and write docs/benchmarks.md (figures, machine, date).

Usage: python -m bench [search] [dashboard]   (no names: all of them)
"""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "benchmarks.md"


def machine() -> str:
    mem_kb = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    return f"{os.cpu_count()} cores, {mem_kb / 1024 / 1024:.1f} GiB memory, {platform.platform()}, Python {platform.python_version()}"


def section(title: str, note: str, headers: list[str], rows: list[list[str]]) -> list[str]:
    """One result as a Markdown section: heading, how it was measured, a table."""
    return [
        f"## {title}", "", note, "",
        "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers),
        *["| " + " | ".join(row) + " |" for row in rows], "",
    ]


def main(names: list[str]) -> None:
    from . import dashboard, search

    wanted = names or ["search", "dashboard"]
    lines = [
        "# Benchmarks",
        "",
        f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()}.",
        "Written by `make bench` (`python -m bench`); figures are medians over rounds, never pass/fail tests.",
        "",
    ]
    if "search" in wanted:
        result = search.run()
        print(json.dumps(result, indent=2))  # noqa: T201
        lines += section(
            f"Member-group search ({result['organisations']:,} organisations)",
            f"{search.QUERIES} queries (typed prefixes, full names, partial words, organisation numbers, broad words), "
            f"{search.ROUNDS} rounds; `search_groups` including the result count.",
            ["Database", "p50 (ms)", "p95 (ms)"],
            [[db, f"{r['p50_ms']:.1f}", f"{r['p95_ms']:.1f}"] for db, r in result["results"].items()],
        )
    if "dashboard" in wanted:
        result = dashboard.run()
        print(json.dumps(result, indent=2))  # noqa: T201
        lines += section(
            "Request to administrator's dashboard",
            f"Click on «Send forespørsel» to the row on an open dashboard, both timed in Chromium; {result['rounds']} rounds, "
            "embedded defaults (SQLite, in-memory state, one worker).",
            ["p50 (ms)", "p95 (ms)", "max (ms)"],
            [[f"{result['p50_ms']:.0f}", f"{result['p95_ms']:.0f}", f"{result['max_ms']:.0f}"]],
        )
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(lines))
    print(f"wrote {OUT.relative_to(ROOT)}")  # noqa: T201


if __name__ == "__main__":
    main(sys.argv[1:])
