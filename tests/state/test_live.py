"""What goes over the live channel: ids of what changed, read back exactly; anything else is nothing to deliver."""

from __future__ import annotations

import json

import pytest

from helsecert_portal.state import live
from helsecert_portal.usecases.feeds import NOTHING, Notify


def test_an_announcement_is_read_back_as_it_was_made() -> None:
    notify = Notify.of(groups=["g1", "g2"], people=["p1"], bulletins=True)
    assert live._decode(live._encode(notify, "worker-1")) == (notify, "worker-1")


@pytest.mark.parametrize(
    "message",
    ["", "not json", "[]", json.dumps({"groups": ["g"]}), json.dumps({"groups": [1], "people": [], "bulletins": False, "origin": "w"}),
     json.dumps({"groups": [], "people": [], "bulletins": "yes", "origin": "w"}), json.dumps({"groups": "g", "people": [], "bulletins": False, "origin": "w"}),
     "[" * 100_000],  # nested too deep for json: RecursionError
)
def test_anything_else_on_the_channel_delivers_nothing(message) -> None:
    assert live._decode(message) == (NOTHING, "")
