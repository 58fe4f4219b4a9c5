"""Medlemsgrupper and the code page as use cases: what a request and a confirmation notify, and what a failed send keeps."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from helsecert_portal.core.mail import MailNotSent
from helsecert_portal.domain import profile
from helsecert_portal.models import CodeLedger, VerificationCode
from helsecert_portal.usecases import groups, verification
from tests.conftest import SECRET
from tests.domain.test_membership import group, person


class Outbox:
    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple[str, str]] = []
        self.fail = fail

    def send(self, *, to: str, subject: str, text: str, html: str = "") -> None:
        if self.fail:
            raise MailNotSent()
        self.sent.append((to, text))


def test_a_join_request_notifies_the_group_and_the_requester(tx, clock, login) -> None:
    per = person(tx, clock, "per@konsulent.no")
    oslo = group(tx, clock, "Oslo kommune", admins=(person(tx, clock, "admin@oslo.kommune.no"),))
    person(tx, clock, "op@helsecert.no", operator=True)
    with tx() as db:
        outcome = groups.request_join(db, clock, login(per)(db), group_id=oslo, message="Hei", base_url="https://portal.example")
    assert outcome.notify.groups == {oslo} and outcome.notify.people == {per}
    assert outcome.value == groups.Sent(oslo, "Oslo kommune", to_cert=False) and outcome.mails == ()


def test_a_request_to_a_group_without_administrators_is_mailed_to_the_operators(tx, clock, login) -> None:
    per = person(tx, clock, "per@konsulent.no")
    baerum = group(tx, clock, "Bærum kommune")
    person(tx, clock, "op1@helsecert.no", operator=True), person(tx, clock, "op2@helsecert.no", operator=True)
    with tx() as db:
        outcome = groups.request_join(db, clock, login(per)(db), group_id=baerum, message="Hei", base_url="https://portal.example")
    assert outcome.value.to_cert
    assert sorted(m.to for m in outcome.mails) == ["op1@helsecert.no", "op2@helsecert.no"]
    assert all("Bærum kommune" in m.subject and "https://portal.example/drift" in m.text and "per@" not in m.text for m in outcome.mails)


def test_one_membership_opens_the_group_and_several_the_list(tx, clock) -> None:
    kari = person(tx, clock, "kari@oslo.kommune.no", "kari@bergen.kommune.no")
    with tx() as db:
        assert groups.start_page(db, kari) == "/medlemsgrupper"
    oslo = group(tx, clock, "Oslo kommune", "oslo.kommune.no")
    from tests.domain.test_membership import confirm

    confirm(tx, clock, kari, "kari@oslo.kommune.no")
    with tx() as db:
        assert groups.start_page(db, kari) == f"/medlemsgruppe?g={oslo}"
        assert groups.start_page(db, kari, confirmed="e1") == f"/medlemsgruppe?g={oslo}&bekreftet=e1"
    group(tx, clock, "Bergen kommune", "bergen.kommune.no")
    confirm(tx, clock, kari, "kari@bergen.kommune.no")
    with tx() as db:
        assert groups.start_page(db, kari, confirmed="e2") == "/medlemsgrupper?bekreftet=e2"


def test_the_confirmation_result_is_shown_only_for_ones_own_address(tx, clock, login) -> None:
    kari, per = person(tx, clock, "kari@oslo.kommune.no"), person(tx, clock, "per@konsulent.no")
    with tx() as db:
        from helsecert_portal.models import EmailAddress

        kari_email = db.exec(select(EmailAddress).where(EmailAddress.person_id == kari)).one().id
        assert groups.confirmation(db, login(per)(db), email_id=kari_email) is None
        assert groups.confirmation(db, login(kari)(db), email_id=kari_email).domain == "oslo.kommune.no"


def test_a_code_is_mailed_and_confirming_it_links_by_domain_and_notifies(tx, clock, login) -> None:
    per = person(tx, clock, "per@konsulent.no")
    oslo = group(tx, clock, "Oslo kommune", "oslo.kommune.no")
    with tx() as db:
        email_id = profile.add_address(db, clock, person_id=per, raw_address="per@oslo.kommune.no", webmail_acknowledged=False).id
    outbox = Outbox()
    with tx() as db:
        verification.send_code(db, clock, login(per)(db), secret_key=SECRET, mailer=outbox, email_id=email_id, base_url="https://portal.example")
    [(to, text)] = outbox.sent
    assert f"https://portal.example/bekreft-epost?e={email_id}" in text
    code = next(word for word in text.split() if word.isdigit() and len(word) == 6)
    with tx() as db:
        shown = verification.awaiting(db, clock, login(per)(db), wanted="")
        assert shown is not None and shown.email_id == email_id and shown.resend_wait > 0
        assert shown.valid_until != "" and shown.valid_seconds == 600 and not shown.expired
    clock.advance(seconds=601)
    with tx() as db:
        late = verification.awaiting(db, clock, login(per)(db), wanted="")
        assert late is not None and late.valid_until == "" and late.valid_seconds == 0 and late.expired
    clock.advance(seconds=-601)
    with tx() as db:
        outcome = verification.confirm(db, clock, login(per)(db), secret_key=SECRET, email_id=email_id, code=code)
    assert to == "per@oslo.kommune.no" and outcome.notify.groups == {oslo} and outcome.notify.people == {per}
    assert outcome.value == f"/medlemsgruppe?g={oslo}&bekreftet={email_id}"  # the only group opens


def test_when_smtp_is_down_no_code_no_cooldown_and_no_count_are_kept(tx, clock, login, db) -> None:
    per = person(tx, clock, "per@konsulent.no")
    with tx() as s:
        email_id = profile.add_address(s, clock, person_id=per, raw_address="per@bergen.kommune.no", webmail_acknowledged=False).id
    with pytest.raises(MailNotSent), tx() as s:
        verification.send_code(s, clock, login(per)(s), secret_key=SECRET, mailer=Outbox(fail=True), email_id=email_id, base_url="https://portal.example")
    assert db.exec(select(func.count()).select_from(VerificationCode)).one() == 0
    assert db.exec(select(func.count()).select_from(CodeLedger)).one() == 0
