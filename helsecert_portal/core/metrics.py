"""Prometheus metrics (prometheus-client), aware of several backend workers.

With `PROMETHEUS_MULTIPROC_DIR` set (scripts/run.sh and the tests set it, one folder per instance),
every worker writes its samples there and `/metrics` adds them up; without it, the one process's own.
Labels name outcomes and handlers only, never a person.
"""

from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

logins = Counter("portal_logins_total", "Logins by method and outcome", ["method", "outcome"])
codes = Counter("portal_codes_total", "One-time codes sent, refused (limits, cooldown) and locked (too many wrong tries)", ["outcome"])
join_requests = Counter("portal_join_requests_total", "Join requests sent")
decisions = Counter("portal_decisions_total", "Join requests decided", ["decision"])
handler_seconds = Histogram("portal_handler_seconds", "Time an event handler's use case took (caller check and transaction)", ["handler"])
publish_seconds = Histogram("portal_live_publish_seconds", "From a change to every following tab having its view")

CODE_OUTCOMES = {"SendLimitReached": "refused", "GuessLimitReached": "refused", "ResendTooSoon": "refused", "CodeUsedUp": "locked"}


def exposition() -> tuple[bytes, str]:
    """The text format, summed over every worker of this instance when they share a folder."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
