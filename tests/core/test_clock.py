"""The movable clock of the development and test stacks: a change to its offset file counts at once."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

from helsecert_portal.core.clock import OffsetClock


def _seconds_ahead(clock: OffsetClock) -> float:
    return (clock.now() - datetime.now(UTC)).total_seconds()


def test_every_change_to_the_offset_counts_at_once_even_two_of_the_same_length_within_one_tick(tmp_path) -> None:
    offset = tmp_path / "offset"
    clock = OffsetClock(str(offset))
    assert abs(_seconds_ahead(clock)) < 1  # no file: no offset
    offset.write_text("3600")
    assert abs(_seconds_ahead(clock) - 3600) < 1
    offset.write_text("7200")  # same size, and quite possibly the same mtime as the write before
    assert abs(_seconds_ahead(clock) - 7200) < 1
    stamp = offset.stat().st_mtime_ns
    time.sleep(0.15)
    offset.write_text("1800")
    os.utime(offset, ns=(stamp, stamp))  # a write the file system stamped with the same time as the one before
    assert abs(_seconds_ahead(clock) - 1800) < 1
    offset.unlink()
    assert abs(_seconds_ahead(clock)) < 1


def test_an_old_unchanged_file_is_not_read_again(tmp_path, monkeypatch) -> None:
    offset = tmp_path / "offset"
    offset.write_text("60")
    old = time.time_ns() - 10_000_000_000
    os.utime(offset, ns=(old, old))
    clock = OffsetClock(str(offset))
    assert abs(_seconds_ahead(clock) - 60) < 1
    reads: list[str] = []
    original = type(offset).read_text
    monkeypatch.setattr(type(offset), "read_text", lambda self, *a, **k: reads.append(str(self)) or original(self, *a, **k))
    for _ in range(5):
        clock.now()
    assert reads == []
