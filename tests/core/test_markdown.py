"""Alert texts: Markdown without raw HTML; only http(s), mailto and in-page links; headings below the page's own."""

from __future__ import annotations

from helsecert_portal.core.markdown import to_html


def test_raw_html_is_shown_as_text() -> None:
    html = to_html('<script>alert(1)</script> <img src=x onerror="alert(2)"> **fet**')
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html and "<strong>fet</strong>" in html


def test_only_safe_links_become_links_and_images_do_not_load() -> None:
    html = to_html("[a](javascript:alert(1)) [b](data:text/html,x) [c](https://www.fortiguard.com/psirt) ![d](https://x.example/p.png)")
    assert 'href="https://www.fortiguard.com/psirt"' in html
    assert "javascript:" not in html.split("[a](")[0] and 'href="javascript' not in html and 'href="data' not in html and "<img" not in html


def test_headings_start_below_the_pages_own() -> None:
    assert to_html("# Hvem er berørt\n\n## Tiltak").startswith("<h3>Hvem er berørt</h3>\n<h4>Tiltak</h4>")
