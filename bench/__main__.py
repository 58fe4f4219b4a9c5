"""`make bench`: run every benchmark and write docs/benchmarks.md (figures, machine, date).

Usage: python -m bench [search] [dashboard] [dashboards] [logins] [events] [alerts] [provider]   (no names: all of them)
"""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime
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


def ms(value: float) -> str:
    return f"{value:.1f}"


def _measured(module) -> dict:
    result = module.run()
    print(json.dumps(result, indent=2))
    return result


def search_section() -> list[str]:
    from . import search

    result = _measured(search)
    lines: list[str] = []
    for r in result["sizes"]:
        lines += section(
            f"Member-group search ({r['organisations']:,} organisations)",
            f"{search.QUERIES} queries (typed prefixes, full names, partial words, organisation numbers, broad words), "
            f"{search.ROUNDS} rounds; `search_groups` including the result count; median over rounds of each round's percentile. "
            "The catalogue each process holds is built by its first search (and again after an organisation is added or renamed): "
            "its time and the process's memory growth are beside each database.",
            ["Database", "Queries", "p50 (ms)", "p95 (ms)", "Catalogue built in (s)", "Catalogue memory (MB)"],
            [[db, "as typed", ms(x["p50_ms"]), ms(x["p95_ms"]), f"{x['build_s']:.2f}", f"{x['catalogue_mb']:.0f}"] for db, x in r["results"].items()]
            + [[db, f"typo path ({x['similar']} of {x['of']} mistyped names took it; those timed)", ms(x["p50_ms"]), ms(x["p95_ms"]), "", ""] for db, x in r["typos"].items()],
        )
    return lines + [
        f"Typo queries are real names with one slip in the first long word and sometimes another (for example {', '.join('«' + q + '»' for q in result['sizes'][0]['typo_examples'][:3])}); "
        "when the exact search finds nothing, the typo path matches each word within one or two edits. Until 2026-12-02 the exact search was a "
        "LIKE '%word%' scan of the table: p95 25.2 ms (SQLite) and 36.7 ms (PostgreSQL) at 50,000; "
        "the typo path, which then gathered every name close to each word before intersecting, was p95 7.6 and 8.8 ms at 50,000 and 281 ms at 500,000. "
        "It now takes the candidates of the word with fewest and checks the other words against each candidate's own words.",
        "",
    ]


def dashboard_section() -> list[str]:
    from . import dashboard

    result = _measured(dashboard)
    return section(
        "Request to one administrator's dashboard, in Chromium",
        f"Click on «Send forespørsel» to the row on an open dashboard, both timed inside the browser; {result['rounds']} rounds, "
        "embedded defaults (SQLite, in-memory state, one worker).",
        ["p50 (ms)", "p95 (ms)", "max (ms)"],
        [[f"{result['p50_ms']:.0f}", f"{result['p95_ms']:.0f}", f"{result['max_ms']:.0f}"]],
    )


def dashboards_section() -> list[str]:
    from . import dashboards

    result = _measured(dashboards)
    return section(
        f"Request to {dashboards.DASHBOARDS} open dashboards",
        f"From the requester's `send_request` event to each of {dashboards.DASHBOARDS} dashboards' update (socket.io clients), "
        f"{dashboards.ROUNDS} rounds; on the scaled stack the dashboards are spread over both instances.",
        ["Topology", "p50 (ms)", "p95 (ms)", "p99 (ms)", "p95 against one worker"],
        [[k, ms(r["p50"]), ms(r["p95"]), ms(r["p99"]), f"×{r['p95'] / next(iter(result.values()))['p95']:.2f}"] for k, r in result.items()],
    )


