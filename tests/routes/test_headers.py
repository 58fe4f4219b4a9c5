"""Security headers on every response: the CSP the compiled frontend needs and nothing looser."""

from __future__ import annotations

from pathlib import Path

import httpx
from starlette.responses import PlainTextResponse
from starlette.testclient import TestClient

from helsecert_portal.routes.headers import SecurityHeaders, inline_script_hashes, policy


def test_inline_scripts_are_allowed_one_by_one_by_their_hash(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<script>window.x=1</script><script src="/assets/app.js"></script><script type="module">import "/m.js";</script>')
    (tmp_path / "b.html").write_text("<script>window.x=1</script>")
    hashes = inline_script_hashes(tmp_path)
    assert len(hashes) == 2  # the same script on two pages is one hash; an external script needs none
    assert all(h.startswith("'sha256-") for h in hashes)


def test_the_policy_allows_no_inline_script_without_a_hash_and_no_framing() -> None:
    csp = policy("https://medlem.helsecert.no", ("'sha256-abc'",))
    script = next(d for d in csp.split("; ") if d.startswith("script-src"))
    assert "'unsafe-inline'" not in script and "'sha256-abc'" in script
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "connect-src 'self' wss://medlem.helsecert.no" in csp


def _settings():  # the embedded defaults, whatever other tests left in the process
    import os

    from helsecert_portal.core.settings import load_settings

    saved = {k: os.environ.pop(k) for k in ("PORTAL_BASE_URL", "IDPORTEN_ISSUER", "SMTP_HOST", "PORTAL_ENV") if k in os.environ}
    try:
        return load_settings()
    finally:
        os.environ.update(saved)


def _get(path: str) -> httpx.Response:
    async def inner(scope, receive, send) -> None:
        await PlainTextResponse("hei", headers={"Cache-Control": "public"})(scope, receive, send)

    fixed = _settings()
    app = SecurityHeaders(inner, lambda: Path("/nonexistent"), lambda: fixed)

    return TestClient(app, base_url="http://localhost:3000").get(path)  # its own thread: safe beside Playwright's loop


def test_pages_and_routes_get_every_header_and_are_never_cached() -> None:
    response = _get("/medlemsgrupper")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "camera=()" in response.headers["permissions-policy"]
    assert response.headers["cache-control"] == "no-store"  # replaces what the app said
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "strict-transport-security" not in response.headers  # http://localhost: no HSTS


def test_assets_keep_their_caching_and_the_front_channel_route_may_be_framed_by_the_issuer_only() -> None:
    assert _get("/assets/app-123.js").headers["cache-control"] == "public"
    framed = _get("/auth/frontchannel-logout")
    assert "x-frame-options" not in framed.headers
    assert "frame-ancestors http://localhost:3000" in framed.headers["content-security-policy"]


def test_a_rebuilt_frontend_gets_the_new_hashes(tmp_path: Path) -> None:
    """Another portal instance rebuilding the shared build folder must not leave this one with stale hashes."""
    (tmp_path / "index.html").write_text("<script>window.a=1</script>")

    async def inner(scope, receive, send) -> None:
        await PlainTextResponse("hei")(scope, receive, send)

    fixed = _settings()
    client = TestClient(SecurityHeaders(inner, lambda: tmp_path, lambda: fixed), base_url="http://localhost:3000")
    first = client.get("/").headers["content-security-policy"]
    import os

    (tmp_path / "index.html").write_text("<script>window.b=2</script>")
    os.utime(tmp_path / "index.html", ns=(10**18, 10**18))
    second = client.get("/").headers["content-security-policy"]
    assert first != second and inline_script_hashes(tmp_path)[0] in second
