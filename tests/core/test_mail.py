"""The mail sender over a real loopback SMTP server: the code arrives and can be read back."""

from __future__ import annotations

import re

import pytest

from helsecert_portal.core import mail_catcher
from helsecert_portal.core.mail import MailNotSent, MailSender
from helsecert_portal.texts import nb
from tests.conftest import free_port


def test_code_mail_arrives_with_subject_and_code(smtp_server) -> None:
    port, folder = smtp_server
    sender = MailSender("127.0.0.1", port, "none", "", "", "Helse- og KommuneCERT <noreply@helsecert.no>")
    sender.send(to="kari@tromso.kommune.no", subject=nb.MAIL_SUBJECT, text=nb.MAIL_TEXT.format(code="493817", until="14:10", link="https://portal.example/bekreft-epost?e=1"), html="<p>493817</p>")
    [mail] = mail_catcher.messages(folder)
    assert mail.subject == "Bekreft din e-postadresse" and mail.to == "kari@tromso.kommune.no"
    assert re.search(r"\b(\d{6})\b", mail.text).group(1) == "493817"
    assert "ti minutter" in mail.text and "Var det ikke du" in mail.text


def test_smtp_down_raises_mail_not_sent() -> None:
    sender = MailSender("127.0.0.1", free_port(), "none", "", "", "noreply@helsecert.no", timeout=2)
    with pytest.raises(MailNotSent):
        sender.send(to="kari@tromso.kommune.no", subject="x", text="x", html="x")
