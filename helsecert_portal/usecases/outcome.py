"""What a use case hands back besides its value: the e-mails to send and the live feeds to notify."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .feeds import NOTHING, Notify

T = TypeVar("T", covariant=True)


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str | None = None


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """The change is committed when this is returned; mails and notifications follow it, never the reverse."""

    value: T
    mails: tuple[Mail, ...] = ()
    notify: Notify = field(default=NOTHING)
    logouts: bool = False  # back-channel logout tokens became due: deliver them now, not at the next sweep
