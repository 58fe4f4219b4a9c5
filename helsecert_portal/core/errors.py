"""Domain failures carry a stable code; texts/nb.py maps each code to what the user should do."""


class PortalError(Exception):
    code = "error"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.code)


def error(code_name: str, base: type[PortalError] = PortalError) -> type[PortalError]:
    """Declare a PortalError subclass with its code in one line."""
    return type(code_name, (base,), {"code": code_name})


NotLoggedIn = error("NotLoggedIn")
Forbidden = error("Forbidden")
InvalidInput = error("InvalidInput")
