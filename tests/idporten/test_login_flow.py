"""Each way a login can fail, against the simulator over real HTTP (wonderwall's case table)."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import psutil
import pytest
from joserfc.jwk import RSAKey

from helsecert_portal.core.clock import FrozenClock
from helsecert_portal.idporten import client as oidc
from helsecert_portal.idporten.test_persons import TEST_PERSONS
from tests.support import run_async

from .conftest import authorize, make_client


def login(client: oidc.IdPortenClient, **finish_overrides) -> oidc.LoginResult:
    auth = run_async(client.start())
    params = authorize(auth.url)
    kwargs = dict(params=params, expected_state=auth.state, nonce=auth.nonce, code_verifier=auth.code_verifier, acr_values="idporten-loa-substantial")
    kwargs.update(finish_overrides)
    return run_async(client.finish(**kwargs))


def test_honest_login_returns_pid_acr_and_a_fresh_sid(idp) -> None:
    client = make_client(idp)
    first, second = login(client), login(client)
    assert first.pid == TEST_PERSONS[0][0]
    assert first.acr == "idporten-loa-substantial"
    assert first.sid and second.sid and first.sid != second.sid


def test_one_worker_s_logins_reuse_one_kept_alive_connection_to_id_porten(idp) -> None:
    """A new connection (and, in production, a TLS handshake) per token request was a known cost of each login."""
    client, port = make_client(idp), urlsplit(idp.issuer).port

    def open_to_idp() -> set[int]:
        mine = psutil.Process().net_connections(kind="tcp")
        return {c.laddr.port for c in mine if c.raddr and c.raddr.port == port and c.status == psutil.CONN_ESTABLISHED}

    async def three_logins() -> list[set[int]]:
        seen, before = [], open_to_idp()  # other tests' clients may still hold theirs
        for _ in range(3):
            auth = await client.start()
            params = await asyncio.to_thread(authorize, auth.url)
            await client.finish(params=params, expected_state=auth.state, nonce=auth.nonce, code_verifier=auth.code_verifier, acr_values="idporten-loa-substantial")
            seen.append(open_to_idp() - before)
        return seen

    seen = run_async(three_logins())
    assert len(seen[0]) == 1 and seen[0] == seen[1] == seen[2]


def test_authorize_url_carries_pkce_s256_state_nonce_acr_and_locale(idp) -> None:
    auth = run_async(make_client(idp).start())
    for part in ("code_challenge_method=S256", "code_challenge=", f"state={auth.state}", f"nonce={auth.nonce}", "acr_values=idporten-loa-substantial", "ui_locales=nb"):
        assert part in auth.url


@pytest.mark.parametrize("auth_method", ["client_secret_basic", "client_secret_post"])
def test_client_secret_methods(idp, auth_method) -> None:
    idp.clients["portal"].auth_method = auth_method
    assert login(make_client(idp, auth_method=auth_method)).pid


def test_private_key_jwt(idp) -> None:
    key = RSAKey.generate_key(2048, parameters={"kid": "portal-key"})
    idp.clients["portal"].auth_method = "private_key_jwt"
    idp.clients["portal"].public_jwks = {"keys": [key.as_dict(private=False)]}
    assert login(make_client(idp, auth_method="private_key_jwt", private_key=key, key_id="portal-key")).pid


def test_a_moved_clock_moves_the_simulator_too_so_logins_go_on(idp) -> None:
    """The portal's test clock (PORTAL_CLOCK_OFFSET_FILE) and the simulator's are one: tokens are stamped by it."""
    ahead = FrozenClock(datetime.now(UTC) + timedelta(hours=3))
    idp.clock = ahead
    assert login(make_client(idp, clock=ahead)).pid == TEST_PERSONS[0][0]


def test_wrong_state_is_refused(idp) -> None:
    with pytest.raises(oidc.StateMismatch):
        login(make_client(idp), expected_state="another-state")


def test_cancel_at_idp_is_reported_as_cancelled(idp) -> None:
    client = make_client(idp)
    auth = run_async(client.start())
    params = authorize(auth.url, action="cancel")
    assert params["error"] == "access_denied"
    with pytest.raises(oidc.UserCancelled):
        run_async(client.finish(params=params, expected_state=auth.state, nonce=auth.nonce, code_verifier=auth.code_verifier, acr_values="idporten-loa-substantial"))


def test_replayed_code_is_refused(idp) -> None:
    client = make_client(idp)
    auth = run_async(client.start())
    params = authorize(auth.url)
    kwargs = dict(params=params, expected_state=auth.state, nonce=auth.nonce, code_verifier=auth.code_verifier, acr_values="idporten-loa-substantial")
    run_async(client.finish(**kwargs))
    with pytest.raises(oidc.TokenRejected):
        run_async(client.finish(**kwargs))


@pytest.mark.parametrize("verifier", ["wrong-verifier-" + "x" * 40, ""])
def test_wrong_or_missing_code_verifier_is_refused(idp, verifier) -> None:
    with pytest.raises(oidc.TokenRejected):
        login(make_client(idp), code_verifier=verifier)


def test_authorize_without_pkce_or_with_plain_is_refused_by_the_simulator(idp) -> None:
    auth = run_async(make_client(idp).start())
    for bad in (auth.url.replace("code_challenge_method=S256", "code_challenge_method=plain"), auth.url.split("&code_challenge=")[0]):
        response = httpx.get(bad)
        assert response.status_code == 303 and "error=invalid_request" in response.headers["location"]


def test_unregistered_redirect_uri_is_not_redirected_to(idp) -> None:
    auth = run_async(make_client(idp).start())
    response = httpx.get(auth.url.replace("localhost%3A9", "evil.example"))
    assert response.status_code == 400 and "location" not in response.headers


def test_wrong_nonce_is_refused(idp) -> None:
    with pytest.raises(oidc.NonceMismatch):
        login(make_client(idp), nonce="some-other-nonce")


def test_expired_id_token_is_refused(idp) -> None:
    idp.misbehave.id_token_claims = {"exp": int(time.time()) - 300, "iat": int(time.time()) - 500}
    with pytest.raises(oidc.IdTokenInvalid):
        login(make_client(idp))


@pytest.mark.parametrize("claims", [{"iss": "https://evil.example"}, {"aud": "another-client"}])
def test_wrong_iss_or_aud_is_refused(idp, claims) -> None:
    idp.misbehave.id_token_claims = claims
    with pytest.raises(oidc.IdTokenInvalid):
        login(make_client(idp))


def test_alg_none_is_refused(idp) -> None:
    idp.misbehave.alg_none = True
    with pytest.raises(oidc.IdTokenInvalid):
        login(make_client(idp))


def test_unknown_kid_refetches_jwks_once_then_refuses(idp) -> None:
    client = make_client(idp)
    login(client)  # an honest login first: the client now holds the JWKS
    before = idp.jwks_served
    idp.misbehave.kid = "unknown-kid"
    with pytest.raises(oidc.IdTokenInvalid):
        login(client)
    assert idp.jwks_served == before + 1  # one re-fetch for the unknown kid, then the refusal
    idp.misbehave.kid = None
    login(client)
    assert idp.jwks_served == before + 1  # the known key is served from the cache again


def test_token_signed_by_another_key_is_refused(idp) -> None:
    idp.misbehave.sign_with_other_key = True
    with pytest.raises(oidc.IdTokenInvalid):
        login(make_client(idp))


def test_too_low_acr_is_refused(idp) -> None:
    idp.misbehave.acr = "idporten-loa-low"
    with pytest.raises(oidc.AcrTooLow):
        login(make_client(idp))


def test_high_acr_satisfies_substantial() -> None:
    assert oidc.acr_satisfies("idporten-loa-high", "idporten-loa-substantial")
    assert not oidc.acr_satisfies("idporten-loa-substantial", "idporten-loa-high")


def test_authorization_response_iss_mismatch_is_refused(idp) -> None:
    idp.misbehave.response_iss = "https://evil.example"
    with pytest.raises(oidc.IssuerMismatch):
        login(make_client(idp))


def test_unreachable_issuer_is_reported_as_such() -> None:
    from helsecert_portal.core.clock import SystemClock

    client = oidc.IdPortenClient(
        issuer="http://127.0.0.1:9",
        client_id="x",
        client_secret="y",
        auth_method="client_secret_basic",
        redirect_uri="http://localhost/cb",
        post_logout_redirect_uri="http://localhost/",
        acr_values="idporten-loa-substantial",
        clock=SystemClock(),
        timeout=2,
    )
    with pytest.raises(oidc.IdpUnreachable):
        run_async(client.start())


def test_end_session_url_carries_id_token_hint_and_post_logout_uri(idp) -> None:
    client = make_client(idp)
    result = login(client)
    url = run_async(client.end_session_url(id_token=result.id_token, state="abc"))
    assert url.startswith(idp.issuer + "/endsession?") and "id_token_hint=" in url and "post_logout_redirect_uri=" in url


def test_a_fresh_login_is_asked_of_id_porten(idp) -> None:
    """prompt=login (a back-end asked the portal for a fresh login, issue 16) goes on to ID-porten; a normal one does not."""
    fresh, normal = run_async(make_client(idp).start(fresh=True)), run_async(make_client(idp).start())
    assert parse_qs(urlsplit(fresh.url).query)["prompt"] == ["login"]
    assert "prompt" not in parse_qs(urlsplit(normal.url).query)


def test_a_silent_single_sign_on_reports_the_first_authentication_and_prompt_login_asks_again(idp) -> None:
    """ID-porten's auth_time is when it last authenticated the person: a second login through its own session keeps
    the first time (the portal must not take it for a fresh login); prompt=login shows the login again."""
    client, browser = make_client(idp), httpx.Client()

    def finish(auth: oidc.AuthRequest, params: dict[str, str]) -> oidc.LoginResult:
        return run_async(client.finish(params=params, expected_state=auth.state, nonce=auth.nonce, code_verifier=auth.code_verifier, acr_values="idporten-loa-substantial"))

    auth = run_async(client.start())
    first = finish(auth, authorize(auth.url, http=browser))
    assert first.auth_time is not None and abs(first.auth_time - time.time()) < 30
    time.sleep(1.1)
    again = run_async(client.start())
    silent = browser.get(again.url)  # ID-porten's single sign-on: straight back, no picker
    assert silent.status_code == 303, silent.text[:200]
    second = finish(again, {k: v[0] for k, v in parse_qs(urlsplit(silent.headers["location"]).query).items()})
    assert second.auth_time == first.auth_time
    assert 'name="txn"' in browser.get(run_async(client.start(fresh=True)).url).text  # the picker again: a new authentication
