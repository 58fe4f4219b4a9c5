"""/veileder: the public user guide, the six steps the portal makes true."""

import reflex as rx

from ..components.layout import page
from ..texts import nb


def _step(number: int, step: tuple) -> rx.Component:
    title, subtitle, paragraph, bullets, note, aside_title, aside_bullets = step
    return rx.el.li(
        rx.el.p(f"{nb.GUIDE_STEP} {number}", class_name="step-number"),
        rx.heading(title, as_="h2", size="6"),
        rx.el.p(subtitle, class_name="lead"),
        rx.el.p(paragraph),
        rx.el.ul(*[rx.el.li(b) for b in bullets], class_name="bullets"),
        rx.el.p(note, class_name="note"),
        rx.heading(aside_title, as_="h3", size="4"),
        rx.el.ul(*[rx.el.li(b) for b in aside_bullets], class_name="bullets"),
        class_name="guide-step",
    )


def guide() -> rx.Component:
    return page(
        rx.heading(nb.GUIDE_HEADING, as_="h1", size="8"),
        rx.el.p(nb.GUIDE_LEAD, class_name="lead"),
        rx.el.p(nb.GUIDE_SCOPE),
        rx.el.ol(*[_step(i, s) for i, s in enumerate(nb.GUIDE_STEPS, start=1)], class_name="guide-steps"),
    )
