"""What several commands share: usage errors, settings, the store's URL, the article reader, the issue summary.

A usage error (a bad option, a missing or invalid settings file, an unknown store scheme, a
store that does not exist) is one coded line on standard error and exit status 2, decided
before any model loads. Unreadable input is exit status 1 (CONVENTIONS.md).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from sitrep.errors import ConfigError, Errors, InputError, SitrepError, StoreError
from sitrep.ingest import Reader, parse_published
from sitrep.model import Article, Issue
from sitrep.settings import Settings, load_settings

__all__ = [
    "MAX_TOLD",
    "ModelOption",
    "USAGE",
    "ProgressOption",
    "StrictOption",
    "TriageOption",
    "VerboseOption",
    "article_reader",
    "check_max_chars",
    "progress_bar",
    "read_until_error",
    "report_issues",
    "settings_for",
    "store_url",
    "triage_summary",
    "usage_error",
    "with_model",
    "with_triage",
]

USAGE = 2  # the exit status of a usage error, as click gives for its own
MAX_TOLD = 20  # malformed records told one by one; the rest are only counted

StrictOption = Annotated[
    bool, typer.Option("--strict", help="Stop at the first malformed record (default: report it and go on).")
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="List each warning with its article id.")]
ProgressOption = Annotated[
    bool | None,
    typer.Option(
        "--progress/--no-progress", help="Progress bar with total and time left (default: when stderr is a terminal)."
    ),
]
TriageOption = Annotated[
    bool | None,
    typer.Option(
        "--triage/--no-triage",
        help="Skip articles clearly not about political violence before the parse (default: the "
        "settings' triage, on); --no-triage parses and codes every one.",
    ),
]
ModelOption = Annotated[
    Path | None,
    typer.Option(
        "--model",
        help="A model directory `sitrep train` wrote: it types the events the rules find, and each event "
        "says which decided (default: the settings' learned_model; none = the rules alone).",
    ),
]
T = TypeVar("T")


def progress_bar(items: Iterable[T], *, total: int | None, desc: str, unit: str = " articles") -> Iterable[T]:
    """``items`` behind a progress bar on standard error (tqdm: count, rate and, with a
    ``total``, the time left)."""
    from tqdm import tqdm

    bar: Iterable[T] = tqdm(items, total=total, desc=desc, unit=unit, dynamic_ncols=True, file=sys.stderr)
    return bar


def usage_error(command: str, message: str) -> NoReturn:
    """Print ``sitrep COMMAND: [E###] ...`` to standard error and exit with status 2."""
    typer.echo(f"sitrep {command}: {message}", err=True)
    raise typer.Exit(USAGE)


def settings_for(command: str, config: Path | None) -> Settings:
    """The settings, with ``--config``'s file; a missing or invalid file is a usage error."""
    try:
        return load_settings(config)
    except ConfigError as exc:
        usage_error(command, str(exc))


def with_triage(settings: Settings, triage: bool | None) -> Settings:
    """``settings`` with triage as ``--triage`` / ``--no-triage`` set it (neither: as the settings say)."""
    return settings if triage is None else settings.model_copy(update={"triage": triage})


def with_model(command: str, settings: Settings, model: Path | None) -> Settings:
    """``settings`` with ``--model``'s directory as the learned typer, loaded once here so a
    directory that is no model, or one of a format this sitrep cannot read, is a usage error
    (E085, E086) before any article is read."""
    if model is not None:
        settings = settings.model_copy(update={"learned_model": str(model)})
    if settings.learned_model:
        from sitrep.assemble.learned import LearnedTyper

        try:
            LearnedTyper.load(settings.learned_model)
        except ConfigError as exc:
            usage_error(command, str(exc))
    return settings


def triage_summary(command: str, *, skipped: int, articles: int, settings: Settings) -> str | None:
    """The run summary's triage line ("sitrep batch: 1,840 of 2,000 articles skipped as not about
    political violence ..."); None when triage was off or there was nothing to triage."""
    if not settings.triage or not articles:
        return None
    return (
        f"sitrep {command}: {skipped:,} of {articles:,} article(s) skipped as not about political violence "
        f"(triage, threshold {settings.triage_threshold:g}; --no-triage codes every one)"
    )


def check_max_chars(command: str, max_chars: int) -> int:
    if max_chars < 1:
        usage_error(command, Errors.E045.format(option="--max-chars", detail=f"{max_chars} is not a positive count"))
    return max_chars


def store_url(command: str, db: str | None, settings: Settings, *, create: bool) -> str | None:
    """``--db`` (or the settings' store) checked before anything is opened: a scheme sitrep cannot
    open is a usage error, and unless ``create`` a SQLite file that does not exist is one too
    (E048), rather than a new empty store answering "no events"."""
    from sitrep.store.engine import resolve_url

    try:
        resolve_url(db or settings.db or None, create=create)
    except (ConfigError, StoreError) as exc:
        usage_error(command, str(exc))
    return db


def article_reader(command: str, published: str | None, max_chars: int, *, strict: bool) -> Reader:
    """The ``Reader`` of ``--published``, ``--max-chars`` and ``--strict``; bad values are usage errors.

    Without ``strict`` a malformed record is one coded line on standard error (file, line, article)
    as it is met (the first ``MAX_TOLD``; the rest are counted), and reading goes on.
    """
    try:
        day = parse_published(published) if published else None
    except ValueError as exc:
        usage_error(command, Errors.E045.format(option="--published", detail=exc))

    told = 0

    def tell(issue: Issue) -> None:
        nonlocal told
        told += 1
        if told <= MAX_TOLD:
            typer.echo(f"sitrep {command}: {issue.message}", err=True)
        elif told == MAX_TOLD + 1:  # a binary file read as JSON Lines would fill the screen
            typer.echo(f"sitrep {command}: more malformed records; the count of each code follows at the end", err=True)

    return Reader(published=day, max_chars=check_max_chars(command, max_chars), strict=strict, on_skip=tell)


def read_until_error(articles: Iterable[Article], errors: list[SitrepError]) -> Iterator[Article]:
    """``articles`` until one cannot be read; that error is appended to ``errors`` and the stream
    ends there, so whatever consumes it finishes normally and counts what it did (``--strict``)."""
    try:
        yield from articles
    except InputError as exc:
        errors.append(exc)


def report_issues(issues: list[Issue], *, articles: int, verbose: bool = False) -> None:
    """Print the count of each issue code to stderr (scrapy's corestats habit); with ``verbose``,
    every warning first, one line each with its article id (skipped records are told as they are met)."""
    if verbose:
        for issue in issues:
            if issue.code.startswith("W"):
                typer.echo(f"  {issue.article_id or '-'}: {issue.message}", err=True)
    counts = Counter(i.code for i in issues)
    if counts:
        summary = ", ".join(f"{code} x{n}" for code, n in sorted(counts.items()))
        typer.echo(f"sitrep: {articles} article(s) read; issues: {summary}", err=True)
