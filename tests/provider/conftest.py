"""The portal's OpenID provider over real HTTP (uvicorn in a thread) on the test database, people with live portal
sessions, registered back-ends, and a browser stand-in that follows the provider's pages as a person would."""

from __future__ import annotations

import dataclasses
import html
import re
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import uvicorn
from sqlmodel import Session, select
from starlette.applications import Starlette

from helsecert_portal import services
from helsecert_portal.core import cookies
from helsecert_portal.domain import identity, sessions
from helsecert_portal.domain.sessions import SessionPolicy
from helsecert_portal.idporten.test_persons import synthetic_fnr
from helsecert_portal.models import EmailAddress, GroupAdmin, Membership, Organisation, Person, TokenFamily
from helsecert_portal.provider import clients
from helsecert_portal.routes import auth, provider
from tests.support import free_port, migrate

REDIRECT = "http://127.0.0.1:9/callback"


@dataclass
class Portal:
    base: str
    issuer: str


@pytest.fixture(scope="module")
def portal() -> Iterator[Portal]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    original = services.settings
    settings = dataclasses.replace(original(), base_url=base)
    services.settings = lambda: settings  # type: ignore[assignment]
    migrate(settings.database_url)
    app = Starlette(routes=[*auth.routes(), *provider.routes()])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield Portal(base, settings.provider_issuer)
    server.should_exit = True
    thread.join(5)
    services.settings = original  # type: ignore[assignment]


_counter = iter(range(10**6))


def _pid() -> str:
    """A synthetic fødselsnummer that no other provider test uses (serials from 500 up, so not the test persons')."""
    n = next(_counter)
    return synthetic_fnr(1 + n % 28, 1 + (n // 28) % 12, 40 + n // 336, 500)


@dataclass
class Member:
    person_id: str
    cookie: str
    name: str
    address: str


def org(db: Session, name: str, number: str, kind: str = "kommune") -> Organisation:
    found = db.exec(select(Organisation).where(Organisation.org_number == number)).first()
    if found:
        return found
    row = Organisation(name=name, search_name=name.lower(), org_number=number, kind=kind, created_at=services.clock().now())
    db.add(row)
    db.flush()
    return row


def member(*, groups: tuple[str, ...] = ("Testvik kommune",), admin_of: tuple[str, ...] = (), operator: bool = False, method: str = "idporten") -> Member:
    """A registered person with a confirmed address, member of the named groups, logged in to the portal."""
    settings, clock = services.settings(), services.clock()
    with services.db_session() as db:
        person, _ = identity.find_or_create_person(db, clock, secret_key=settings.secret_key, pid=_pid(), idp_name="")
        person.full_name, person.registered_at, person.is_operator = f"Kari Nordmann {person.id[:6]}", clock.now(), operator
        address = f"kari.{person.id[:8]}@testvik.kommune.no"
        db.add(EmailAddress(person_id=person.id, address=address, domain="testvik.kommune.no", is_primary=True, created_at=clock.now(), verified_at=clock.now()))
        db.flush()
        for name in groups:
            group = org(db, name, f"9{zlib.crc32(name.encode()) % 10**8:08d}")
            db.add(Membership(person_id=person.id, organisation_id=group.id, source="request", created_at=clock.now()))
            if name in admin_of:
                db.add(GroupAdmin(organisation_id=group.id, person_id=person.id, created_at=clock.now()))
        db.add(person)
        token = sessions.start_session(db, clock, SessionPolicy.of(settings), person_id=person.id, auth_method=method, acr="idporten-loa-substantial" if method == "idporten" else "")
        return Member(person.id, token, person.full_name, address)


def register(client_id: str, **changes: object) -> str:
    """A back-end with a client secret; returns the secret (shown once)."""
    reg = clients.Registration(client_id=client_id, name=f"Tjeneste {client_id}", auth_method="client_secret_basic", redirect_uris=(REDIRECT,),
                               post_logout_redirect_uris=("http://127.0.0.1:9/logged-out",))
    reg = dataclasses.replace(reg, **changes)  # type: ignore[arg-type]
    with services.db_session() as db:
        _, secret = clients.register(db, services.clock(), secret_key=services.settings().secret_key, actor_id=None, reg=reg)
    return secret


class Browser:
    """A person's browser at the portal: the session cookie, and the provider's pages answered by clicking."""

    def __init__(self, portal: Portal, who: Member | None) -> None:
        self.portal = portal
        self.http = httpx.Client(follow_redirects=False, timeout=10)
        if who is not None:
            self.http.cookies.set(cookies.cookie_name(services.settings()), who.cookie)

    def open(self, url: str, *, consent: bool | None = True) -> httpx.Response:
        """Follows the provider's redirects until the browser leaves for the back-end (or stops at a page)."""
        response = self.http.get(url)
        for _ in range(5):
            if response.status_code == 200 and 'id="consent-yes"' in response.text and consent is not None:
                link = re.search(rf'id="consent-{"yes" if consent else "no"}" href="([^"]+)"', response.text)
                assert link
                response = self.http.get(self.portal.base + html.unescape(link.group(1)), headers={"Sec-Fetch-Site": "same-origin"})
                continue
            if response.status_code == 303 and response.headers["location"].startswith(self.portal.base):
                response = self.http.get(response.headers["location"])
                continue
            return response
        return response

    def callback(self, url: str, **kwargs: bool | None) -> dict[str, str]:
        """The query the back-end's redirect URI receives."""
        response = self.open(url, **kwargs)
        assert response.status_code == 303, response.text
        location = response.headers["location"]
        assert location.startswith("http://127.0.0.1:9/"), location
        return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def family_count(person_id: str) -> int:
    with services.db_session() as db:
        return len(db.exec(select(TokenFamily).where(TokenFamily.person_id == person_id)).all())


def person(person_id: str) -> Person:
    with services.db_session() as db:
        row = db.get(Person, person_id)
        assert row is not None
        return row
