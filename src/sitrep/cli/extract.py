"""`sitrep extract INPUT...`: code each article on its own and write its events."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from sitrep.cli.common import (
    ModelOption,
    ProgressOption,
    StrictOption,
    TriageOption,
    VerboseOption,
    article_reader,
    progress_bar,
    read_until_error,
    report_issues,
    settings_for,
    triage_summary,
    usage_error,
    with_model,
    with_triage,
)
from sitrep.errors import Errors, SitrepError
from sitrep.export import FORMATS, writer_for
from sitrep.ingest import DEFAULT_MAX_CHARS, count_articles
from sitrep.model import Article, Issue

__all__ = ["extract"]


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
    strict: StrictOption = False,
    verbose: VerboseOption = False,
    progress: ProgressOption = None,
    triage: TriageOption = None,
    model: ModelOption = None,
) -> None:
    """Code each article on its own (no cross-article fusion) and write events to standard output.

    A malformed record is reported (file, line, article) and skipped, and the exit status is 1;
    --strict stops at it instead."""
    if format not in FORMATS:
        usage_error("extract", Errors.E022.format(format=format, choices=", ".join(FORMATS)))
    reader = article_reader("extract", published, max_chars, strict=strict)
    settings = with_model("extract", with_triage(settings_for("extract", config), triage), model)
    stopped: list[SitrepError] = []
    from sitrep.engine import Engine
    from sitrep.pipeline import Pipeline

    engine = Engine(Pipeline(settings, gazetteer=gazetteer), workers=workers)
    # a bar only when the events go to a file and stderr is a terminal, unless asked either way
    show = sys.stderr.isatty() and not sys.stdout.isatty() if progress is None else progress
    articles: Iterable[Article] = read_until_error(reader.read(inputs), stopped)
    if show:
        articles = progress_bar(articles, total=count_articles(inputs), desc="extract")
    writer = writer_for(format, sys.stdout)
    issues: list[Issue] = []
    coded_count = skipped = 0
    writer.start()
    try:
        for coded in engine.run(articles):
            for event in coded.events:
                writer.write(event)
            issues.extend(coded.issues)
            coded_count += 1
            skipped += coded.triage is not None and coded.triage.skipped
    except SitrepError as exc:
        stopped.append(exc)
    finally:
        writer.finish()
        sys.stdout.flush()
    for error in stopped:
        typer.echo(f"sitrep extract: {error}", err=True)
    if line := triage_summary("extract", skipped=skipped, articles=coded_count, settings=settings):
        typer.echo(line, err=True)
    report_issues([*reader.issues, *issues], articles=reader.count, verbose=verbose)
    if stopped or reader.skipped:
        raise typer.Exit(1)
