"""The layers' forbidden arrows and the absence of import circles (README «Architecture»), and that every
error code has Norwegian text.

The graph is built from every import in every module of the package, function-level imports included,
so a circle cannot hide inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

from helsecert_portal.core.errors import PortalError
from helsecert_portal.texts import nb

PKG = Path(__file__).resolve().parents[1] / "helsecert_portal"
ROOT = "helsecert_portal"
REFLEX_FREE = ("core", "domain", "idporten", "provider", "models", "usecases")
FORBIDDEN = {  # layer -> what it must never import
    **{layer: ("reflex", "state", "pages", "components", "routes", "app") for layer in REFLEX_FREE},
    "pages": ("models", "domain", "routes", "app"),
    "components": ("models", "domain", "routes", "app"),
    "state": ("pages", "routes", "models", "app"),
    "routes": ("state", "pages", "components", "app"),
    # the demo back-end is a relying party: it knows the portal only over HTTP (it may borrow the page frame and texts)
    "demo": ("reflex", "state", "pages", "components", "routes", "app", "models", "domain", "usecases", "provider", "idporten", "services"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Absolute names of everything a module imports (relative imports resolved)."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PKG.rglob("*.py")}
    return {name: {i for i in imports_of(path) if i in modules and i != name} for name, path in modules.items()}


def kind(module: str) -> str:
    """'reflex' for the framework, 'app' for the composition root, else the package layer."""
    if module == "reflex" or module.startswith(("reflex.", "reflex_")):
        return "reflex"
    if module == f"{ROOT}.{ROOT}":
        return "app"
    parts = module.split(".")
    return parts[1] if parts[0] == ROOT and len(parts) > 1 else ""


def forbidden_arrows(edges: dict[str, set[str]], raw: dict[str, set[str]]) -> list[str]:
    bad = []
    for module, targets in raw.items():
        for target in targets:
            if kind(target) in FORBIDDEN.get(kind(module), ()):
                bad.append(f"{module} -> {target}")
    return sorted(bad)


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def _raw() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in PKG.rglob("*.py")}


def _package_edges() -> dict[str, set[str]]:
    """Edges between modules, not counting a package's own __init__ (it only names the package)."""
    return {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in graph().items()}


def test_no_layer_imports_what_it_must_not() -> None:
    assert forbidden_arrows(graph(), _raw()) == []


def test_the_package_has_no_import_circle() -> None:
    assert circles(_package_edges()) == []


def test_the_checks_catch_an_added_arrow_and_an_added_circle() -> None:
    """The two checks above must be able to fail: a domain module importing reflex, state importing the app, a circle."""
    raw = {"helsecert_portal.domain.x": {"reflex"}, "helsecert_portal.state.y": {"helsecert_portal.helsecert_portal"}, "helsecert_portal.routes.z": {"helsecert_portal.state.y"}}
    assert forbidden_arrows({}, raw) == ["helsecert_portal.domain.x -> reflex", "helsecert_portal.routes.z -> helsecert_portal.state.y", "helsecert_portal.state.y -> helsecert_portal.helsecert_portal"]
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_user_facing_error_code_has_a_message() -> None:
    import helsecert_portal.core.mail
    import helsecert_portal.domain.email_verification
    import helsecert_portal.domain.profile  # noqa: F401

    def subclasses(cls):
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


def test_every_audited_action_has_a_norwegian_name() -> None:
    """The audit log shows each action in Norwegian: an action recorded anywhere in the package must be named in the texts."""
    recorded = set()
    for path in PKG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("record", "refused"):
                recorded.update(k.value.value for k in node.keywords if k.arg == "action" and isinstance(k.value, ast.Constant))
    assert recorded and sorted(recorded - set(nb.AUDIT_ACTIONS)) == []
