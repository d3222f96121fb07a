"""HTML extraction with the stdlib parser: what is kept, what is dropped, broken markup."""

from __future__ import annotations

import pytest

from sitrep.ingest.html import extract_html, looks_like_html


def test_script_style_and_nav_are_dropped() -> None:
    markup = "<nav><a>Home</a></nav><style>.x{}</style><p>Body</p><script>alert(1)</script>"
    assert extract_html(markup).text == "Body"


def test_paragraphs_become_blank_lines_and_whitespace_collapses() -> None:
    markup = "<h1>Title  here</h1>\n<p>First\n   paragraph.</p><ul><li>one</li><li>two</li></ul>"
    assert extract_html(markup).text == "Title here\n\nFirst paragraph.\n\none\n\ntwo"


def test_entities_are_decoded() -> None:
    assert extract_html("<p>Tom &amp; Jerry&nbsp;&#8212; 5 &lt; 6</p>").text == "Tom & Jerry \u2014 5 < 6"


@pytest.mark.parametrize(
    "markup",
    ["<p>Unclosed <b>bold", "<div><p>x</div></p></span>", "<p>a<br/>b", "</p>stray end<p>", "<p"],
)
def test_malformed_markup_does_not_raise(markup: str) -> None:
    extract_html(markup)


def test_unclosed_tags_keep_their_text() -> None:
    assert extract_html("<p>Unclosed <b>bold").text == "Unclosed bold"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>hi</p>", True),
        ("  <!DOCTYPE html><html>", True),
        ("<div class='x'>", True),
        ("<!-- comment -->", True),
        ("<br/>text", True),
        ("<3 dead", False),
        ("< 5 killed", False),
        ("Plain text <b>with</b> tags later", False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected
