"""JSON Lines articles: one object per line, validated by ``ArticleIn`` at the edge.

Each line is decoded on its own, so a bad byte on line 7 is reported (W001) on line 7
and the rest of the stream is unaffected. Blank lines are skipped. A line that is not
an article raises ``MalformedRecord`` naming the source, the line and (when it has one)
the article id: E001 not JSON, E007 not an object, E002 a required field missing or
empty, E003 an unreadable ``published``, E020 a field of the wrong type.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, BinaryIO

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from sitrep.errors import Errors, MalformedRecord, Warnings
from sitrep.ingest.text import CONTROLS, DEFAULT_MAX_CHARS, decode_bytes, prepare_text, strip_controls
from sitrep.model import Article, Issue

__all__ = [
    "ArticleIn",
    "LANGUAGE_MAX",
    "MAX_DEPTH",
    "MAX_LINE_BYTES",
    "Parsed",
    "REQUIRED_FIELDS",
    "bounded_lines",
    "check_json",
    "parse_line",
    "parse_published",
    "parse_record",
    "read_jsonl",
]

REQUIRED_FIELDS = ("id", "text", "published")
PLAIN_FIELDS = ("id", "url", "language")  # names and codes: a control character in one is refused (E023)
LANGUAGE_MAX = 16  # the store's articles.language column is VARCHAR(16)
MAX_LINE_BYTES = 16 * 1024 * 1024
"""Longest JSON Lines line read: 16 MiB holds a 100,000-character text even as ``\\uXXXX`` escapes,
or a whole saved web page, many times over."""
MAX_DEPTH = 64
"""Deepest JSON nesting read; an article is one object of strings (depth 1), and Python's parser
recurses once per level (about 1,000 levels exhaust it)."""

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKET = re.compile(rb"[\[\]{}]")


def check_json(raw: bytes, *, source: str, line: int) -> None:
    """Refuse ``raw`` before parsing when it is longer than ``MAX_LINE_BYTES`` (E025) or nested
    deeper than ``MAX_DEPTH`` (E026). Brackets inside JSON strings do not count."""
    if len(raw) > MAX_LINE_BYTES:
        raise MalformedRecord(
            Errors.E025.format(source=source, line=line, limit=MAX_LINE_BYTES), source=source, line=line
        )
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return  # cannot be deeper than it has openers
    depth = 0
    for bracket in _BRACKET.findall(_STRING.sub(b"", raw)):
        depth += 1 if bracket in (b"[", b"{") else -1
        if depth > MAX_DEPTH:
            raise MalformedRecord(
                Errors.E026.format(source=source, line=line, limit=MAX_DEPTH), source=source, line=line
            )


def bounded_lines(stream: BinaryIO, *, limit: int = MAX_LINE_BYTES) -> Iterator[bytes]:
    """The lines of ``stream`` as iterating it yields them, except that a line longer than
    ``limit`` bytes is read past in chunks and yielded cut to ``limit + 1`` bytes (so that
    ``check_json`` refuses it and the next line keeps its number)."""
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        if len(raw) > limit and not raw.endswith(b"\n"):
            while True:  # the rest of an over-long line, never held whole
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
        yield raw


def parse_published(value: object) -> dt.date:
    """An ISO 8601 date or datetime as the calendar day it names.

    A datetime keeps the date in its own stated offset: ``2026-03-01T23:30:00-05:00`` is
    2026-03-01 (not 2026-03-02 in UTC); ``Z`` is accepted.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO 8601 string, got {type(value).__name__}")
    text = value.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text).date()
    except ValueError as exc:
        raise ValueError(f"not ISO 8601: {_shown(value)}") from exc


SHOWN_CHARS = 80  # how much of a bad value an error message echoes


def _shown(value: object) -> str:
    """A bad value as an error message echoes it: scalars by repr, cut to ``SHOWN_CHARS``; arrays and
    objects by kind (a Parquet row's value may nest thousands deep, and its repr would recurse)."""
    if isinstance(value, str | int | float | bool) or value is None:
        text = repr(value)
        return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"
    return _kind(value)


def _id_to_str(value: object) -> object:
    # Callers' ids are often numbers; echo them back as text. Booleans are not ids.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _plain_text(value: object) -> object:
    # titles and source names are shown, not parsed: their control characters are dropped
    return strip_controls(value)[0] if isinstance(value, str) else value


