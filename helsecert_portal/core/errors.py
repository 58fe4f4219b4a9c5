"""Domain failures carry a stable code; texts/nb.py maps each code to what the user should do."""


class PortalError(Exception):
    code = "error"
    keeps_changes = False  # True: the transaction commits what was recorded before the raise
    audited = ""  # an audit action (e.g. "action.refused"): logged as a security event and kept in the audit log

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.code)  # detail is for the log only; the user's text comes from the code

    def message_fields(self) -> dict[str, object]:
        """What the Norwegian message is formatted with: the typed fields a subclass sets."""
        return {k: v for k, v in vars(self).items() if not k.startswith("_")}


class NotLoggedIn(PortalError):
    code = "NotLoggedIn"

