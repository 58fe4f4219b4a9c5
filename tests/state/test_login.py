"""The login failure page names the level this portal requires."""

from helsecert_portal.state.login import failure_text


def test_a_too_low_level_names_the_level_actually_required() -> None:
    assert "«høyt»" in failure_text("acr", "idporten-loa-high")
    assert "«betydelig»" not in failure_text("acr", "idporten-loa-high")
    assert "«betydelig»" in failure_text("acr", "idporten-loa-substantial")
    assert failure_text("cancelled", "idporten-loa-high").startswith("Du avbrøt")
