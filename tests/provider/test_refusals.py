"""One test per way a back-end's request must fail, over real HTTP, each asserting its own answer: nothing is ever
sent to an address the client did not register, and no token leaves without PKCE S256, the right client
authentication and a fresh code."""

from __future__ import annotations

import html
import json
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import RSAKey

from .conftest import REDIRECT, Browser, Portal, member, register

JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def authorize_url(portal: Portal, client_id: str, **overrides: str) -> str:
    verifier = "v" * 50
    params = {"response_type": "code", "client_id": client_id, "redirect_uri": REDIRECT, "scope": "openid", "state": "s1", "nonce": "n1",
              "code_challenge": create_s256_code_challenge(verifier), "code_challenge_method": "S256", **overrides}
    return f"{portal.issuer}/authorize?{urlencode({k: v for k, v in params.items() if v != ''})}"


def code_for(portal: Portal, client_id: str) -> str:
    return Browser(portal, member()).callback(authorize_url(portal, client_id))["code"]


def token(portal: Portal, data: dict[str, str], auth: tuple[str, str] | None = None) -> httpx.Response:
    return httpx.post(f"{portal.issuer}/token", data=data, auth=auth)


def test_an_unregistered_redirect_uri_or_client_gets_a_page_and_no_redirect(portal: Portal) -> None:
    register("strict-redirect")
    kari = member()
    for url in (authorize_url(portal, "strict-redirect", redirect_uri="https://evil.example/cb"),
                authorize_url(portal, "strict-redirect", redirect_uri=REDIRECT + "/../steal"),
                authorize_url(portal, "no-such-client")):
        response = Browser(portal, kari).open(url)
        assert response.status_code == 400 and "location" not in response.headers
        assert "Innloggingen kunne ikke starte" in response.text


def test_pkce_is_required_and_plain_is_refused(portal: Portal) -> None:
    register("pkce")
    kari = member()
    missing = Browser(portal, kari).callback(authorize_url(portal, "pkce", code_challenge="", code_challenge_method=""))
    plain = Browser(portal, kari).callback(authorize_url(portal, "pkce", code_challenge="v" * 50, code_challenge_method="plain"))
    assert missing["error"] == "invalid_request" and plain["error"] == "invalid_request" and "code" not in missing and "code" not in plain


def test_a_wrong_verifier_a_foreign_code_or_a_wrong_secret_gets_no_token(portal: Portal) -> None:
    secret, other = register("verifier-check"), register("code-thief")
    wrong = token(portal, {"grant_type": "authorization_code", "code": code_for(portal, "verifier-check"), "redirect_uri": REDIRECT, "code_verifier": "w" * 50}, ("verifier-check", secret))
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    stolen = token(portal, {"grant_type": "authorization_code", "code": code_for(portal, "verifier-check"), "redirect_uri": REDIRECT, "code_verifier": "v" * 50}, ("code-thief", other))
    assert stolen.status_code == 400 and stolen.json()["error"] == "invalid_grant"
    bad_secret = token(portal, {"grant_type": "authorization_code", "code": code_for(portal, "verifier-check"), "redirect_uri": REDIRECT, "code_verifier": "v" * 50}, ("verifier-check", "guess"))
    assert bad_secret.status_code == 401 and bad_secret.json()["error"] == "invalid_client"
    post_instead = token(portal, {"grant_type": "authorization_code", "code": code_for(portal, "verifier-check"), "redirect_uri": REDIRECT,
                                  "code_verifier": "v" * 50, "client_id": "verifier-check", "client_secret": secret})
    assert post_instead.status_code == 401  # registered for client_secret_basic: the secret in the body is not accepted


def test_private_key_jwt_works_once_per_assertion_and_not_with_another_key(portal: Portal) -> None:
    key = RSAKey.generate_key(2048, parameters={"kid": "backend-1"})
    register("signed-backend", auth_method="private_key_jwt", jwks={"keys": [key.as_dict(private=False)]})

    def assertion(signing_key: RSAKey, jti: str) -> str:
        now = int(time.time())
        claims = {"iss": "signed-backend", "sub": "signed-backend", "aud": portal.issuer, "iat": now, "exp": now + 60, "jti": jti}
        return jwt.encode({"alg": "RS256", "kid": signing_key.kid or ""}, claims, signing_key)

    def exchange(client_assertion: str) -> httpx.Response:
        return token(portal, {"grant_type": "authorization_code", "code": code_for(portal, "signed-backend"), "redirect_uri": REDIRECT,
                              "code_verifier": "v" * 50, "client_assertion_type": JWT_BEARER,
                              "client_assertion": client_assertion})

    once = assertion(key, generate_token(16))
    assert exchange(once).status_code == 200
    assert exchange(once).json()["error"] == "invalid_client"  # the same assertion again
    stranger = RSAKey.generate_key(2048, parameters={"kid": "backend-1"})
    assert exchange(assertion(stranger, generate_token(16))).json()["error"] == "invalid_client"


