"""Sealing: what must be kept at rest for a while (the ID token for logout) is encrypted and tamper-evident."""

from helsecert_portal.core.security import seal, unseal

KEY = "k" * 40


def test_sealed_values_open_only_with_the_same_key_and_purpose() -> None:
    sealed = seal(KEY, "id-token", "eyJhbGciOi.pid-12345678901.sig")
    assert "12345678901" not in sealed
    assert unseal(KEY, "id-token", sealed) == "eyJhbGciOi.pid-12345678901.sig"
    assert unseal("x" * 40, "id-token", sealed) == ""
    assert unseal(KEY, "other", sealed) == ""
    assert unseal(KEY, "id-token", sealed[:-4] + "AAAA") == ""
    assert seal(KEY, "id-token", "") == "" and unseal(KEY, "id-token", "") == ""