class ArticleIn(BaseModel):
    """The input contract of ``shared/CONVENTIONS.md``; unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=False)

    id: Annotated[str, BeforeValidator(_id_to_str)]
    text: str
    published: Annotated[dt.date, BeforeValidator(parse_published)]
    title: Annotated[str, BeforeValidator(_plain_text)] = ""
    source: Annotated[str, BeforeValidator(_plain_text)] = ""
    url: str = ""
    language: str = Field(default="en", max_length=LANGUAGE_MAX)

    def to_record(self, *, text: str | None = None, title: str | None = None) -> Article:
        """The ``model.Article`` for this input; ``text``/``title`` replace the raw ones once cleaned."""
        return Article(
            id=self.id,
            text=self.text if text is None else text,
            published=self.published,
            title=self.title or (title or ""),
            source=self.source,
            url=self.url,
            language=self.language or "en",
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Parsed:
    """One article read from a line, with the issues recorded for it."""

    article: Article
    line: int
    issues: tuple[Issue, ...] = ()


def _kind(value: object) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "true/false"}.get(
        type(value), "null" if value is None else "a number"
    )


def _validate(obj: dict[str, Any], *, source: str, line: int) -> ArticleIn:
    raw_id = obj.get("id")
    # only a text or a number is an id to name in messages; an array or object is not (and may nest deep)
    article_id = str(raw_id)[:200] if isinstance(raw_id, str | int | float) and not isinstance(raw_id, bool) else ""
    # null or empty required fields count as missing; null optional fields take their defaults
    cleaned = {k: v for k, v in obj.items() if v is not None}
    for name in REQUIRED_FIELDS:
        value = cleaned.get(name)
        if value is None or (isinstance(value, str) and not value.strip() and name != "text"):
            raise MalformedRecord(
                Errors.E002.format(source=source, line=line, article_id=article_id, field=name),
                source=source,
                line=line,
                article_id=article_id,
            )
    try:
        article_in = ArticleIn.model_validate(cleaned)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "?"
        if name == "published":
            message = Errors.E003.format(
                source=source, line=line, article_id=article_id, value=_shown(cleaned.get("published"))
            )
        elif first["type"] == "string_too_long":
            size = len(str(cleaned.get(name)))
            limit = LANGUAGE_MAX if name == "language" else size
            message = Errors.E024.format(
                source=source, line=line, article_id=article_id, field=name, size=size, limit=limit
            )
        else:
            message = Errors.E020.format(
                source=source, line=line, article_id=article_id, field=name, kind=_kind(cleaned.get(name))
            )
        raise MalformedRecord(message, source=source, line=line, article_id=article_id) from exc
    for name in PLAIN_FIELDS:
        found = CONTROLS.search(getattr(article_in, name))
        if found is not None:
            message = Errors.E023.format(
                source=source, line=line, article_id=article_id, field=name, char=f"U+{ord(found.group()):04X}"
            )
            raise MalformedRecord(message, source=source, line=line, article_id=article_id)
    return article_in


def parse_line(raw: bytes, *, source: str, line: int, max_chars: int = DEFAULT_MAX_CHARS) -> Parsed | None:
    """One JSON Lines line to an article; None for a blank line. Raises ``InputError``."""
    check_json(raw, source=source, line=line)
    decoded = decode_bytes(raw, source=source, line=line)
    stripped = decoded.text.strip()
    if not stripped:
        return None
    try:
        obj = json.loads(stripped)
    except json.JSONDecodeError as exc:
        raise MalformedRecord(
            Errors.E001.format(source=source, line=line, detail=exc.msg), source=source, line=line
        ) from exc
    if not isinstance(obj, dict):
        raise MalformedRecord(Errors.E007.format(source=source, line=line, kind=_kind(obj)), source=source, line=line)
    return parse_record(obj, source=source, line=line, max_chars=max_chars, bad_bytes=bool(decoded.bad_line))


def parse_record(
    obj: dict[str, Any], *, source: str, line: int, max_chars: int = DEFAULT_MAX_CHARS, bad_bytes: bool = False
) -> Parsed:
    """One article object (a decoded JSON line, or a Parquet row as a dict) to an article.

    The same validation and text preparation as ``parse_line``, so every reader (JSON Lines,
    Parquet, a Ray worker) turns the same record into the same ``Article``. Raises ``MalformedRecord``.
    bad_bytes (bool): the record's bytes were not all UTF-8 (records W001).
    """
    article_in = _validate(obj, source=source, line=line)
    issues: list[Issue] = []
    if bad_bytes:
        issues.append(
            Issue(
                code="W001",
                message=Warnings.W001.format(source=source, line=line),
                article_id=article_in.id,
                source=source,
                line=line,
            )
        )
    prepared = prepare_text(article_in.text, article_id=article_in.id, max_chars=max_chars, source=source, line=line)
    issues.extend(prepared.issues)
    return Parsed(
        article=article_in.to_record(text=prepared.text, title=prepared.title),
        line=line,
        issues=tuple(issues),
    )


def read_jsonl(lines: Iterable[bytes], *, source: str, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Parsed]:
    """Stream articles from JSON Lines; raises at the first bad line, after yielding those before it.

    lines (Iterable[bytes]): raw lines, e.g. a file opened in binary mode or ``sys.stdin.buffer``.
    source (str): the name used in messages (a path, or ``<stdin>``).
    """
    for number, raw in enumerate(lines, start=1):
        parsed = parse_line(raw, source=source, line=number, max_chars=max_chars)
        if parsed is not None:
            yield parsed
