"""The provider as authlib's OAuth 2.0 client sees it over real HTTP: the code flow with PKCE and a nonce, the claims
read at token time, refresh-token rotation with reuse detection, introspection, revocation and logout."""

from __future__ import annotations

import httpx
import pytest
from authlib.common.security import generate_token
from authlib.integrations.base_client import OAuthError
from authlib.integrations.httpx_client import OAuth2Client
from joserfc import jwt
from joserfc.jwk import KeySet
from sqlmodel import col, delete, select

from helsecert_portal import services
from helsecert_portal.core import cookies
from helsecert_portal.models import Membership, Organisation

from .conftest import REDIRECT, Browser, Portal, member, person, register

ALL_SCOPES = "openid profile email memberships"


def rp(portal: Portal, client_id: str, secret: str, **kwargs: object) -> OAuth2Client:
    return OAuth2Client(client_id, secret, scope=ALL_SCOPES, redirect_uri=REDIRECT, code_challenge_method="S256", **kwargs)


def login(portal: Portal, client: OAuth2Client, browser: Browser, **params: str) -> tuple[dict, str]:
    """The relying party's side of a login: returns the token response and the nonce it sent."""
    verifier, nonce = generate_token(48), generate_token(20)
    url, state = client.create_authorization_url(f"{portal.issuer}/authorize", code_verifier=verifier, nonce=nonce, **params)
    answer = browser.callback(url)
    assert answer["state"] == state and answer["iss"] == portal.issuer, answer
    token = client.fetch_token(f"{portal.issuer}/token", code=answer["code"], code_verifier=verifier)
    return token, nonce


def id_claims(portal: Portal, id_token: str, client_id: str, nonce: str | None) -> dict:
    keys = KeySet.import_key_set(httpx.get(f"{portal.issuer}/jwks").json())
    claims = jwt.decode(id_token, keys, algorithms=["RS256"]).claims
    registry = jwt.JWTClaimsRegistry(iss={"essential": True, "value": portal.issuer}, aud={"essential": True, "value": client_id}, exp={"essential": True})
    registry.validate(claims)
    if nonce is not None:
        assert claims["nonce"] == nonce
    return claims


def test_discovery_names_the_endpoints_and_pkce_s256_only(portal: Portal) -> None:
    meta = httpx.get(f"{portal.issuer}/.well-known/openid-configuration").json()
    assert meta["issuer"] == portal.issuer and meta["code_challenge_methods_supported"] == ["S256"]
    assert meta["backchannel_logout_supported"] is True and "memberships" in meta["scopes_supported"]
    assert httpx.get(meta["jwks_uri"]).json()["keys"][0]["kty"] == "RSA"


def test_a_member_logs_in_to_a_back_end_and_the_claims_are_read_when_the_token_is_made(portal: Portal) -> None:
    secret = register("case-handling")
    kari = member(groups=("Testvik kommune", "Testvik legevakt"), admin_of=("Testvik legevakt",))
    browser = Browser(portal, kari)
    client = rp(portal, "case-handling", secret)
    token, nonce = login(portal, client, browser)
    claims = id_claims(portal, token["id_token"], "case-handling", nonce)
    assert claims["name"] == kari.name and claims["email"] == kari.address and claims["email_verified"] is True
    assert claims["acr"] == "idporten-loa-substantial" and claims["amr"] == ["idporten"] and claims["sid"]
    roles = {m["name"]: m["role"] for m in claims["memberships"]}
    assert roles == {"Testvik kommune": "member", "Testvik legevakt": "administrator"} and claims["cert_operator"] is False
    assert len(claims["sub"]) == 43 and kari.person_id not in claims["sub"]
    userinfo = client.get(f"{portal.issuer}/userinfo").json()
    assert userinfo["sub"] == claims["sub"] and userinfo["email"] == kari.address

    # the same person at another back-end has another subject (pairwise)
    other = rp(portal, "scan-reports", register("scan-reports"))
    other_token, other_nonce = login(portal, other, browser)
    assert id_claims(portal, other_token["id_token"], "scan-reports", other_nonce)["sub"] != claims["sub"]

    # a membership removed now is gone from the next token, and from userinfo at once
    with services.db_session() as db:
        legevakt = db.exec(select(Organisation.id).where(Organisation.name == "Testvik legevakt")).one()
        db.exec(delete(Membership).where(col(Membership.person_id) == kari.person_id, col(Membership.organisation_id) == legevakt))
    assert [m["name"] for m in client.get(f"{portal.issuer}/userinfo").json()["memberships"]] == ["Testvik kommune"]
    refreshed = client.refresh_token(f"{portal.issuer}/token", refresh_token=token["refresh_token"])
    assert [m["name"] for m in id_claims(portal, refreshed["id_token"], "case-handling", None)["memberships"]] == ["Testvik kommune"]

    # with none left, the back-end (open to members) refuses the next refresh
    with services.db_session() as db:
        db.exec(delete(Membership).where(col(Membership.person_id) == kari.person_id))
    with pytest.raises(OAuthError) as refused:
        client.refresh_token(f"{portal.issuer}/token", refresh_token=refreshed["refresh_token"])
    assert refused.value.error == "invalid_grant"


def test_the_consent_is_asked_once_and_cancelling_sends_access_denied(portal: Portal) -> None:
    secret = register("threat-sharing")
    kari = member()
    browser = Browser(portal, kari)
    client = rp(portal, "threat-sharing", secret)
    verifier, nonce = generate_token(48), generate_token(20)
    url, state = client.create_authorization_url(f"{portal.issuer}/authorize", code_verifier=verifier, nonce=nonce)
    page = browser.open(url, consent=None)
    assert page.status_code == 200 and "Tjeneste threat-sharing vil logge deg inn" in page.text and "medlemsgruppene dine" in page.text
    assert browser.callback(url, consent=False)["error"] == "access_denied"
    login(portal, client, browser)  # says yes
    again = browser.open(client.create_authorization_url(f"{portal.issuer}/authorize", code_verifier=verifier, nonce=nonce)[0], consent=None)
    assert again.status_code == 303 and "code=" in again.headers["location"]  # remembered: no page this time