def logins_section() -> list[str]:
    from . import logins

    result = _measured(logins)
    return section(
        "ID-porten logins through the simulator",
        f"{result['logins']} logins over HTTP ({result['concurrency']} at a time), {result['rounds']} rounds, medians: /auth/login → authorize → "
        "picker → callback → session; simulator in its own process, one portal worker, PostgreSQL + Redis; the load generator shares the "
        "2 cores. Profiled with py-spy (2026-12-02) the 65.9 ms per login of 2026-12-01 went to: a new TLS context per token request "
        "(httpx loads the whole CA bundle for each client: 64 % of the worker's busy samples), a failed `import sniffio` in httpcore on "
        "every request (sniffio was not installed: each try walks sys.path, ~20 %), the test stacks' movable clock reading its file "
        "on every call, and the routes' database work blocking the event loop. One shared TLS context, sniffio pinned, the clock "
        "file read only when it changes, and the routes' transactions in a worker thread leave the PostgreSQL round trips "
        "(pre-ping, attempt, person, session, audit) and the token request as the rest. 2026-12-04: ID-porten's token and discovery "
        "requests share one kept-alive connection pool per worker instead of a new client and connection per login (34.8/s at "
        "19.9 ms on 2026-12-02). 2026-12-08: the portal and the simulator read the system clock, as in production, not the test "
        "stacks' clock file. Profiled again then (py-spy --gil, 200 Hz, the worker during 600 logins: 8.0 ms of the GIL per "
        "login): the database transactions take 48 % (the commits 23 %, of which the flushes 18 %; creating the person with "
        "its audit row 11 %; claiming the login attempt 10 %; telling the other workers over Redis which rows changed 5 %; the "
        "pool's checkout with its pre-ping 2 %), the token request 22 % (httpx sending it 19 %, authlib's client object 1 %), "
        "the ID token's check 3 %, Starlette's middleware outside the routes about 4 %. No single cost is left whose removal "
        "would halve a login; the target (150 logins/s at 5 ms) is not met.",
        ["Logins per second", "Portal CPU per login (ms)", "Simulator CPU per login (ms)"],
        [[ms(result["logins_per_second"]), ms(result["portal_cpu_ms_per_login"]), ms(result["simulator_cpu_ms_per_login"])]],
    )


def events_sections() -> list[str]:
    from . import events

    result = _measured(events)
    mem, cap = result["memory"], result["capacity"]
    return [
        *section(
            "Event round trips of the most frequent handlers vs a bare Reflex app",
            f"Each connected client does {events.EVENTS_PER_CLIENT} round trips one after another (all clients at once), {events.ROUNDS} rounds; "
            "each figure is the median over the rounds of that round's percentile, in ms. The portal and `bench/bare` (one handler that "
            "changes a counter) run in the same run, their rounds alternating; embedded defaults, one worker each. The clients are "
            "registered members of a group, logged in through the simulator. A page load is `SessionState.load_session` then the page's "
            "on_load (`GroupsState.load_groups` on /medlemsgrupper), against two bare events one after the other; search as you type is "
            "`GroupsState.search` with the prefixes a person types; code confirmation is `EmailVerificationState.confirm` with a code in "
            "the wrong format (the caller resolved from the cookie, the code refused, the message set). The caller behind each event, "
            "the header's view, the page's own read and the search results are cached until a commit changes what they were read from "
            "(see the README, «Caches»).",
            ["Handler", "Clients", "Portal p50", "p95", "p99", "Bare p50", "p95", "p99", "Ratio p50", "Ratio p95"],
            [[r["handler"], str(r["clients"]), ms(r["portal"]["p50"]), ms(r["portal"]["p95"]), ms(r["portal"]["p99"]),
              ms(r["bare"]["p50"]), ms(r["bare"]["p95"]), ms(r["bare"]["p99"]), f"{r['ratio_p50']:.2f}", f"{r['ratio_p95']:.2f}"] for r in result["round_trip"]],
        ),
        *section(
            "2,000 connected clients, each acting every 5 seconds",
            "200 logged-in members with ten tabs each; every tab does one of the three round trips above (in turn) every 5 s for "
            f"{result['many'][0]['seconds']:.0f} s, starting at random moments; round-trip percentiles over all of them, and how many got no answer within 30 s. "
            "Each tab first makes one untimed round trip, as a browser tab hydrates when it connects (Reflex builds the tab's state "
            "then). The bare app gets the same 2,000 clients and pacing in the same run (a page load is two of its events, the others "
            "one). The load generator (2,000 socket.io clients in one process) shares the 2 cores. Each worker sets the built app "
            "aside from the garbage collector and makes full collections rare (`lifespan.garbage_collector`): at 2,000 tabs one takes "
            "0.4-0.7 s, and with CPython's default thresholds one ran every 2-5 s.",
            ["Server", "Round trips", "p50 (ms)", "p95 (ms)", "p99 (ms)", "No answer"],
            [[m["stack"], str(m["n"]), ms(m["p50"]), ms(m["p95"]), ms(m["p99"]), str(m["failed"])] for m in result["many"]],
        ),
        *section(
            "Memory and capacity (one worker)",
            "Backend RSS (the `reflex run` process tree) before and after connecting 1,000 idle socket.io clients; then steps of "
            "clients each sending one confirmation event a second until p95 reaches 250 ms.",
            ["RSS before (MB)", "RSS with 1,000 idle clients (MB)", "MB per 1,000 clients", "Most clients with p95 < 250 ms", "Steps (clients: p95 ms)"],
            [[ms(mem["rss_before_mb"]), ms(mem["rss_after_mb"]), ms(mem["mb_per_1000"]), str(cap["held_under_250ms"]),
              ", ".join(f"{s['clients']}: {s['p95']:.0f}" for s in cap["steps"])]],
        ),
        *section(
            "Scaling with workers on Redis",
            "50 clients sending confirmation events back to back for 10 s against one instance with 1, 2 and 4 backend workers "
            "(PostgreSQL + Redis); on a 2-core machine more workers than cores mostly add contention.",
            ["Workers", "Events per second", "Server CPU (s)"],
            [[str(r["workers"]), ms(r["events_per_second"]), ms(r["server_cpu_s"])] for r in result["scaling"]],
        ),
    ]


