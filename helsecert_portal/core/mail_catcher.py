"""Development mail catcher: a real SMTP server on loopback that keeps each message as an .eml file."""

from __future__ import annotations

import email
import email.policy
import logging
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope

log = logging.getLogger(__name__)


class _Store:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def handle_DATA(self, server: object, session: object, envelope: Envelope) -> str:
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        tmp = self.folder / (name + ".tmp")
        raw = envelope.original_content or envelope.content or b""
        tmp.write_bytes(raw.encode() if isinstance(raw, str) else raw)
        tmp.replace(self.folder / name)
        return "250 Message accepted for delivery"


@dataclass(frozen=True)
class CapturedMail:
    id: str
    to: str
    subject: str
    date: str
    text: str


def start(folder: Path, port: int) -> Controller:
    folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(_Store(folder), hostname="127.0.0.1", port=port)
    controller.start()
    log.warning("development mail catcher listening on 127.0.0.1:%s", port)
    return controller


def messages(folder: Path, limit: int = 100) -> list[CapturedMail]:
    files = sorted(folder.glob("*.eml"), reverse=True)[:limit] if folder.exists() else []
    return [read(path) for path in files]


def read(path: Path) -> CapturedMail:
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    part = msg.get_body(preferencelist=("plain",))
    text = part.get_content() if part is not None else ""
    return CapturedMail(id=path.stem, to=str(msg.get("To", "")), subject=str(msg.get("Subject", "")), date=str(msg.get("Date", "")), text=text)


def main() -> None:
    """Run the catcher as its own SMTP server (python -m helsecert_portal.core.mail_catcher PORT FOLDER)."""
    import sys
    import threading

    controller = start(Path(sys.argv[2]), int(sys.argv[1]))
    try:
        threading.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
