"""One reference per request or event, shared by its log lines and the message the user reads, wherever it is
first drawn (the event loop or the worker thread the event's work runs in)."""

from __future__ import annotations

import asyncio
import json
import logging

from helsecert_portal.core.logs import JsonLines, current_ref, new_ref
from tests.support import run_async


def _line(message: str) -> dict:
    return json.loads(JsonLines().format(logging.LogRecord("helsecert_portal.x", logging.WARNING, __file__, 1, message, None, None)))


def test_a_reference_first_drawn_in_the_worker_thread_is_the_one_the_event_shows() -> None:
    async def event() -> tuple[str, str, str]:
        new_ref()
        in_thread = await asyncio.to_thread(lambda: _line("failed")["ref"])  # the use case logs first, off the loop
        return in_thread, current_ref(), _line("again")["ref"]

    logged, shown, later = run_async(event())
    assert len(logged) == 8 and logged == shown == later


def test_every_event_gets_its_own_reference() -> None:
    async def event() -> str:
        new_ref()
        return await asyncio.to_thread(current_ref)

    assert len({run_async(event()) for _ in range(5)}) == 5
