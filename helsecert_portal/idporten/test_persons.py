"""Synthetic test persons (TestID/Tenor style: month + 80), with valid fødselsnummer check digits."""

from __future__ import annotations

W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check(digits: str, weights: tuple[int, ...]) -> int | None:
    rest = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11
    return 0 if rest == 11 else None if rest == 10 else rest


def is_valid_fnr(pid: str) -> bool:
    if len(pid) != 11 or not pid.isdigit():
        return False
    k1 = _check(pid[:9], W1)
    k2 = _check(pid[:10], W2) if k1 is not None else None
    return k1 == int(pid[9]) and k2 == int(pid[10])


def synthetic_fnr(day: int, month: int, year2: int, serial: int) -> str:
    """First valid synthetic number at or after `serial`."""
    for individual in range(serial, 1000):
        base = f"{day:02d}{month + 80:02d}{year2:02d}{individual:03d}"
        k1 = _check(base, W1)
        if k1 is None:
            continue
        k2 = _check(base + str(k1), W2)
        if k2 is None:
            continue
        return f"{base}{k1}{k2}"
    raise ValueError("no valid number")


TEST_PERSONS: tuple[tuple[str, str], ...] = (
    (synthetic_fnr(12, 3, 85, 100), "Kari Nordmann"),
    (synthetic_fnr(3, 11, 79, 200), "Ola Nordmann"),
    (synthetic_fnr(24, 6, 90, 300), "Demo Administrator"),
    (synthetic_fnr(8, 1, 70, 400), "Ingrid Berg"),
    (synthetic_fnr(30, 9, 95, 500), "Per Hansen"),
)