def test_a_consent_posted_from_another_site_is_refused(portal: Portal) -> None:
    register("csrf-consent")
    browser = Browser(portal, member())
    page = browser.open(authorize_url(portal, "csrf-consent"), consent=None)
    link = html.unescape(page.text.split('id="consent-yes" href="')[1].split('"')[0])
    forged = browser.http.get(portal.base + link, headers={"Sec-Fetch-Site": "cross-site"})
    assert forged.status_code == 403 and "location" not in forged.headers
    assert browser.http.get(portal.base + link, headers={"Sec-Fetch-Site": "same-origin"}).status_code == 303  # the handle still works


def test_rp_initiated_logout_with_this_sessions_hint_ends_it_and_returns_only_to_a_registered_uri(portal: Portal) -> None:
    secret = register("logout-rp")
    kari = member()
    browser = Browser(portal, kari)
    code = browser.callback(authorize_url(portal, "logout-rp"))["code"]
    tokens = token(portal, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "code_verifier": "v" * 50}, ("logout-rp", secret)).json()
    foreign = browser.http.get(f"{portal.issuer}/logout", params={"post_logout_redirect_uri": "http://127.0.0.1:9/logged-out", "client_id": "logout-rp", "bekreftet": "1"},
                               headers={"Sec-Fetch-Site": "cross-site"})
    assert foreign.status_code == 200 and "Logg ut av medlemsportalen?" in foreign.text  # no hint, another site: the person is asked
    assert httpx.get(f"{portal.issuer}/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}).status_code == 200
    evil = browser.http.get(f"{portal.issuer}/logout", params={"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": "https://evil.example/"})
    assert evil.status_code == 303 and evil.headers["location"] == "/utlogget?kun=portalen"
    assert httpx.get(f"{portal.issuer}/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}).status_code == 401

    kari = member()
    browser = Browser(portal, kari)
    code = browser.callback(authorize_url(portal, "logout-rp"))["code"]
    tokens = token(portal, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "code_verifier": "v" * 50}, ("logout-rp", secret)).json()
    back = browser.http.get(f"{portal.issuer}/logout", params={"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": "http://127.0.0.1:9/logged-out", "state": "x1"})
    assert back.status_code == 303 and parse_qs(urlsplit(back.headers["location"]).query) == {"state": ["x1"]}
    assert json.loads(httpx.post(f"{portal.issuer}/introspect", data={"token": tokens["access_token"]}, auth=("logout-rp", secret)).text) == {"active": False}


def test_the_logout_question_answered_on_the_portals_own_page_ends_the_session(portal: Portal) -> None:
    secret = register("logout-asked")
    browser = Browser(portal, member())
    code = browser.callback(authorize_url(portal, "logout-asked"))["code"]
    tokens = token(portal, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "code_verifier": "v" * 50}, ("logout-asked", secret)).json()
    page = browser.http.get(f"{portal.issuer}/logout", params={"client_id": "logout-asked", "post_logout_redirect_uri": "http://127.0.0.1:9/logged-out"})
    link = html.unescape(page.text.split('id="logout-yes" href="')[1].split('"')[0])
    done = browser.http.get(portal.base + link, headers={"Sec-Fetch-Site": "same-origin"})
    assert done.status_code == 303 and done.headers["location"] == "http://127.0.0.1:9/logged-out"
    assert httpx.get(f"{portal.issuer}/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}).status_code == 401


def test_a_consent_link_made_for_one_person_does_nothing_for_another(portal: Portal) -> None:
    register("consent-phish")
    attacker, victim = Browser(portal, member()), Browser(portal, member())
    page = attacker.open(authorize_url(portal, "consent-phish"), consent=None)
    link = html.unescape(page.text.split('id="consent-yes" href="')[1].split('"')[0])
    for fetch_site in ("none", "same-origin"):  # opened from a mail, or however it reaches the victim's browser
        phished = victim.http.get(portal.base + link, headers={"Sec-Fetch-Site": fetch_site})
        assert phished.status_code == 403 and "location" not in phished.headers


def test_an_assertion_without_iat_or_with_a_long_life_is_refused(portal: Portal) -> None:
    key = RSAKey.generate_key(2048, parameters={"kid": "long-lived"})
    register("long-assertion", auth_method="private_key_jwt", jwks={"keys": [key.as_dict(private=False)]})
    now = int(time.time())
    for claims in ({"exp": now + 60}, {"iat": now, "exp": now + 3600}):
        assertion = jwt.encode({"alg": "RS256", "kid": "long-lived"}, {"iss": "long-assertion", "sub": "long-assertion", "aud": portal.issuer, "jti": generate_token(16), **claims}, key)
        refused = token(portal, {"grant_type": "authorization_code", "code": code_for(portal, "long-assertion"), "redirect_uri": REDIRECT, "code_verifier": "v" * 50,
                                 "client_assertion_type": JWT_BEARER, "client_assertion": assertion})
        assert refused.status_code in (400, 401) and refused.json()["error"] in ("invalid_client", "invalid_grant"), refused.text
        assert "access_token" not in refused.text


def test_credentials_in_the_url_are_not_read(portal: Portal) -> None:
    secret = register("url-secret", auth_method="client_secret_post")
    code = code_for(portal, "url-secret")
    sent = httpx.post(f"{portal.issuer}/token", params={"client_id": "url-secret", "client_secret": secret},
                      data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "code_verifier": "v" * 50})
    assert sent.status_code in (400, 401) and "access_token" not in sent.text


