"""The one mail sender: the `emails` library over SMTP (the dev catcher or a real relay)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from email.utils import parseaddr
from html import escape

import emails

from .errors import PortalError
from .settings import Settings

log = logging.getLogger(__name__)


class MailNotSent(PortalError):
    code = "MailNotSent"



@dataclass(frozen=True)
class MailSender:
    host: str
    port: int
    security: str
    user: str
    password: str
    sender: str
    timeout: float = 10.0

    @classmethod
    def from_settings(cls, s: Settings) -> MailSender:
        if s.use_mail_catcher:
            return cls("127.0.0.1", s.dev_smtp_port, "none", "", "", s.mail_from)
        return cls(s.smtp_host, s.smtp_port, s.smtp_security, s.smtp_user, s.smtp_password, s.mail_from)

    def send(self, *, to: str, subject: str, text: str, html: str = "") -> None:
        """Send or raise MailNotSent; the log names the recipient's domain only, never the body."""
        html = html or as_html(text)
        name, addr = parseaddr(self.sender)
        message = emails.Message(subject=subject, text=text, html=html, mail_from=(name, addr), charset="utf-8")
        smtp = {"host": self.host, "port": self.port, "timeout": self.timeout}
        if self.security == "tls":
            smtp["ssl"] = True
        elif self.security == "starttls":
            smtp["tls"] = True
        if self.user:
            smtp.update(user=self.user, password=self.password)
        try:
            response = message.send(to=to, smtp=smtp)
        except Exception as exc:
            log.warning("mail to @%s failed: %s", to.rsplit("@", 1)[-1], type(exc).__name__)
            raise MailNotSent() from exc
        if not response or response.status_code not in (250, 251):
            log.warning("mail to @%s refused: status %s", to.rsplit("@", 1)[-1], getattr(response, "status_code", None))
            raise MailNotSent()


def as_html(text: str, emphasis: str = "") -> str:
    """The HTML part: the plain text, escaped, with one optional piece (a code) made large."""
    body = escape(text)
    if emphasis:
        body = body.replace(escape(emphasis), f'<strong style="font-size:1.6em;letter-spacing:.2em">{escape(emphasis)}</strong>')
    return f'<html lang="nb"><body><pre style="font-family:system-ui,sans-serif;white-space:pre-wrap">{body}</pre></body></html>'