def test_without_a_portal_session_the_person_is_sent_to_log_in_and_prompt_none_says_login_required(portal: Portal) -> None:
    register("login-first")
    client = rp(portal, "login-first", "unused")
    url, _ = client.create_authorization_url(f"{portal.issuer}/authorize", code_verifier=generate_token(48), nonce="n")
    response = Browser(portal, None).open(url)
    assert response.status_code == 303 and response.headers["location"].startswith("/logg-inn?neste=%2Fop%2Ffortsett%2F")
    url, state = client.create_authorization_url(f"{portal.issuer}/authorize", code_verifier=generate_token(48), nonce="n", prompt="none")
    assert Browser(portal, None).callback(url) == {"error": "login_required", "state": state, "iss": portal.issuer}


def test_a_code_used_twice_is_refused_and_revokes_what_the_first_use_gave(portal: Portal) -> None:
    secret = register("replay")
    browser, client = Browser(portal, member()), rp(portal, "replay", secret)
    verifier = generate_token(48)
    url, _ = client.create_authorization_url(f"{portal.issuer}/authorize", code_verifier=verifier, nonce="n")
    code = browser.callback(url)["code"]
    token = client.fetch_token(f"{portal.issuer}/token", code=code, code_verifier=verifier)
    with pytest.raises(OAuthError) as refused:
        client.fetch_token(f"{portal.issuer}/token", code=code, code_verifier=verifier)
    assert refused.value.error == "invalid_grant"
    assert client.get(f"{portal.issuer}/userinfo").status_code == 401  # the access token of the first use is dead
    with pytest.raises(OAuthError):
        client.refresh_token(f"{portal.issuer}/token", refresh_token=token["refresh_token"])


def test_a_refresh_token_used_twice_revokes_the_whole_family(portal: Portal) -> None:
    secret = register("rotation")
    client = rp(portal, "rotation", secret)
    token, _ = login(portal, client, Browser(portal, member()))
    first = token["refresh_token"]
    second = client.refresh_token(f"{portal.issuer}/token", refresh_token=first)
    assert second["refresh_token"] != first
    with pytest.raises(OAuthError) as reused:
        client.refresh_token(f"{portal.issuer}/token", refresh_token=first)
    assert reused.value.error == "invalid_grant"
    with pytest.raises(OAuthError):  # the thief's copy is used: the rightful holder's newer token is dead too
        client.refresh_token(f"{portal.issuer}/token", refresh_token=second["refresh_token"])
    introspected = httpx.post(f"{portal.issuer}/introspect", data={"token": second["access_token"]}, auth=("rotation", secret)).json()
    assert introspected == {"active": False}


def test_introspection_answers_only_the_token_owner_and_revocation_ends_the_family(portal: Portal) -> None:
    secret, other_secret = register("introspect-me"), register("someone-else")
    client = rp(portal, "introspect-me", secret)
    token, _ = login(portal, client, Browser(portal, member()))
    mine = httpx.post(f"{portal.issuer}/introspect", data={"token": token["access_token"]}, auth=("introspect-me", secret)).json()
    assert mine["active"] is True and mine["client_id"] == "introspect-me" and "memberships" in mine["scope"]
    theirs = httpx.post(f"{portal.issuer}/introspect", data={"token": token["access_token"]}, auth=("someone-else", other_secret))
    assert theirs.json() == {"active": False}
    assert httpx.post(f"{portal.issuer}/introspect", data={"token": token["access_token"]}, auth=("introspect-me", "wrong")).status_code == 401
    assert httpx.post(f"{portal.issuer}/revoke", data={"token": token["refresh_token"]}, auth=("introspect-me", secret)).status_code == 200
    after = httpx.post(f"{portal.issuer}/introspect", data={"token": token["access_token"]}, auth=("introspect-me", secret)).json()
    assert after == {"active": False}


def test_a_person_outside_the_clients_groups_gets_a_norwegian_page_and_the_client_access_denied(portal: Portal) -> None:
    secret = register("operators-only", audience="operators")
    client = rp(portal, "operators-only", secret)
    url, state = client.create_authorization_url(f"{portal.issuer}/authorize", code_verifier=generate_token(48), nonce="n")
    page = Browser(portal, member()).open(url)
    assert page.status_code == 403 and "Du har ikke tilgang til Tjeneste operators-only" in page.text
    assert f"error=access_denied&amp;state={state}" in page.text
    token, _ = login(portal, client, Browser(portal, member(operator=True)))
    assert id_claims(portal, token["id_token"], "operators-only", None)["cert_operator"] is True


def test_logging_out_of_the_portal_ends_the_back_ends_tokens(portal: Portal) -> None:
    secret = register("sso-out")
    kari = member()
    client = rp(portal, "sso-out", secret)
    token, _ = login(portal, client, Browser(portal, kari))
    assert person(kari.person_id).full_name == kari.name
    proof = cookies.logout_proof(services.settings(), kari.cookie)
    browser = Browser(portal, kari)
    assert browser.http.get(f"{portal.base}/auth/logout", params={"proof": proof}).status_code == 303
    assert client.get(f"{portal.issuer}/userinfo").status_code == 401
    with pytest.raises(OAuthError):
        client.refresh_token(f"{portal.issuer}/token", refresh_token=token["refresh_token"])
