"""Ingest: files and standard input to ``model.Article`` records.

    reader = Reader(published=date(2026, 3, 1))
    for article in reader.read(["news.jsonl", "report.txt", "-"]):
        ...                      # reader.issues already holds this article's W### issues
    reader.issues                # every Issue recorded so far, in input order

What a path means:

* ``-``: JSON Lines from standard input (``stdin``, default ``sys.stdin.buffer``);
* ``*.jsonl``, ``*.ndjson``, ``*.json``: JSON Lines, one article object per line;
* ``*.html``, ``*.htm``: one article, its visible text; id = file stem; the ``<title>`` becomes the title;
* anything else: JSON Lines if its first character is ``{``, else one plain text article (HTML is
  recognised by content); id = file stem; ``published`` comes from the reader's ``published``.

Reading streams: articles are yielded as they are read, so when a bad record raises, every
article before it has already been yielded. Errors (``InputError`` and subclasses, message
prefixed with its ``[E###]`` code, with ``source``/``line``/``article_id`` attributes):

* E001 not JSON, E002 missing id/text/published, E003 bad date, E007 not an object, E020 wrong
  field type, E023 a control character in id/url/language, E024 a language code too long, E025 a
  line too long, E026 nesting too deep: ``MalformedRecord``; E004 a binary line in JSON Lines:
  ``UnreadableArticle``. With ``strict=False`` these are recorded as issues (code ``E###``),
  handed to ``on_skip``, and the line is skipped instead.
* E004 a binary file, E005 a text file without ``published``, E006 no such file, E021 cannot
  open (a directory, no permission): ``InputError``. These always raise.

Issues (``model.Issue``, appended to ``Reader.issues`` before the article is yielded):
W001 bytes not UTF-8 (replaced by U+FFFD), W002 text cut to ``max_chars``, W003 empty text
(the article is still yielded), W004 ``published`` after today (kept), W007 control characters
removed from the text, W020 repeated id.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from sitrep.errors import Errors, InputError, Warnings
from sitrep.ingest.html import extract_html, looks_like_html
from sitrep.ingest.jsonl import ArticleIn, Parsed, bounded_lines, parse_line, parse_published
from sitrep.ingest.text import DEFAULT_MAX_CHARS, HTML_SUFFIXES, read_text_file
from sitrep.model import Article, Issue

__all__ = [
    "ArticleIn",
    "DEFAULT_MAX_CHARS",
    "JSONL_SUFFIXES",
    "Reader",
    "STDIN",
    "count_articles",
    "extract_html",
    "is_jsonl_file",
    "looks_like_html",
    "parse_published",
    "read_articles",
]

STDIN = "-"
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
_STDIN_NAME = "<stdin>"


def is_jsonl_file(file: Path) -> bool:
    """Whether ``file`` is read as JSON Lines: by its suffix, else when it opens with ``{``."""
    suffix = file.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return True
    if suffix in HTML_SUFFIXES:
        return False
    with file.open("rb") as stream:
        head = stream.read(64)
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{")


def count_articles(paths: Sequence[str]) -> int | None:
    """How many articles ``paths`` hold, for a progress bar's total: the non-blank lines of JSON
    Lines files and one per other file; None when that cannot be known without reading them
    (standard input, a path that is not a readable file)."""
    total = 0
    for path in paths:
        file = Path(path)
        if path == STDIN or not file.is_file():
            return None
        try:
            if is_jsonl_file(file):
                with file.open("rb") as stream:
                    total += sum(1 for line in bounded_lines(stream) if line.strip())
            else:
                total += 1
        except OSError:
            return None
    return total


def _code(exc: InputError) -> str:
    message = str(exc)
    return message[1:5] if message.startswith("[") else "E000"


class Reader:
    """Reads articles from paths and records the issues it meets on the way.

    published (date | None): the date of plain text articles (JSON Lines records carry their own).
    max_chars (int): longest text passed on; longer text is cut (W002).
    stdin (BinaryIO | None): what ``-`` reads; None means ``sys.stdin.buffer`` at read time.
    today (date | None): the day after which ``published`` is "in the future" (W004); None: today.
    strict (bool): raise on a malformed JSON Lines record (default); False records it and goes on.
    on_skip (Callable[[Issue], None] | None): told of each record skipped when not strict, as it is skipped.
    """

    def __init__(
        self,
        *,
        published: dt.date | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
        stdin: BinaryIO | None = None,
        today: dt.date | None = None,
        strict: bool = True,
        on_skip: Callable[[Issue], None] | None = None,
    ) -> None:
        if max_chars < 1:
            raise ValueError("max_chars must be positive")
        self.published = published
        self.max_chars = max_chars
        self.stdin = stdin
        self.today = today
        self.strict = strict
        self.on_skip = on_skip
        self.issues: list[Issue] = []
        self.count = 0  # articles yielded
        self.skipped = 0  # malformed records skipped (strict=False)
        self._seen: dict[str, str] = {}

    def read(self, paths: Sequence[str]) -> Iterator[Article]:
        """Articles from each path in order (see the module docstring for what a path means)."""
        for path in paths:
            yield from self.read_path(path)

    def read_path(self, path: str) -> Iterator[Article]:
        if path == STDIN:
            stream = self.stdin if self.stdin is not None else sys.stdin.buffer
            yield from self._read_jsonl(bounded_lines(stream), source=_STDIN_NAME)
            return
        file = Path(path)
        if not file.exists():
            raise InputError(Errors.E006.format(source=path), source=path)
        if file.is_dir():
            raise InputError(Errors.E021.format(source=path, detail="a directory"), source=path)
        try:
            if is_jsonl_file(file):
                with file.open("rb") as stream:
                    yield from self._read_jsonl(bounded_lines(stream), source=path)
                return
            article, issues = read_text_file(file, published=self.published, max_chars=self.max_chars)
        except OSError as exc:
            raise InputError(Errors.E021.format(source=path, detail=exc.strerror or exc), source=path) from exc
        yield from self._emit(article, issues, source=path, line=0)

    # -- helpers ---------------------------------------------------------------------------------

    def _read_jsonl(self, lines: Iterable[bytes], *, source: str) -> Iterator[Article]:
        for number, raw in enumerate(lines, start=1):
            try:
                parsed: Parsed | None = parse_line(raw, source=source, line=number, max_chars=self.max_chars)
            except InputError as exc:  # malformed, or a binary line (E004)
                if self.strict:
                    raise
                issue = Issue(code=_code(exc), message=str(exc), article_id=exc.article_id, source=source, line=number)
                self.issues.append(issue)
                self.skipped += 1
                if self.on_skip is not None:
                    self.on_skip(issue)
                continue
            if parsed is not None:
                yield from self._emit(parsed.article, parsed.issues, source=source, line=number)

    def _emit(self, article: Article, issues: Iterable[Issue], *, source: str, line: int) -> Iterator[Article]:
        self.issues.extend(issues)
        today = self.today or dt.date.today()
        if article.published > today:
            self.issues.append(
                Issue(
                    code="W004",
                    message=Warnings.W004.format(article_id=article.id, value=article.published.isoformat()),
                    article_id=article.id,
                    source=source,
                    line=line,
                )
            )
        where = f"{source}:{line}" if line else source
        first = self._seen.setdefault(article.id, where)
        if first != where:
            self.issues.append(
                Issue(
                    code="W020",
                    message=Warnings.W020.format(source=source, line=line, article_id=article.id, first=first),
                    article_id=article.id,
                    source=source,
                    line=line,
                )
            )
        self.count += 1
        yield article


def read_articles(
    paths: Sequence[str],
    *,
    published: dt.date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin: BinaryIO | None = None,
    issues: list[Issue] | None = None,
    strict: bool = True,
) -> Iterator[Article]:
    """Articles from ``paths``; a shortcut for ``Reader(...).read(paths)``.

    issues (list[Issue] | None): if given, each recorded issue is appended to it as it is found.
    """
    reader = Reader(published=published, max_chars=max_chars, stdin=stdin, strict=strict)
    if issues is not None:
        reader.issues = issues
    return reader.read(paths)
