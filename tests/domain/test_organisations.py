"""Organisation number MOD11, display names and the search key."""

import json
from pathlib import Path

import pytest

from helsecert_portal.domain.organisations import display_name, search_key, valid_org_number

DATA = Path(__file__).resolve().parents[2] / "helsecert_portal" / "data" / "organisations_no.json"


def test_every_shipped_org_number_passes_mod11() -> None:
    rows = json.loads(DATA.read_text(encoding="utf-8"))
    assert len(rows) == 408 and all(valid_org_number(r["orgnr"]) for r in rows)


@pytest.mark.parametrize("bad", ["820397631", "958935421", "95893542", "9589354200", "95893542a", "٩٥٨٩٣٥٤٢٠"])
def test_invalid_numbers(bad) -> None:  # noqa: ANN001
    assert not valid_org_number(bad)


def test_display_name_and_search_key() -> None:
    assert display_name("TROMSØ KOMMUNE") == "Tromsø kommune"
    assert display_name("HELSE BERGEN HF") == "Helse Bergen HF"
    assert search_key("Tromsø kommune") == search_key("TROMSO KOMMUNE") == "tromso kommune"
