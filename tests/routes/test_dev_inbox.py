"""/dev/innboks: the captured mails with their time in Norwegian local time, and the page's name said once."""

from __future__ import annotations

import re
from email.message import EmailMessage

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from helsecert_portal.routes import dev_inbox


@pytest.fixture
def inbox(tmp_path, monkeypatch) -> TestClient:
    folder = tmp_path / "mail"
    folder.mkdir()
    monkeypatch.setattr(dev_inbox, "inbox_folder", lambda: folder)
    mail = EmailMessage()
    mail["To"], mail["Subject"], mail["Date"] = "kari@oslo.kommune.no", "Bekreft din e-postadresse", "Wed, 25 Nov 2026 13:05:00 +0000"
    mail.set_content("Koden er 123456.")
    (folder / "1764075900000-0a1b2c3d.eml").write_bytes(mail.as_bytes())
    return TestClient(Starlette(routes=dev_inbox.routes()))


def test_the_list_and_the_mail_show_oslo_time(inbox) -> None:
    listing = inbox.get("/dev/innboks").text
    assert "25.11.2026 kl. 14:05" in listing and "+0000" not in listing  # 13:05 UTC is 14:05 in Oslo in November
    one = inbox.get("/dev/innboks/1764075900000-0a1b2c3d").text
    assert "25.11.2026 kl. 14:05" in one


def test_the_title_names_the_page_once(inbox) -> None:
    title = re.search(r"<title>(.*?)</title>", inbox.get("/dev/innboks").text).group(1)
    assert title.lower().count("innboks") == 1