def alerts_section() -> list[str]:
    from . import alerts

    result = _measured(alerts)
    reply, shown, mail = result["publish_reply"], result["tabs_show"], result["outbox"]
    return section(
        f"Publishing an alert to every group ({result['groups']} groups, {result['members']:,} generated members)",
        f"A TLP:AMBER alert to all groups, {result['rounds']} rounds: the operator's `publish` event until its reply (one fan-out row "
        f"is written in the same transaction), and until each of {result['tabs']} open member tabs on /varsler shows it (socket.io "
        f"clients; each tab's view computed for its own cookie). Then the outbox worker: how long it takes to expand the fan-outs into "
        f"one mail per reader who wants it, and mails per second to the local SMTP server (the dev mail catcher, in the portal's own "
        f"process) over {mail['seconds']:.0f} s. One worker, embedded defaults.",
        ["Reply to the operator p50 / p95 (ms)", f"{result['tabs']} tabs show it p50 / p95 / p99 (ms)", "Mails queued", "Expanded in (s)", "Mails per second"],
        [[f"{reply['p50']:.0f} / {reply['p95']:.0f}", f"{shown['p50']:.0f} / {shown['p95']:.0f} / {shown['p99']:.0f}", f"{mail['queued']:,}",
          ms(mail["expanded_seconds"]), ms(mail["per_second"])]],
    )


def provider_section() -> list[str]:
    from . import provider

    result = _measured(provider)
    return section(
        "Back-end logins and introspections through the portal's OpenID provider",
        f"{result['logins']} code-flow logins and {result['introspections']} introspections per round over HTTP ({result['concurrency']} at a time), "
        f"{result['rounds']} rounds, medians; one portal worker on PostgreSQL + Redis, the load generator on the same 2 cores. A login is what a "
        "back-end's login costs the portal once the person has a portal session: GET /op/authorize with the session cookie (session, access "
        "rule and consent read, the code stored) and POST /op/token (client_secret_basic, PKCE S256; the code claimed, the token family and "
        "refresh token stored, claims read, the ID token and the RFC 9068 access token signed with RS256). An introspection is POST "
        "/op/introspect by the back-end the token belongs to (client authenticated, signature and family checked).",
        ["Code-flow logins per second", "Portal CPU per login (ms)", "Introspections per second", "Portal CPU per introspection (ms)"],
        [[ms(result["logins_per_second"]), ms(result["cpu_ms_per_login"]), ms(result["introspections_per_second"]), ms(result["cpu_ms_per_introspection"])]],
    )


BENCHMARKS = {
    "search": search_section, "dashboard": dashboard_section, "dashboards": dashboards_section,
    "logins": logins_section, "events": events_sections, "alerts": alerts_section, "provider": provider_section,
}


HEADER = [
    "# Benchmarks",
    "",
    "Written by `make bench` (`python -m bench`); figures are medians or percentiles over the runs described, never pass/fail tests.",
    "The load generators (socket.io clients, httpx, Chromium) run on the same machine as the portal, so every figure is a floor.",
    "Each section says when and where it was run: `python -m bench NAME` re-runs one and keeps the others.",
    "",
]


def _blocks(text: str) -> dict[str, str]:
    """The sections of an earlier run, by benchmark name (between `<!-- bench:NAME -->` markers)."""
    found = {}
    for part in text.split("<!-- bench:")[1:]:
        name, _, rest = part.partition(" -->\n")
        found[name] = "<!-- bench:" + name + " -->\n" + rest.split("<!-- /bench -->")[0] + "<!-- /bench -->\n"
    return found


def main(names: list[str]) -> None:
    blocks = _blocks(OUT.read_text()) if OUT.exists() else {}
    for name in names or list(BENCHMARKS):
        body = "\n".join(BENCHMARKS[name]())
        blocks[name] = f"<!-- bench:{name} -->\nRun {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}.\n\n{body}\n<!-- /bench -->\n"
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(HEADER) + "\n" + "\n".join(blocks[n] for n in BENCHMARKS if n in blocks))
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
