"""`sitrep extract INPUT...`: code each article on its own and write its events."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from sitrep.errors import InputError, SitrepError
from sitrep.export import FORMATS, writer_for
from sitrep.ingest import DEFAULT_MAX_CHARS, Reader, parse_published
from sitrep.model import Issue
from sitrep.pipeline import Pipeline
from sitrep.settings import load_settings

__all__ = ["article_reader", "extract", "report_issues"]


def article_reader(published: str | None, max_chars: int) -> Reader:
    """The ``Reader`` of ``--published`` and ``--max-chars`` (extract, ingest); a bad date is a usage error."""
    try:
        day = parse_published(published) if published else None
    except ValueError as exc:
        raise typer.BadParameter(f"--published: {exc}") from exc
    return Reader(published=day, max_chars=max_chars)


def extract(
    inputs: Annotated[
        list[str], typer.Argument(help="JSON Lines, text or HTML files; '-' reads JSON Lines from stdin.")
    ],
    published: Annotated[str | None, typer.Option(help="Publication date (ISO 8601) for plain text files.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help=f"Output format: {'|'.join(FORMATS)}.")] = "jsonl",
    workers: Annotated[int | None, typer.Option(help="Worker processes (default from settings: 1).")] = None,
    max_chars: Annotated[int, typer.Option(help="Longest text read per article; longer is cut.")] = DEFAULT_MAX_CHARS,
    config: Annotated[Path | None, typer.Option(help="A sitrep.toml with settings.")] = None,
    gazetteer: Annotated[Path | None, typer.Option(help="Gazetteer file instead of the bundled one.")] = None,
) -> None:
    """Code each article on its own (no cross-article fusion) and write events to standard output."""
    reader = article_reader(published, max_chars)
    settings = load_settings(config)
    pipeline = Pipeline(settings, gazetteer=gazetteer)
    writer = writer_for(format, sys.stdout)
    issues: list[Issue] = []
    failed = False
    writer.start()
    try:
        for coded in pipeline.run(reader.read(inputs), workers=workers):
            for event in coded.events:
                writer.write(event)
            issues.extend(coded.issues)
    except InputError as exc:
        typer.echo(f"sitrep extract: {exc}", err=True)
        failed = True
    except SitrepError as exc:
        typer.echo(f"sitrep extract: {exc}", err=True)
        failed = True
    finally:
        writer.finish()
        sys.stdout.flush()
    report_issues([*reader.issues, *issues], articles=reader.count)
    if failed:
        raise typer.Exit(1)


def report_issues(issues: list[Issue], *, articles: int) -> None:
    """Print the count of each warning code to stderr (scrapy's corestats habit)."""
    counts = Counter(i.code for i in issues)
    if counts:
        summary = ", ".join(f"{code} x{n}" for code, n in sorted(counts.items()))
        typer.echo(f"sitrep: {articles} article(s) read; issues: {summary}", err=True)
