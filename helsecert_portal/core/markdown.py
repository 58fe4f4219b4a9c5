"""Markdown to HTML for alert texts, with raw HTML switched off: tags are escaped, links are http(s) or mailto."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

_SAFE_SCHEMES = ("https://", "http://", "mailto:")  # no "//host" (protocol-relative) or "/path" links in alert texts


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table").disable("image")
    md.validateLink = lambda url: url.strip().lower().startswith(_SAFE_SCHEMES)  # type: ignore[method-assign]
    md.core.ruler.push("shift_headings", _shift_headings)
    return md


def _shift_headings(state: StateCore) -> None:
    """The page has its h1 and h2: a heading in the text starts at h3."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"


def to_html(text: str) -> str:
    return _parser().render(text)
