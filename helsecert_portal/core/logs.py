"""The portal's log: one JSON object per line, each carrying the reference of the request or event it belongs to.

The reference (`ref`) is what the user's error message shows, so support can find the line. A message
that is itself a JSON object (the security events) is merged into the line's fields.
"""

from __future__ import annotations

import contextvars
import json
import logging
import secrets
import sys
from datetime import UTC, datetime


class _Ref:
    """One request's or event's reference, drawn when first read: most events never log or fail."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = ""

    def __str__(self) -> str:
        if not self.value:
            self.value = secrets.token_hex(4)
        return self.value


_REF: contextvars.ContextVar[_Ref | None] = contextvars.ContextVar("portal_ref", default=None)


def new_ref() -> None:
    """A fresh reference for one HTTP request or one websocket event: short enough to read out on the phone. The
    holder is shared with the worker threads the event's work runs in (they get a copy of the context)."""
    _REF.set(_Ref())


def current_ref() -> str:
    ref = _REF.get()
    if ref is None:
        ref = _Ref()
        _REF.set(ref)
    return str(ref)


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        line: dict[str, object] = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "ref": str(_REF.get() or ""),
        }
        try:
            parsed = json.loads(message) if message.startswith("{") else None
        except ValueError:
            parsed = None
        line.update(parsed if isinstance(parsed, dict) else {"message": message})
        if record.exc_info and record.exc_info[0] is not None:
            # The type and where it was raised, never the message or the frames' values: a database error's
            # message carries the statement's parameters (an address, a name).
            tb = record.exc_info[2]
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            line["error"] = record.exc_info[0].__name__
            if tb is not None:
                line["where"] = f"{tb.tb_frame.f_code.co_filename.rpartition('/')[2]}:{tb.tb_lineno} in {tb.tb_frame.f_code.co_name}"
        return json.dumps(line, ensure_ascii=True)


def configure() -> None:
    """The portal's own loggers write JSON lines to stderr (idempotent: once per process)."""
    root = logging.getLogger("helsecert_portal")
    if any(isinstance(h.formatter, JsonLines) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines())
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    root.propagate = False
    # Everyone else's warnings as JSON lines too; and with a root handler in place, a library that calls
    # logging.basicConfig(level=INFO) at import (csaf does) cannot turn on INFO chatter such as the SMTP
    # server's recipient lines.
    if not logging.getLogger().handlers:
        others = logging.StreamHandler(sys.stderr)
        others.setFormatter(JsonLines())
        others.setLevel(logging.WARNING)
        logging.getLogger().addHandler(others)
