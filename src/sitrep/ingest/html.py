"""HTML to plain text with the stdlib parser, tolerant of broken markup.

Only what a reader would see is kept: ``script``/``style``/``nav`` (and other
non-content elements, ``<template>`` and ``<noscript>`` among them) are dropped, and so
is every element a browser does not show (``is_hidden``: the ``hidden`` attribute,
``aria-hidden="true"``, an inline ``display:none`` or ``visibility:hidden``), so a page
cannot plant events in text no reader of it sees. Block elements become paragraph
breaks (a blank line), ``<br>`` a single newline, and runs of whitespace collapse as a
browser would collapse them. Evidence offsets index the text returned here, never the
markup.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

__all__ = ["HtmlText", "extract_html", "extract_main_text", "is_hidden", "is_whole_page", "looks_like_html"]

# Elements whose content is never article text.
_SKIP = frozenset({"script", "style", "nav", "noscript", "template", "svg", "head", "iframe", "form"})
# Elements that end a paragraph (rendered as a blank line).
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre",
        "section", "table", "tr", "ul",
    }
)  # fmt: skip
_LINE = frozenset({"br"})
# Elements with no end tag: hiding one hides no text.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
# An inline style that hides its element (another declaration may follow or precede it).
_HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))\s*(?:!\s*important\s*)?(?:;|$)",
    re.IGNORECASE,
)

# Text counts as markup when it opens with a doctype, a comment or a tag name followed by
# whitespace, "/" or ">" ("<p>", "<div class=...>", "<br/>"); "<3 dead" does not.
_MARKUP_START = re.compile(r"<(?:!doctype\s|!--|/?[a-z][a-z0-9]*(?:[\s/>]))", re.IGNORECASE)
_WHOLE_PAGE = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\f\v\r\n\u00a0]+")
_PARA = "\x00P"  # private markers, turned into newlines after whitespace collapsing
_BR = "\x00B"


def looks_like_html(text: str) -> bool:
    """True when ``text`` (ignoring leading whitespace and a BOM) opens like markup."""
    head = text.lstrip("\ufeff \t\r\n")[:64]
    return bool(_MARKUP_START.match(head))


@dataclass(frozen=True, slots=True, kw_only=True)
class HtmlText:
    """What ``extract_html`` finds: the ``<title>`` and the visible body text.

    published (date | None): the page's own publication date, when ``extract_main_text`` finds one.
    """

    title: str
    text: str
    published: dt.date | None = None


def is_hidden(attrs: Mapping[str, str | None]) -> bool:
    """True when an element with these attributes is not shown: ``hidden``, ``aria-hidden="true"``,
    or an inline style with ``display: none`` or ``visibility: hidden``/``collapse``."""
    if "hidden" in attrs:
        return True
    if (attrs.get("aria-hidden") or "").strip().lower() == "true":
        return True
    return bool(_HIDDEN_STYLE.search(attrs.get("style") or ""))


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self._skip: dict[str, int] = {}
        self._in_title = False
        self._hidden_tag = ""  # the hidden element being skipped, and how deep in same-named ones
        self._hidden_depth = 0

    def _skipping(self) -> bool:
        return self._hidden_depth > 0 or any(self._skip.values())

    def _in_hidden(self, tag: str, *, start: bool) -> bool:
        """Track the hidden element being skipped; True while inside it (this tag included)."""
        if not self._hidden_depth:
            return False
        if tag == self._hidden_tag:
            if start and tag == "p":  # <p hidden>a<p>b: the second <p> ends the first
                self._hidden_depth = 0
                return False
            self._hidden_depth += 1 if start else -1
            return True
        if self._hidden_tag == "p" and tag in _BLOCK:  # a block cannot sit in a <p>: it ended before
            self._hidden_depth = 0
            return False
        return True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._in_hidden(tag, start=True):
            return
        if tag not in _VOID and is_hidden(dict(attrs)):
            self._hidden_tag, self._hidden_depth = tag, 1
            self.parts.append(_PARA if tag in _BLOCK else "")
            return
        if tag == "title":
            self._in_title = True
        elif tag in _SKIP:
            self._skip[tag] = self._skip.get(tag, 0) + 1
        elif tag in _BLOCK:
            self.parts.append(_PARA)
        elif tag in _LINE:
            self.parts.append(_BR)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <hr/>, <div/>: a break, never an unclosed skip region
        if tag in _BLOCK:
            self.parts.append(_PARA)
        elif tag in _LINE:
            self.parts.append(_BR)

    def handle_endtag(self, tag: str) -> None:
        if self._in_hidden(tag, start=False):
            return
        if tag == "title":
            self._in_title = False
        elif tag in _SKIP:
            if self._skip.get(tag, 0) > 0:
                self._skip[tag] -= 1
        elif tag in _BLOCK:
            self.parts.append(_PARA)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        elif not self._skipping():
            self.parts.append(data)


def _tidy(raw: str) -> str:
    text = _SPACES.sub(" ", raw)
    text = text.replace(_PARA, "\n\n").replace(_BR, "\n")
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def extract_html(markup: str) -> HtmlText:
    """Visible text and title of an HTML document or fragment.

    markup (str): HTML, possibly malformed or truncated.
    RETURNS (HtmlText): paragraphs separated by a blank line, whitespace collapsed.
    """
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    return HtmlText(title=_tidy("".join(collector.title_parts)), text=_tidy("".join(collector.parts)))


def is_whole_page(markup: str) -> bool:
    """True for a whole HTML document (it has an ``<html>`` or ``<body>``), not a fragment."""
    return bool(_WHOLE_PAGE.search(markup[:20_000]))


def _page_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _visible_tree(markup: str) -> Any:
    """The page parsed as a browser would (lxml), without what a browser does not show; the markup
    itself when it cannot be parsed (trafilatura then reads it as it can)."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return markup
    doomed = [
        e for e in tree.iter() if isinstance(e.tag, str) and (e.tag in ("template", "noscript") or is_hidden(e.attrib))
    ]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()  # its tail text belongs to the parent, and stays
    return tree


def extract_main_text(markup: str) -> HtmlText:
    """The article of a whole web page: its main text (trafilatura), without menus, adverts,
    comments and footers; the visible text (``extract_html``) when trafilatura finds no article.

    Paragraphs are separated by a newline. Evidence offsets index the text returned here.
    RETURNS (HtmlText): title (the page's headline or ``<title>``), text and, when the page
    states one, its publication date.
    """
    import trafilatura

    fallback = extract_html(markup)
    try:
        text = trafilatura.extract(
            _visible_tree(markup),
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            deduplicate=False,
            with_metadata=False,
        )
        meta = trafilatura.extract_metadata(markup)
    except ValueError:  # lxml refuses text with control characters that XML cannot hold
        return fallback
    title = (meta.title if meta is not None and meta.title else "") or fallback.title
    published = _page_date(meta.date if meta is not None else None)
    if text and text.strip():
        lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
        return HtmlText(title=title, text="\n".join(line for line in lines if line), published=published)
    return HtmlText(title=title, text=fallback.text, published=published)
