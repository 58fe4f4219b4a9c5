"""Signing-key rotation on the portal's clock: a successor is published an hour before it signs, and a retired key
leaves the JWKS an hour after its successor took over, after which a token it signed is no longer accepted."""

from __future__ import annotations

from helsecert_portal.core.clock import FrozenClock
from helsecert_portal.provider import keys, tokens

SECRET = "test-secret-key-that-is-long-enough-0123456789"
ISSUER = "http://localhost:3000/op"


def test_a_key_is_published_before_it_signs_and_a_rotated_out_key_is_refused(tx, clock: FrozenClock) -> None:
    with tx() as db:
        first = keys.key_ring(db, clock, SECRET)
        old_token = tokens.access_token(first, clock, issuer=ISSUER, client_id="c", sub="s", scope="openid", fid="f", auth_time=0, acr="x")
    clock.advance(days=31)
    with tx() as db:
        keys.rotate(db, clock, SECRET)
        ring = keys.key_ring(db, clock, SECRET)
        assert ring.signing.kid == first.signing.kid and len(ring.published) == 2  # the successor is published, not yet signing
    clock.advance(minutes=61)
    with tx() as db:
        ring = keys.key_ring(db, clock, SECRET)
        assert ring.signing.kid != first.signing.kid
        assert keys.rotate(db, clock, SECRET) == [first.signing.kid]
        assert first.signing.kid in [k["kid"] for k in keys.key_ring(db, clock, SECRET).published]  # kept a while longer
    clock.advance(minutes=61)
    with tx() as db:
        ring = keys.key_ring(db, clock, SECRET)
        assert [k["kid"] for k in ring.published] == [ring.signing.kid]
        assert keys.rotate(db, clock, SECRET) == []
        fresh = tokens.access_token(ring, clock, issuer=ISSUER, client_id="c", sub="s", scope="openid", fid="f", auth_time=0, acr="x")
        assert tokens.read_access_token(ring, clock, issuer=ISSUER, token=fresh) is not None
        assert tokens.read_access_token(ring, clock, issuer=ISSUER, token=old_token) is None  # signed by a key no longer published


def test_an_expired_access_token_is_refused(tx, clock: FrozenClock) -> None:
    with tx() as db:
        ring = keys.key_ring(db, clock, SECRET)
    token = tokens.access_token(ring, clock, issuer=ISSUER, client_id="c", sub="s", scope="openid", fid="f", auth_time=0, acr="x")
    assert tokens.read_access_token(ring, clock, issuer=ISSUER, token=token) is not None
    clock.advance(seconds=tokens.ACCESS_TOKEN_SECONDS)
    assert tokens.read_access_token(ring, clock, issuer=ISSUER, token=token) is None
    assert tokens.read_access_token(ring, clock, issuer="http://other/op", token=token) is None


def test_a_back_ends_post_logout_address_waits_for_id_porten_once_and_never_as_a_login_request(tx, clock: FrozenClock) -> None:
    """RP-initiated logout goes on to ID-porten; its `state` brings the person back to the back-end's address, once,
    within ten minutes. The handle is no authorize request (its own digest purpose)."""
    from helsecert_portal.domain.sessions import SessionPolicy
    from helsecert_portal.provider import flow, logout
    from helsecert_portal.provider.server import Context

    def ctx(db):
        return Context(db, clock, SessionPolicy(secret_key=SECRET), ISSUER)

    with tx() as db:
        handle, stale = logout.remember_target(ctx(db), "https://sak.example.no/utlogget"), logout.remember_target(ctx(db), "https://sak.example.no/x")
        assert flow.pending(ctx(db), handle) is None
    with tx() as db:
        assert logout.take_target(ctx(db), "forged") == ""
        assert logout.take_target(ctx(db), handle) == "https://sak.example.no/utlogget"
    with tx() as db:
        assert logout.take_target(ctx(db), handle) == ""  # once
    clock.advance(minutes=11)
    with tx() as db:
        assert logout.take_target(ctx(db), stale) == ""
