"""One settings object, read from the environment; embedded defaults when nothing is set."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ISSUER_PRESETS = {"test": "https://test.idporten.no", "prod": "https://idporten.no"}
CLIENT_AUTH_METHODS = ("client_secret_basic", "client_secret_post", "private_key_jwt")
SIMULATOR_PATH = "/idporten-sim"
PROVIDER_PATH = "/op"


class SettingsError(ValueError):
    """A setting is missing or unsafe for the chosen environment."""


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _int(name: str, default: int) -> int:
    raw = _env(name)
    try:
        return int(raw) if raw else default
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from exc


def local_dir() -> Path:
    """Git-ignored folder for development state (SQLite file, secrets, captured mail)."""
    path = Path(_env("PORTAL_LOCAL_DIR") or PROJECT_ROOT / ".local")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _dev_secret(name: str) -> str:
    """Secrets for development live in .local/secrets.json, made once, never committed."""
    path = local_dir() / "secrets.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    if name not in data:
        data[name] = secrets.token_urlsafe(48)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2))
        tmp.chmod(0o600)
        tmp.replace(path)
    return data[name]


@dataclass(frozen=True)
class Settings:
    env: str
    base_url: str
    database_url: str
    redis_url: str
    secret_key: str
    idporten_issuer: str
    idporten_client_id: str
    idporten_client_secret: str
    idporten_client_auth: str
    idporten_private_key_file: str
    idporten_key_id: str
    idporten_acr_values: str
    smtp_host: str
    smtp_port: int
    smtp_security: str
    smtp_user: str
    smtp_password: str
    mail_from: str
    dev_smtp_port: int
    session_idle_minutes: int
    session_max_hours: int
    clock_offset_file: str
    request_escalation_days: int = 3
    metrics_token: str = ""
    shutdown_grace_seconds: int = 8  # on SIGTERM, how long the events already received may take to finish
    demo_backend_port: int = 0  # development only: the demo back-end beside the portal (0: none)

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def use_simulator(self) -> bool:
        return not self.idporten_issuer

    @property
    def issuer(self) -> str:
        """The issuer the client talks to: a real one, or the embedded simulator."""
        return self.idporten_issuer or self.base_url + SIMULATOR_PATH

    @property
    def demo_backend_url(self) -> str:
        return f"http://127.0.0.1:{self.demo_backend_port}" if self.demo_backend_port and not self.production else ""

    @property
    def provider_issuer(self) -> str:
        """The portal's own OpenID provider for the CERT's back-ends (issue 16)."""
        return self.base_url + PROVIDER_PATH

    @property
    def use_mail_catcher(self) -> bool:
        return not self.smtp_host

    @property
    def origin(self) -> str:
        """scheme://host[:port] of the base URL: what a browser sends as Origin from the portal's own pages."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def loopback(self) -> bool:
        """The portal is reachable from this machine only (localhost, 127.0.0.1, ::1): where development tools may run."""
        return (urlsplit(self.base_url).hostname or "") in LOOPBACK_HOSTS

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")

    @property
    def redirect_uri(self) -> str:
        return self.base_url + "/auth/callback"

    @property
    def post_logout_redirect_uri(self) -> str:
        return self.base_url + "/utlogget"

    @property
    def frontchannel_logout_uri(self) -> str:
        return self.base_url + "/auth/frontchannel-logout"


LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def load_settings() -> Settings:
    env = _env("PORTAL_ENV", "development")
    if env not in ("development", "production"):
        raise SettingsError("PORTAL_ENV must be 'development' or 'production'")
    issuer = _env("IDPORTEN_ISSUER")
    issuer = ISSUER_PRESETS.get(issuer, issuer).rstrip("/")
    production = env == "production"
    secret = _env("PORTAL_SECRET_KEY") or ("" if production else _dev_secret("secret_key"))
    settings = Settings(
        env=env,
        base_url=_env("PORTAL_BASE_URL", "http://localhost:3000").rstrip("/"),
        database_url=_env("DATABASE_URL") or f"sqlite:///{local_dir() / 'portal.db'}",
        redis_url=_env("REDIS_URL"),
        secret_key=secret,
        idporten_issuer=issuer,
        idporten_client_id=_env("IDPORTEN_CLIENT_ID", "helsecert-portal-dev"),
        idporten_client_secret=_env("IDPORTEN_CLIENT_SECRET")
        or ("" if issuer else _dev_secret("simulator_client_secret")),
        idporten_client_auth=_env("IDPORTEN_CLIENT_AUTH", "client_secret_basic"),
        idporten_private_key_file=_env("IDPORTEN_PRIVATE_KEY_FILE"),
        idporten_key_id=_env("IDPORTEN_KEY_ID"),
        idporten_acr_values=_env("IDPORTEN_ACR_VALUES", "idporten-loa-substantial"),
        smtp_host=_env("SMTP_HOST"),
        smtp_port=_int("SMTP_PORT", 587),
        smtp_security=_env("SMTP_SECURITY", "starttls"),
        smtp_user=_env("SMTP_USER"),
        smtp_password=_env("SMTP_PASSWORD"),
        mail_from=_env("MAIL_FROM", "Helse- og KommuneCERT <noreply@helsecert.no>"),
        dev_smtp_port=_int("DEV_SMTP_PORT", 1025),
        session_idle_minutes=_int("SESSION_IDLE_MINUTES", 30),
        session_max_hours=_int("SESSION_MAX_HOURS", 12),
        clock_offset_file=_env("PORTAL_CLOCK_OFFSET_FILE"),
        request_escalation_days=_int("REQUEST_ESCALATION_DAYS", 3),
        demo_backend_port=0 if production else _int("DEMO_BACKEND_PORT", 3010),
        metrics_token=_env("PORTAL_METRICS_TOKEN"),
        shutdown_grace_seconds=_int("PORTAL_SHUTDOWN_GRACE_SECONDS", 8),
    )
    validate(settings)
    return settings


def validate(settings: Settings) -> None:
    """Refuse combinations that would be unsafe; production refuses every dev default."""
    if settings.idporten_client_auth not in CLIENT_AUTH_METHODS:
        raise SettingsError(f"IDPORTEN_CLIENT_AUTH must be one of {', '.join(CLIENT_AUTH_METHODS)}")
    if settings.smtp_security not in ("none", "starttls", "tls"):
        raise SettingsError("SMTP_SECURITY must be none, starttls or tls")
    if settings.request_escalation_days < 1:
        raise SettingsError("REQUEST_ESCALATION_DAYS must be at least 1")
    if not 0 <= settings.shutdown_grace_seconds <= 300:
        raise SettingsError("PORTAL_SHUTDOWN_GRACE_SECONDS must be between 0 and 300")
    if settings.idporten_client_auth == "private_key_jwt" and not settings.idporten_private_key_file:
        raise SettingsError("private_key_jwt needs IDPORTEN_PRIVATE_KEY_FILE")
    if not settings.production:
        if not settings.loopback and (settings.use_simulator or settings.use_mail_catcher):
            raise SettingsError(
                "the ID-porten simulator and the development mail inbox run only on a loopback PORTAL_BASE_URL "
                "(localhost); set IDPORTEN_ISSUER and SMTP_HOST for any other address"
            )
        return
    problems = []
    if len(settings.secret_key) < 32:
        problems.append("PORTAL_SECRET_KEY must be set to at least 32 random characters")
    if settings.use_simulator:
        problems.append("IDPORTEN_ISSUER must name a real issuer (the simulator is for development)")
    if settings.use_mail_catcher:
        problems.append("SMTP_HOST must name a real SMTP relay (the mail catcher is for development)")
    if not settings.base_url.startswith("https://"):
        problems.append("PORTAL_BASE_URL must be https:// in production")
    if settings.database_url.startswith("sqlite"):
        problems.append("DATABASE_URL must point at PostgreSQL in production")
    if settings.clock_offset_file:
        problems.append("PORTAL_CLOCK_OFFSET_FILE is for tests only")
    if problems:
        raise SettingsError("Refusing to start in production: " + "; ".join(problems))
