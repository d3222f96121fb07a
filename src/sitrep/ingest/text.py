"""Bytes to article text: decoding, binary detection, normalisation, plain text files.

Whatever is done here happens *before* the text becomes ``Article.text``, so evidence
offsets computed later index exactly the text this module returns. The steps, in order:

1. refuse binary data (NUL bytes, or mostly control characters): ``UnreadableArticle`` E004;
2. decode UTF-8, replacing bad bytes with U+FFFD and recording W001;
3. drop a leading BOM, turn ``\\r\\n`` and ``\\r`` into ``\\n``, apply Unicode NFC;
4. if the text is HTML (by file suffix or because it opens like markup), keep only its visible text;
5. remove control characters other than tab and line end (NUL, which PostgreSQL cannot store, and
   the like; JSON's ``\\u0000`` escapes reach here as text), before and after step 4, recording W007;
6. cut text longer than ``max_chars`` (W002); record W003 for empty text.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import Errors, InputError, UnreadableArticle, Warnings
from sitrep.ingest.html import extract_html, extract_main_text, is_whole_page, looks_like_html
from sitrep.model import Article, Issue
from sitrep.settings import default_settings

__all__ = [
    "CONTROLS",
    "DEFAULT_MAX_CHARS",
    "Decoded",
    "HTML_SUFFIXES",
    "PreparedText",
    "decode_bytes",
    "is_binary",
    "normalise",
    "prepare_text",
    "read_text_file",
    "strip_controls",
]

DEFAULT_MAX_CHARS = default_settings().max_chars
"""Longest article text passed on, in characters (after HTML extraction); longer text is cut (W002).
Read from ``max_chars`` in data/defaults.toml (100,000), the one place it is set.
News articles run 2,000–20,000 characters; 100,000 leaves room for long reports while bounding
the cost of one article in the NLP stages."""

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})

_SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.10  # more control characters than this in the sniffed head: binary
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
"""Control characters no text field keeps: C0 and DEL, except tab and line feed (``\\r`` is a line end
by the time text is checked). PostgreSQL refuses NUL in any text column; the rest are never prose."""


def is_binary(data: bytes) -> bool:
    """True when ``data`` (its first 8 KiB) cannot be text: a NUL byte, or many control bytes."""
    head = data[:_SNIFF_BYTES]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if (b < 0x20 and b not in _TEXT_CONTROLS) or b == 0x7F)
    return controls / len(head) > _MAX_CONTROL_SHARE


@dataclass(frozen=True, slots=True, kw_only=True)
class Decoded:
    """Decoded text and, if bytes were replaced, the 1-based line of the first bad byte."""

    text: str
    bad_line: int = 0


def decode_bytes(data: bytes, *, source: str, line: int = 0) -> Decoded:
    """Decode UTF-8 (BOM optional), replacing bad bytes; refuse binary data.

    data (bytes): the raw input, a whole file or one JSON Lines line.
    source (str): file name for the error message; line (int): the line ``data`` starts on (0: unknown).
    RETURNS (Decoded): the text and where replacement happened, if it did.
    """
    if is_binary(data):
        where = f"{source}:{line}" if line else source
        raise UnreadableArticle(Errors.E004.format(source=where), source=source, line=line)
    try:
        return Decoded(text=data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        bad_line = max(line, 1) + data[: exc.start].count(b"\n")
        return Decoded(text=data.decode("utf-8-sig", errors="replace"), bad_line=bad_line)


def strip_controls(text: str) -> tuple[str, int]:
    """``text`` without ``CONTROLS`` (form feed and vertical tab become line feeds), and how many were removed."""
    text, count = CONTROLS.subn(lambda m: "\n" if m.group() in "\f\v" else "", text)
    return text, count


def normalise(text: str) -> str:
    """Drop a leading BOM, unify line ends to ``\\n`` and compose characters (NFC)."""
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True, slots=True, kw_only=True)
class PreparedText:
    """Article text ready for the pipeline, the HTML ``<title>`` if there was one, and the issues found.

    published (date | None): the date a whole web page states for itself, if any.
    """

    text: str
    title: str = ""
    issues: tuple[Issue, ...] = ()
    published: dt.date | None = None


def prepare_text(
    text: str, *, article_id: str, max_chars: int, html: bool | None = None, source: str = "", line: int = 0
) -> PreparedText:
    """Normalise ``text``, extract it from HTML, cut it to ``max_chars``; record W002/W003.

    html (bool | None): True/False when the caller knows (file suffix); None sniffs the text.
    """
    text, removed = strip_controls(normalise(text))
    title = ""
    page_date: dt.date | None = None
    if html or (html is None and looks_like_html(text)):
        # a whole page loses its menus and footers (trafilatura); a fragment keeps all its text
        extracted = extract_main_text(text) if is_whole_page(text) else extract_html(text)
        text, title, page_date = normalise(extracted.text), extracted.title, extracted.published
        text, more = strip_controls(text)  # character references (&#1;) can name them too
        removed += more
    issues: list[Issue] = []
    title = strip_controls(title)[0]
    if removed:
        issues.append(
            Issue(
                code="W007",
                message=Warnings.W007.format(article_id=article_id, count=removed),
                article_id=article_id,
                source=source,
                line=line,
            )
        )
    if len(text) > max_chars:
        issues.append(
            Issue(
                code="W002",
                message=Warnings.W002.format(article_id=article_id, size=len(text), limit=max_chars),
                article_id=article_id,
                source=source,
                line=line,
            )
        )
        text = text[:max_chars]
    if not text.strip():
        issues.append(
            Issue(
                code="W003",
                message=Warnings.W003.format(article_id=article_id),
                article_id=article_id,
                source=source,
                line=line,
            )
        )
    return PreparedText(text=text, title=title, issues=tuple(issues), published=page_date)


def read_text_file(
    path: Path, *, published: dt.date | None, max_chars: int = DEFAULT_MAX_CHARS
) -> tuple[Article, tuple[Issue, ...]]:
    """Read one plain text (or HTML) file as one article whose id is the file's stem.

    published (date | None): the article's date; None takes the date a saved web page states for
        itself, and raises ``InputError`` E005 when there is none.
    RETURNS (tuple[Article, tuple[Issue, ...]]): the article and its W001/W002/W003 issues.
    """
    source = str(path)
    html = True if path.suffix.lower() in HTML_SUFFIXES else None
    if published is None and not html:
        raise InputError(Errors.E005.format(source=source), source=source, article_id=path.stem)
    decoded = decode_bytes(path.read_bytes(), source=source)
    issues: list[Issue] = []
    if decoded.bad_line:
        issues.append(
            Issue(
                code="W001",
                message=Warnings.W001.format(source=source, line=decoded.bad_line),
                article_id=path.stem,
                source=source,
                line=decoded.bad_line,
            )
        )
    prepared = prepare_text(decoded.text, article_id=path.stem, max_chars=max_chars, html=html, source=source)
    issues.extend(prepared.issues)
    day = published or prepared.published  # a saved web page may state its own date
    if day is None:
        raise InputError(Errors.E005.format(source=source), source=source, article_id=path.stem)
    article = Article(id=path.stem, text=prepared.text, published=day, title=prepared.title)
    return article, tuple(issues)
