"""core/, domain/, idporten/ and models/ never import reflex (STYLE §1); every error code has Norwegian text."""

from __future__ import annotations

import ast
from pathlib import Path

from helsecert_portal.core.errors import PortalError
from helsecert_portal.texts import nb

PKG = Path(__file__).resolve().parents[1] / "helsecert_portal"


def test_domain_layers_do_not_import_reflex() -> None:
    offenders = []
    for layer in ("core", "domain", "idporten", "models"):
        for path in (PKG / layer).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                if any(n == "reflex" or n.startswith("reflex.") or n.startswith("reflex_") for n in names):
                    offenders.append(str(path.relative_to(PKG)))
    assert offenders == []


def test_every_user_facing_error_code_has_a_message() -> None:
    import helsecert_portal.core.mail  # noqa: F401
    import helsecert_portal.domain.email_verification  # noqa: F401
    import helsecert_portal.domain.profile  # noqa: F401

    def subclasses(cls):  # noqa: ANN001, ANN202
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    from helsecert_portal.idporten.client import LoginFailed
    from helsecert_portal.routes.auth import FAILURE_REASONS

    # Login failures reach the user through the callback's own page (LOGIN_ERRORS), the rest through ERRORS.
    user_facing = {c.code for c in subclasses(PortalError) if not issubclass(c, LoginFailed)}
    internal = {"InvalidPid", "StaleLogin", "OrgNumberInvalid"}
    assert sorted(code for code in user_facing - internal if code not in nb.ERRORS) == []
    assert set(FAILURE_REASONS.values()) | {"rejected"} <= set(nb.LOGIN_ERRORS)
