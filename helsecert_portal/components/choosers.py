"""The group chooser the operators' alert and notice editors share: the chosen groups, a search, its hits."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ..texts import nb
from .layout import labelled_input, secondary


def chosen_list(items: rx.Var, on_remove: Any, empty: str, id_: str) -> rx.Component:
    return rx.cond(
        items.length() > 0,
        rx.el.ul(
            rx.foreach(items, lambda c: rx.el.li(rx.el.span(c.name), rx.el.button(nb.DESK_REMOVE.format(name=""), c.name, type="button", **secondary(), on_click=on_remove(c.id)))),
            class_name="address-list", id=id_,
        ),
        rx.el.p(empty),
    )


def group_chooser(state: Any, search_id: str, empty: str, chosen_id: str = "chosen-groups") -> rx.Component:
    """`state` mixes in state.group_chooser.GroupChooser (groups, hits, search_groups, add_group, remove_group)."""
    return rx.fragment(
        chosen_list(state.groups, state.remove_group, empty, chosen_id),
        labelled_input(nb.DESK_F_GROUP_SEARCH, search_id, type="search", auto_complete="off", max_length=100, on_change=state.search_groups.debounce(200)),
        rx.el.ul(
            rx.foreach(state.hits, lambda h: rx.el.li(rx.el.span(h.name), rx.el.button(nb.DESK_ADD_GROUP.format(name=""), h.name, type="button", **secondary(), on_click=state.add_group(h.id)))),
            class_name="address-list",
        ),
    )
