"""/healthz and /readyz: each part named, 503 when one is away, nothing of where it is."""

from __future__ import annotations

import dataclasses
import re

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from helsecert_portal import services
from helsecert_portal.core.mail import MailSender
from helsecert_portal.routes import health
from tests.support import REDIS_TEST_URL, free_port, migrate


@pytest.fixture
def portal(monkeypatch, smtp_server):
    """The routes with the test database, a real loopback SMTP server and the machine's Redis."""
    migrate(services.settings().database_url)
    smtp_port, _folder = smtp_server
    settings = dataclasses.replace(services.settings(), redis_url=REDIS_TEST_URL)
    monkeypatch.setattr(services, "settings", lambda: settings)
    monkeypatch.setattr(services, "mailer", lambda: MailSender("127.0.0.1", smtp_port, "none", "", "", "x@example.no"))
    return TestClient(Starlette(routes=health.routes()))


def test_healthz_answers_while_the_process_does(portal) -> None:
    assert portal.get("/healthz").json() == {"status": "ok"}


def test_readyz_is_ok_when_database_redis_and_smtp_answer(portal) -> None:
    response = portal.get("/readyz")
    assert response.status_code == 200 and response.json() == {"database": "ok", "smtp": "ok", "redis": "ok"}
    assert response.headers["cache-control"] == "no-store"


def test_readyz_names_a_stopped_redis_and_a_silent_smtp_relay(portal, monkeypatch) -> None:
    stopped = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    settings = dataclasses.replace(services.settings(), redis_url=stopped)
    monkeypatch.setattr(services, "settings", lambda: settings)
    response = portal.get("/readyz")
    assert response.status_code == 503 and response.json() == {"database": "ok", "smtp": "ok", "redis": "unreachable"}
    assert "127.0.0.1" not in response.text and "redis://" not in response.text
    monkeypatch.setattr(services, "mailer", lambda: MailSender("127.0.0.1", free_port(), "none", "", "", "x@example.no"))
    assert portal.get("/readyz").json()["smtp"] == "unreachable"


def _metrics_client(client_host: str = "127.0.0.1") -> TestClient:
    return TestClient(Starlette(routes=health.routes()), client=(client_host, 50000))


def test_metrics_are_served_to_this_machine_only_without_a_token(monkeypatch) -> None:
    settings = dataclasses.replace(services.settings(), metrics_token="")
    monkeypatch.setattr(services, "settings", lambda: settings)
    local = _metrics_client().get("/metrics")
    assert local.status_code == 200 and "portal_logins_total" in local.text and "portal_handler_seconds" in local.text
    assert _metrics_client().get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404  # through the proxy
    assert _metrics_client("198.51.100.7").get("/metrics").status_code == 404


def test_with_a_token_only_its_bearer_gets_the_metrics(monkeypatch) -> None:
    from helsecert_portal.core import metrics

    settings = dataclasses.replace(services.settings(), metrics_token="s3cret-token")
    monkeypatch.setattr(services, "settings", lambda: settings)
    assert _metrics_client().get("/metrics").status_code == 404  # loopback alone is not enough then

    def failed_logins() -> float:
        response = _metrics_client("198.51.100.7").get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
        assert response.status_code == 200
        found = re.search(r'^portal_logins_total\{method="idporten",outcome="failed"\} (\S+)$', response.text, re.M)
        return float(found.group(1)) if found else 0.0

    before = failed_logins()
    metrics.logins.labels("idporten", "failed").inc()
    assert failed_logins() == before + 1
