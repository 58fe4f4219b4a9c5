"""Security events: one line each, whatever the client sent (no log forging)."""

import json
import logging

from helsecert_portal.core.security_log import OneLineEventErrors, one_line


def test_one_line_escapes_newlines_and_control_characters() -> None:
    line = one_line(event="frontend.error", message="boom\n2026-12-01 WARNING forged line\r\x1b[31m")
    assert "\n" not in line and "\r" not in line and "\x1b" not in line
    assert json.loads(line)["message"].startswith("boom\n2026")


def test_an_unknown_event_name_is_logged_as_one_line_without_payload_or_traceback() -> None:
    try:
        raise KeyError("No registered handler found for event: evil.handler")
    except KeyError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "Error processing %s\nsecret payload", ("ev",), sys.exc_info())
    assert OneLineEventErrors().filter(record)
    text = logging.Formatter().format(record)
    assert "\n" not in text and "secret payload" not in text and "Traceback" not in text
    assert json.loads(record.getMessage()) == {"event": "event.unknown", "name": "evil.handler", "error": "KeyError"}
