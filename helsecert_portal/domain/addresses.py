"""E-mail address and name rules shared by registration and «Min profil»."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

from ..core.errors import PortalError


class EmailInvalid(PortalError):
    code = "EmailInvalid"


class NameRequired(PortalError):
    code = "NameRequired"


class NameInvalid(PortalError):
    code = "NameInvalid"


class TextTooLong(PortalError):
    code = "TextTooLong"

    def __init__(self, max_length: int) -> None:
        super().__init__()
        self.max_length = max_length


_LOCAL = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
_NAME_PUNCT = set(" -.'’")


def normalise_email(raw: str) -> str:
    """Lower-cased, trimmed, plain-ASCII address (confusable look-alikes are refused, not mapped)."""
    value = (raw or "").strip().lower()
    if not value or len(value) > 254 or value.count("@") != 1 or not value.isascii():
        raise EmailInvalid()
    local, domain = value.split("@")
    if len(local) > 64 or not _LOCAL.match(local) or not is_valid_domain(domain):
        raise EmailInvalid()
    return value


def is_valid_domain(value: str) -> bool:
    """Lower-case ASCII host names only (IDN in xn-- form), at least two labels, alphabetic TLD."""
    labels = value.split(".")
    return (
        0 < len(value) <= 253
        and value.isascii()
        and len(labels) >= 2
        and labels[-1].isalpha()
        and all(_LABEL.match(label) for label in labels)
    )


def domain_of(address: str) -> str:
    return address.rsplit("@", 1)[1]


@cache
def webmail_domains() -> frozenset[str]:
    path = Path(__file__).resolve().parents[1] / "data" / "webmail_domains.txt"
    lines = (line.strip().lower() for line in path.read_text().splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_webmail(address_or_domain: str) -> bool:
    return address_or_domain.rsplit("@", 1)[-1].lower() in webmail_domains()


def clean_name(raw: str) -> str:
    """Letters (any script), spaces and - . ' only; collapses white space; at most 200 characters."""
    value = " ".join(unicodedata.normalize("NFC", raw or "").split())
    if not value:
        raise NameRequired()
    if len(value) > 200 or not any(ch.isalpha() for ch in value):
        raise NameInvalid()
    for ch in value:
        if not (unicodedata.category(ch).startswith(("L", "M")) or ch in _NAME_PUNCT):
            raise NameInvalid()
    return value


def clean_free_text(raw: str, max_length: int) -> str:
    """A message or reason: NFC, no control characters but line breaks, trimmed; too long is refused."""
    value = strip_controls(unicodedata.normalize("NFC", raw or "").replace("\r\n", "\n"), keep="\n").strip()
    if len(value) > max_length:
        raise TextTooLong(max_length)
    return value


def strip_controls(text: str, keep: str = "") -> str:
    """Drop control, format (bidi overrides), surrogate and unassigned characters; they only ever hide things."""
    return "".join(ch for ch in text if ch in keep or unicodedata.category(ch)[0] != "C")
