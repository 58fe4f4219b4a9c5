"""Security headers on every HTTP response the portal sends: pages, assets and its own routes (ASVS 3.4).

The Content-Security-Policy is as strict as the compiled frontend allows, as measured on its build:
- scripts: the bundle from 'self', plus the inline scripts React Router writes into each prerendered
  page, allowed one by one by their SHA-256 (read from the build, again whenever it is rebuilt);
  'unsafe-eval' because Reflex runs `rx.call_script` (the passkey ceremonies) through eval();
- styles: 'unsafe-inline', for the theme's runtime style tags;
- the websocket to the same origin; no plugins, no framing (except ID-porten's front-channel
  logout iframe on its one route), forms and base URI to this origin only.
Pages and every route answer `Cache-Control: no-store`: they may carry personal data. Hashed
assets under /assets/ keep their normal caching.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from reflex.utils import prerequisites
from reflex_base import constants
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import services
from ..core.logs import current_ref, new_ref
from ..core.settings import SIMULATOR_PATH, Settings

INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), publickey-credentials-get=(self), publickey-credentials-create=(self)"
FRONTCHANNEL = "/auth/frontchannel-logout"


def inline_script_hashes(build_dir: Path) -> list[str]:
    """The CSP source of each distinct inline script in the prerendered pages."""
    found: set[str] = set()
    for page in build_dir.rglob("*.html"):
        for body in INLINE_SCRIPT.findall(page.read_bytes()):
            found.add("'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'")
    return sorted(found)


@lru_cache(maxsize=16)  # a handful of (origin, build, ancestors) combinations per process
def policy(origin: str, script_hashes: tuple[str, ...], frame_ancestors: str = "'none'") -> str:
    socket = origin.replace("https://", "wss://", 1).replace("http://", "ws://", 1)
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval' " + " ".join(script_hashes),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        f"connect-src 'self' {socket}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        f"frame-ancestors {frame_ancestors}",
    ])


class SecurityHeaders:
    """ASGI middleware around the whole backend (it is the last of the app's api_transformers)."""

    def __init__(self, app: ASGIApp, build_dir: Callable[[], Path], settings: Callable[[], Settings] = services.settings) -> None:
        self.app, self._build_dir, self._settings = app, build_dir, settings
        self._cached: tuple[tuple[int, int], tuple[str, ...]] | None = None

    def _hashes(self) -> tuple[str, ...]:
        """The build's inline-script hashes, read again only when the build folder is replaced (a rebuild)."""
        directory = self._build_dir()
        try:
            index = (directory / "index.html").stat()  # every build writes it anew
        except OSError:
            return ()
        stamp = (index.st_ino, index.st_mtime_ns)
        if self._cached is None or self._cached[0] != stamp:
            self._cached = (stamp, tuple(inline_script_hashes(directory)))
        return self._cached[1]

    def headers(self, path: str) -> list[tuple[bytes, bytes]]:
        settings = self._settings()
        issuer = urlsplit(settings.issuer)
        ancestors = f"{issuer.scheme}://{issuer.netloc}" if path == FRONTCHANNEL else "'none'"
        out = [
            ("x-content-type-options", "nosniff"),
            ("referrer-policy", "no-referrer"),
            ("permissions-policy", PERMISSIONS),
            ("cross-origin-opener-policy", "same-origin"),
        ]
        if not path.startswith(SIMULATOR_PATH):  # the simulator stands in for ID-porten's own pages
            out.append(("content-security-policy", policy(settings.origin, self._hashes(), ancestors)))
        if path != FRONTCHANNEL:
            out.append(("x-frame-options", "DENY"))
        if settings.secure_cookies:
            out.append(("strict-transport-security", "max-age=31536000; includeSubDomains"))
        if not path.startswith("/assets/"):
            out.append(("cache-control", "no-store"))
        return [(k.encode(), v.encode()) for k, v in out]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        new_ref()
        extra = [*self.headers(scope.get("path", "")), (b"x-request-id", current_ref().encode())]
        names = {k for k, _ in extra}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def security_headers(app: ASGIApp) -> ASGIApp:
    return SecurityHeaders(app, lambda: prerequisites.get_web_dir() / constants.Dirs.STATIC)
