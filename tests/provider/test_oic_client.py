"""The provider as a second, independent relying-party library sees it: pyoidc's `oic` (not authlib) reads the
discovery document, runs the code flow with PKCE, and verifies the ID token (signature from our JWKS, iss, aud,
nonce) and the userinfo response itself."""

from __future__ import annotations

from urllib.parse import urlencode

from oic import rndstr
from oic.oauth2.message import ErrorResponse
from oic.oic import Client
from oic.oic.message import AccessTokenResponse, AuthorizationResponse, OpenIDSchema, RegistrationResponse
from oic.utils.authn.client import CLIENT_AUTHN_METHOD

from .conftest import REDIRECT, Browser, Portal, member, register


def oic_client(portal: Portal, client_id: str, secret: str) -> Client:
    client = Client(client_authn_method=CLIENT_AUTHN_METHOD)
    client.provider_config(portal.issuer)
    client.store_registration_info(RegistrationResponse(client_id=client_id, client_secret=secret, redirect_uris=[REDIRECT]))
    client.redirect_uris = [REDIRECT]
    return client


def authorization_url(client: Client, state: str, nonce: str, **extra: str) -> tuple[str, str]:
    pkce, verifier = client.add_code_challenge()
    args = {"client_id": client.client_id, "response_type": "code", "scope": ["openid", "profile", "memberships"],
            "nonce": nonce, "redirect_uri": REDIRECT, "state": state, **pkce, **extra}
    return client.construct_AuthorizationRequest(request_args=args).request(client.authorization_endpoint), verifier


def test_oic_logs_in_and_verifies_the_id_token_and_userinfo(portal: Portal) -> None:
    secret = register("oic-backend")
    kari = member(groups=("Testvik kommune",), admin_of=("Testvik kommune",))
    client = oic_client(portal, "oic-backend", secret)
    state, nonce = rndstr(), rndstr()
    url, verifier = authorization_url(client, state, nonce)
    answer = Browser(portal, kari).callback(url)
    parsed = client.parse_response(AuthorizationResponse, info=urlencode(answer), sformat="urlencoded")
    assert parsed["state"] == state
    tokens = client.do_access_token_request(
        state=state, request_args={"code": parsed["code"], "code_verifier": verifier, "redirect_uri": REDIRECT}, authn_method="client_secret_basic"
    )
    assert isinstance(tokens, AccessTokenResponse)
    id_token = tokens["id_token"]  # oic has verified signature, iss, aud and exp before it gets here
    assert id_token["nonce"] == nonce and id_token["iss"] == portal.issuer and id_token["aud"] == ["oic-backend"]
    assert id_token["memberships"] == [{"org_number": id_token["memberships"][0]["org_number"], "name": "Testvik kommune", "role": "administrator"}]
    info = client.do_user_info_request(state=state)
    assert isinstance(info, OpenIDSchema) and info["sub"] == id_token["sub"] and info["name"] == kari.name
    assert "email" not in info  # the scope did not ask for it


def test_oic_with_the_wrong_secret_gets_no_tokens(portal: Portal) -> None:
    register("oic-wrong-secret")
    client = oic_client(portal, "oic-wrong-secret", "not-the-secret")
    state = rndstr()
    url, verifier = authorization_url(client, state, rndstr())
    answer = Browser(portal, member()).callback(url)
    client.parse_response(AuthorizationResponse, info=urlencode(answer), sformat="urlencoded")
    refused = client.do_access_token_request(
        state=state, request_args={"code": answer["code"], "code_verifier": verifier, "redirect_uri": REDIRECT}, authn_method="client_secret_basic"
    )
    assert isinstance(refused, ErrorResponse) and refused["error"] == "invalid_client"
