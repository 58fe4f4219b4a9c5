"""Aware UTC datetimes in and out: SQLite returns naive values, so UTC is re-attached on read."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field


class UTCDateTime(TypeDecorator):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime; use the clock")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def new_id() -> str:
    return uuid.uuid4().hex


def id_field() -> str:
    return Field(default_factory=new_id, primary_key=True, max_length=32)


def at_field(nullable: bool = False, index: bool = False) -> Any:  # a sqlmodel Field, typed as the column it declares
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


_HEX = frozenset("0123456789abcdef")


def clean_id(value: object) -> str:
    """An id that arrived from a browser: our own 32-hex form, or '' (which names no row)."""
    text = value if isinstance(value, str) else ""
    return text if len(text) == 32 and set(text) <= _HEX else ""
