"""The one clock: every time the portal reads comes from here, so tests can move it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class OffsetClock:
    """System time plus seconds read from a file: lets browser tests age a code (development only)."""

    def __init__(self, offset_file: str) -> None:
        self._path = Path(offset_file)

    def now(self) -> datetime:
        try:
            offset = float(self._path.read_text().strip() or 0)
        except (OSError, ValueError):
            offset = 0.0
        return datetime.now(UTC) + timedelta(seconds=offset)


class FrozenClock:
    def __init__(self, at: datetime | None = None) -> None:
        self._at = at or datetime(2026, 11, 28, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._at

    def advance(self, **delta: float) -> None:
        self._at += timedelta(**delta)
