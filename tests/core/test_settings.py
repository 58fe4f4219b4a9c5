"""Settings: embedded defaults with nothing set; production refuses every development default."""

from __future__ import annotations

import pytest

from helsecert_portal.core.settings import SettingsError, load_settings

PROD = {
    "PORTAL_ENV": "production",
    "PORTAL_SECRET_KEY": "k" * 40,
    "IDPORTEN_ISSUER": "test",
    "IDPORTEN_CLIENT_SECRET": "x",
    "SMTP_HOST": "smtp.example.no",
    "PORTAL_BASE_URL": "https://portal.helsecert.no",
    "DATABASE_URL": "postgresql+psycopg://u@db/portal",
}


@pytest.fixture
def env(monkeypatch, tmp_path):
    for name in [*PROD, "REDIS_URL", "IDPORTEN_CLIENT_AUTH", "PORTAL_CLOCK_OFFSET_FILE", "SMTP_SECURITY"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PORTAL_LOCAL_DIR", str(tmp_path))
    return monkeypatch


def test_defaults_are_the_embedded_ones(env, tmp_path) -> None:
    s = load_settings()
    assert s.env == "development" and s.use_simulator and s.use_mail_catcher
    assert s.issuer == "http://localhost:3000/idporten-sim"
    assert s.database_url == f"sqlite:///{tmp_path / 'portal.db'}"
    assert s.idporten_acr_values == "idporten-loa-substantial"
    assert len(s.secret_key) >= 32 and not s.secure_cookies
    assert s.shutdown_grace_seconds == 8


def test_dev_secret_is_generated_once_and_kept_private(env, tmp_path) -> None:
    first, second = load_settings().secret_key, load_settings().secret_key
    assert first == second
    assert (tmp_path / "secrets.json").stat().st_mode & 0o077 == 0


def test_issuer_presets(env) -> None:
    env.setenv("IDPORTEN_ISSUER", "test")
    assert load_settings().issuer == "https://test.idporten.no"
    env.setenv("IDPORTEN_ISSUER", "prod")
    s = load_settings()
    assert s.issuer == "https://idporten.no" and not s.use_simulator


def test_valid_production(env) -> None:
    for k, v in PROD.items():
        env.setenv(k, v)
    s = load_settings()
    assert s.production and s.secure_cookies


@pytest.mark.parametrize(
    "name,value,why",
    [
        ("PORTAL_SECRET_KEY", "", "PORTAL_SECRET_KEY"),
        ("IDPORTEN_ISSUER", "", "IDPORTEN_ISSUER"),
        ("SMTP_HOST", "", "SMTP_HOST"),
        ("PORTAL_BASE_URL", "http://portal.helsecert.no", "https://"),
        ("DATABASE_URL", "sqlite:///x.db", "PostgreSQL"),
    ],
)
def test_production_refuses_development_defaults(env, name, value, why) -> None:
    for k, v in PROD.items():
        env.setenv(k, v)
    env.setenv(name, value)
    with pytest.raises(SettingsError, match=why):
        load_settings()


@pytest.mark.parametrize("name,value", [("PORTAL_ENV", "staging"), ("IDPORTEN_CLIENT_AUTH", "none"), ("SMTP_PORT", "abc"), ("SMTP_SECURITY", "maybe"), ("PORTAL_SHUTDOWN_GRACE_SECONDS", "-1"), ("PORTAL_SHUTDOWN_GRACE_SECONDS", "301")])
def test_bad_values_are_refused(env, name, value) -> None:
    env.setenv(name, value)
    with pytest.raises(SettingsError):
        load_settings()


def test_private_key_jwt_needs_a_key_file(env) -> None:
    env.setenv("IDPORTEN_CLIENT_AUTH", "private_key_jwt")
    with pytest.raises(SettingsError, match="IDPORTEN_PRIVATE_KEY_FILE"):
        load_settings()


def test_reflex_run_in_production_with_development_defaults_exits_and_says_why(tmp_path) -> None:
    """What `reflex run` loads first is rxconfig: it must stop with the reasons, not start."""
    import os
    import subprocess
    import sys

    from tests.support import ROOT

    env = {k: v for k, v in os.environ.items() if not k.startswith(("IDPORTEN_", "SMTP_", "PORTAL_", "DATABASE_URL"))}
    env.update(PORTAL_ENV="production", PORTAL_LOCAL_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", "import rxconfig"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    for why in ("Refusing to start in production", "PORTAL_SECRET_KEY", "IDPORTEN_ISSUER", "SMTP_HOST", "https://", "PostgreSQL"):
        assert why in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("base", ["https://portal.helsecert.no", "http://10.0.0.5:3000", "http://portal.local"])
def test_the_simulator_and_the_dev_inbox_run_only_on_a_loopback_address(env, base) -> None:
    """The dev inbox shows every code without login: never on an address others can reach."""
    env.setenv("PORTAL_BASE_URL", base)
    with pytest.raises(SettingsError, match="loopback"):
        load_settings()
    env.setenv("IDPORTEN_ISSUER", "test")
    env.setenv("IDPORTEN_CLIENT_SECRET", "x")
    env.setenv("SMTP_HOST", "smtp.example.no")
    assert not load_settings().loopback  # with a real issuer and relay, development may use any address


@pytest.mark.parametrize("base", ["http://localhost:3000", "http://127.0.0.1:8000", "http://[::1]:3000"])
def test_loopback_addresses_keep_the_embedded_defaults(env, base) -> None:
    env.setenv("PORTAL_BASE_URL", base)
    s = load_settings()
    assert s.loopback and s.use_simulator and s.origin == base