def test_prompt_none_never_shows_a_page_and_bad_prompt_or_max_age_is_an_invalid_request(portal: Portal) -> None:
    register("silent-check", audience="operators")
    kari = member()
    denied = Browser(portal, kari).open(authorize_url(portal, "silent-check", prompt="none"))
    assert denied.status_code == 303 and parse_qs(urlsplit(denied.headers["location"]).query)["error"] == ["access_denied"]  # not the page
    for bad in ({"prompt": "none login"}, {"max_age": "soon"}, {"max_age": "-5"}):
        answer = Browser(portal, kari).callback(authorize_url(portal, "silent-check", **bad))
        assert answer["error"] == "invalid_request" and "code" not in answer, bad


def test_prompt_login_sends_the_person_to_a_fresh_id_porten_login(portal: Portal) -> None:
    register("fresh-login")
    first = Browser(portal, member()).http.get(authorize_url(portal, "fresh-login", prompt="login"))
    assert first.status_code == 303 and first.headers["location"].startswith("/auth/login?")
    assert parse_qs(urlsplit(first.headers["location"]).query)["prompt"] == ["login"]
    nobody = Browser(portal, None).http.get(authorize_url(portal, "fresh-login", max_age="300"))  # no portal session yet
    assert nobody.status_code == 303 and nobody.headers["location"].startswith("/logg-inn?")
    assert parse_qs(urlsplit(nobody.headers["location"]).query)["prompt"] == ["login"]  # «Logg inn» passes it on
    plain = Browser(portal, None).http.get(authorize_url(portal, "fresh-login"))
    assert "prompt" not in parse_qs(urlsplit(plain.headers["location"]).query)
    # /auth/login?prompt=login passes it on to ID-porten: tests/idporten/test_login_flow.py::test_a_fresh_login_is_asked_of_id_porten


def test_a_refresh_asking_for_more_is_refused_without_burning_the_token(portal: Portal) -> None:
    secret = register("narrow-refresh")
    browser = Browser(portal, member())
    code = browser.callback(authorize_url(portal, "narrow-refresh"))["code"]  # scope openid only
    tokens = token(portal, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "code_verifier": "v" * 50}, ("narrow-refresh", secret)).json()
    wider = token(portal, {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], "scope": "openid memberships"}, ("narrow-refresh", secret))
    assert wider.status_code == 400 and wider.json()["error"] == "invalid_scope"
    again = token(portal, {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}, ("narrow-refresh", secret))
    assert again.status_code == 200 and again.json()["refresh_token"] != tokens["refresh_token"]


def test_a_code_given_before_the_consent_was_withdrawn_gets_no_token(portal: Portal) -> None:
    from sqlmodel import delete

    from helsecert_portal import services
    from helsecert_portal.models import ProviderConsent

    secret = register("withdrawn-meanwhile")
    kari = member()
    code = Browser(portal, kari).callback(authorize_url(portal, "withdrawn-meanwhile"))["code"]
    with services.db_session() as db:  # «Trekk tilbake» in «Min profil» within the code's minute
        db.exec(delete(ProviderConsent).where(ProviderConsent.person_id == kari.person_id))  # type: ignore[call-overload]
    answer = token(portal, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "code_verifier": "v" * 50}, ("withdrawn-meanwhile", secret))
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_grant"


def test_a_used_refresh_token_asking_for_more_still_revokes_the_family(portal: Portal) -> None:
    secret = register("reuse-wider")
    code = code_for(portal, "reuse-wider")
    first = token(portal, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "code_verifier": "v" * 50}, ("reuse-wider", secret)).json()
    second = token(portal, {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}, ("reuse-wider", secret)).json()
    replay = token(portal, {"grant_type": "refresh_token", "refresh_token": first["refresh_token"], "scope": "openid memberships"}, ("reuse-wider", secret))
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    after = token(portal, {"grant_type": "refresh_token", "refresh_token": second["refresh_token"]}, ("reuse-wider", secret))
    assert after.status_code == 400  # the family ended with the replay
