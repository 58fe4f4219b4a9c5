"""The one clock: every time the portal reads comes from here, so tests can move it."""

from __future__ import annotations

import time
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
        self._read: tuple[tuple[int, int, int], float] | None = None  # (the file's identity and mtime, its offset)

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self._offset())

    def _offset(self) -> float:
        """Read again only when the file has changed: a stat instead of an open and a read on every call. A file's
        mtime is coarse (two writes within one tick can share it), so a read is kept only once the file has been
        still for longer than a tick, when no later write can carry the same stamp."""
        try:
            st = self._path.stat()
        except OSError:
            return 0.0
        seen = (st.st_ino, st.st_mtime_ns, st.st_size)
        if self._read is not None and self._read[0] == seen:
            return self._read[1]
        try:
            offset = float(self._path.read_text().strip() or 0)
        except (OSError, ValueError):
            offset = 0.0
        self._read = (seen, offset) if time.time_ns() - st.st_mtime_ns > 100_000_000 else None
        return offset


class FrozenClock:
    def __init__(self, at: datetime | None = None) -> None:
        self._at = at or datetime(2026, 11, 28, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._at

    def advance(self, **delta: float) -> None:
        self._at += timedelta(**delta)
