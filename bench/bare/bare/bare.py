"""One page and one handler that does nothing."""

import reflex as rx


class BareState(rx.State):
    count: int = 0

    @rx.event
    def noop(self, _value: str = "") -> None:
        """Next to nothing: one counter, so that Reflex sends an update back to time the round trip by."""
        self.count += 1


def index() -> rx.Component:
    return rx.text("bare")


app = rx.App()
app.add_page(index)
