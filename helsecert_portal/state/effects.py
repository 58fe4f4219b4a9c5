"""After a use case has committed: send the e-mails it named and notify the live feeds it touched."""

from __future__ import annotations

import logging

from .. import services
from ..backchannel import deliver_soon
from ..core.mail import MailNotSent
from ..usecases.outcome import Outcome
from .common import off_loop
from .live import publish

log = logging.getLogger(__name__)


async def carry_out(outcome: Outcome[object]) -> bool:
    """True when every e-mail went; the change itself stands either way (it is committed already)."""

    def send_all() -> bool:
        sent = True
        for mail in outcome.mails:
            try:
                services.mailer().send(to=mail.to, subject=mail.subject, text=mail.text, html=mail.html or "")
            except MailNotSent:
                log.warning("a mail could not be sent now; the change it reports stands")
                sent = False
        return sent

    all_sent = await off_loop(send_all) if outcome.mails else True
    publish(outcome.notify)  # its own task: never awaited here, where the caller may hold its tab's lock
    if outcome.logouts:  # the back-ends are told now; a failed delivery is tried again by the sweep
        deliver_soon()
    return all_sent
