"""Security events as one structured WARNING line each (ASVS 16.3): an event name and the reason's class.

Never a fødselsnummer, code, token, session id or address: callers pass only names of things
(the error class, the route), and every value is JSON-escaped, so client text cannot forge lines.
"""

from __future__ import annotations

import json
import logging

log = logging.getLogger("helsecert_portal.security")
MAX_FIELD = 200


def one_line(**fields: object) -> str:
    """JSON on one line: newlines and control characters in any value arrive escaped."""
    return json.dumps({k: str(v)[:MAX_FIELD] for k, v in fields.items()}, ensure_ascii=True)


def security_event(event: str, **fields: object) -> None:
    log.warning(one_line(event=event, **fields))


class OneLineEventErrors(logging.Filter):
    """Reflex logs an event it cannot dispatch (an unknown handler name from a forged event) with the
    event's whole repr, client payload included, and a traceback. Kept as one escaped line instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            name = str(exc).rpartition("event: ")[2].strip("'\"") if isinstance(exc, KeyError) else ""
            record.msg = one_line(event="event.unknown" if name else "event.failed", name=name, error=type(exc).__name__)
            record.args, record.exc_info, record.exc_text = (), None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def quiet_event_errors() -> None:
    logging.getLogger("reflex_base.event.processor.event_processor").addFilter(OneLineEventErrors())
