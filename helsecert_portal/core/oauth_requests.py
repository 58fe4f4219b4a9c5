"""Starlette requests in the shape authlib's framework-neutral server expects: for the ID-porten simulator and the
portal's own OpenID provider alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from authlib.oauth2.rfc6749 import OAuth2Request
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from starlette.requests import Request


class PreparedRequest:
    """A request with its form already read (authlib's server is synchronous)."""

    def __init__(self, method: str, url: str, headers: Mapping[str, str], values: dict[str, Any]) -> None:  # case-insensitive headers
        self.method, self.url, self.headers, self.values = method, url, headers, values


class StarletteOAuth2Request(OAuth2Request):
    def __init__(self, prepared: PreparedRequest) -> None:
        super().__init__(prepared.method, prepared.url, headers=prepared.headers)
        self.payload = BasicOAuth2Payload(prepared.values)
        self._values = prepared.values

    @property
    def args(self) -> dict[str, Any]:
        return self._values

    @property
    def form(self) -> dict[str, Any]:
        return self._values


async def prepare(request: Request, extra: dict[str, str] | None = None, *, form_only: bool = False) -> PreparedRequest:
    """Query and (for POST) form values of a request; `form_only` for endpoints that take credentials, which must
    never travel in a URL. A repeated or non-text field keeps its first text value."""
    values = {} if form_only else dict(request.query_params)
    if request.method == "POST":
        values.update({k: v for k, v in (await request.form()).items() if isinstance(v, str)})
    values.update(extra or {})
    return PreparedRequest(request.method, str(request.url), request.headers, values)
