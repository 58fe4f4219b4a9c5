"""Domain failures carry a stable code; texts/nb.py maps each code to what the user should do."""


class PortalError(Exception):
    code = "error"
    keeps_changes = False  # True: the transaction commits what was recorded before the raise
    audited = ""  # an audit action (e.g. "action.refused"): logged as a security event and kept in the audit log

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.code)


def error(code_name: str, base: type[PortalError] = PortalError, *, keeps_changes: bool = False, audited: str = "") -> type[PortalError]:
    """Declare a PortalError subclass with its code in one line."""
    return type(code_name, (base,), {"code": code_name, "keeps_changes": keeps_changes, "audited": audited})


NotLoggedIn = error("NotLoggedIn")
