"""Benchmarks live here (never pass/fail tests); none are written yet."""

print("no benchmarks yet")  # noqa: T201
