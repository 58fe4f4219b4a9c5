"""Demo data for development: real organisations (shipped JSON), demo domains and a demo administrator.

Runs from the set-up command; does nothing in production or when organisations already exist.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, col, func, select

from . import services
from .core.settings import local_dir
from .domain import alerts, identity, notices
from .domain.addresses import domain_of
from .domain.alerts import Draft
from .domain.audience import Audience
from .domain.membership import link_by_domain
from .domain.notices import NoticeForm
from .domain.organisations import catalogue_changed, display_name, search_key, valid_org_number
from .idporten.test_persons import TEST_PERSONS
from .models import Alert, EmailAddress, EmailDomain, GroupAdmin, Organisation, Person, RelyingParty, Service
from .provider import catalogue, clients

log = logging.getLogger(__name__)
DATA = Path(__file__).resolve().parent / "data" / "organisations_no.json"
DEMO_DOMAINS = {
    "958935420": ["oslo.kommune.no"],
    "940101808": ["tromso.kommune.no"],
    "964338531": ["bergen.kommune.no"],
    "993467049": ["ous-hf.no"],
    "983974724": ["helse-bergen.no"],
}
ALERTS = Path(__file__).resolve().parent / "data" / "demo_alerts.json"
DEMO_ADMIN_OF = "958935420"
DEMO_ADMIN_EMAIL = "demo.admin@oslo.kommune.no"
DEMO_BACKEND = Path(__file__).resolve().parent / "data" / "demo_backend.json"  # its registration, as an operator would write it


def load() -> int:
    settings = services.settings()
    if settings.production:
        log.info("no demo data in production")
        return 0
    clock = services.clock()
    with services.db_session() as db:
        if db.exec(select(func.count()).select_from(Organisation)).one():
            load_alerts(db)
            load_demo_backend(db)
            return 0
        rows = json.loads(DATA.read_text(encoding="utf-8"))
        by_number = {}
        for row in rows:
            number = row["orgnr"] if row.get("orgnr") and valid_org_number(row["orgnr"]) else None
            name = display_name(row["name"])
            org = Organisation(name=name, search_name=search_key(name), org_number=number, kind=row["kind"], created_at=clock.now())
            db.add(org)
            if number:
                by_number[number] = org
        db.flush()
        catalogue_changed(db)
        for number, domains in DEMO_DOMAINS.items():
            if number in by_number:
                for domain in domains:
                    db.add(EmailDomain(organisation_id=by_number[number].id, domain=domain, created_at=clock.now()))
        admin_pid, admin_name = next((p, n) for p, n in TEST_PERSONS if n == "Demo Administrator")
        admin, _ = identity.find_or_create_person(db, clock, secret_key=settings.secret_key, pid=admin_pid, idp_name=admin_name)
        admin.is_operator, admin.full_name, admin.registered_at = True, admin_name, clock.now()
        db.add(admin)
        email = EmailAddress(person_id=admin.id, address=DEMO_ADMIN_EMAIL, domain=domain_of(DEMO_ADMIN_EMAIL), is_primary=True, created_at=clock.now(), verified_at=clock.now())
        db.add(email)
        db.flush()
        link_by_domain(db, clock, email=email)
        if DEMO_ADMIN_OF in by_number:
            db.add(GroupAdmin(organisation_id=by_number[DEMO_ADMIN_OF].id, person_id=admin.id, created_at=clock.now()))
        db.flush()
        load_alerts(db)
        load_demo_backend(db)
        return len(rows)


def load_alerts(db: Session) -> int:
    """Demo alerts about real, public CVEs (TLP:CLEAR) and one TLP:AMBER alert to Oslo kommune, published by the
    demo operator; and one public driftsmelding. Only when there are no alerts yet."""
    clock = services.clock()
    operator = db.exec(select(Person).where(Person.is_operator == True)).first()  # noqa: E712
    if operator is None or db.exec(select(func.count()).select_from(Alert)).one():
        return 0
    rows = json.loads(ALERTS.read_text(encoding="utf-8"))
    for row in rows:
        groups = tuple(o.id for o in db.exec(select(Organisation).where(col(Organisation.org_number).in_(row.pop("groups", [])))).all())
        alert = alerts.create_draft(db, clock, actor_id=operator.id, draft=Draft(**row, group_ids=groups))
        alerts.publish(db, clock, actor_id=operator.id, alert_id=alert.id)
    starts = clock.now()
    notices.create(db, clock, actor_id=operator.id, form=NoticeForm(
        "Planlagt vedlikehold av medlemsportalen", "Portalen kan være utilgjengelig i korte perioder tirsdag kveld mellom kl. 21 og 23.", "info", starts, starts + timedelta(days=7),
    ))
    return len(rows)


def demo_backend_file() -> Path:
    """Where the demo back-end finds its client_id and secret, as an operator would hand them over."""
    return local_dir() / "demo-backend.json"


def load_demo_backend(db: Session) -> str:
    """Register the demo back-end (lifespan.demo_backend runs it) for the port it runs on now, and list it in the
    services catalogue for every member. A new secret whenever its registration had to change."""
    settings, clock = services.settings(), services.clock()
    base = settings.demo_backend_url
    if not base:
        return ""
    demo = json.loads(DEMO_BACKEND.read_text(encoding="utf-8"))
    client_id = demo["client_id"]
    reg = clients.Registration(
        client_id=client_id, name=demo["name"], auth_method="client_secret_basic", redirect_uris=(f"{base}/callback",),
        post_logout_redirect_uris=(f"{base}/",), backchannel_logout_uri=f"{base}/backchannel-logout",
    )
    rp = db.exec(select(RelyingParty).where(RelyingParty.client_id == client_id)).first()
    saved = json.loads(demo_backend_file().read_text()) if demo_backend_file().exists() else {}
    if rp is None:
        rp, secret = clients.register(db, clock, secret_key=settings.secret_key, actor_id=None, reg=reg)
    elif rp.redirect_uris != reg.redirect_uris[0] or saved.get("base_url") != base or not clients.secret_matches(rp, settings.secret_key, saved.get("client_secret", "")):
        clients.update(db, clock, secret_key=settings.secret_key, actor_id=None, client_id=client_id, reg=reg)
        secret = clients.renew_secret(db, clock, secret_key=settings.secret_key, actor_id=None, client_id=client_id)
    else:
        return base
    fd = os.open(demo_backend_file(), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # never readable by others, not even briefly
    os.fchmod(fd, 0o600)  # also when the file was there before
    with os.fdopen(fd, "w") as handed_over:
        json.dump({"client_id": client_id, "client_secret": secret, "base_url": base}, handed_over)
    if not db.exec(select(Service).where(Service.relying_party_id == rp.id, col(Service.removed_at).is_(None))).first():
        form = catalogue.ServiceForm(demo["name"], demo["description"], f"{base}/login", client_id, Audience("members"))
        catalogue.save(db, clock, actor_id=None, service_id="", form=form)
    return base


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    print(f"demo organisations loaded: {load()}")
