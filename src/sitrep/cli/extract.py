"""`sitrep extract INPUT...`: code each article on its own and write its events."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sitrep.cli.common import (
    StrictOption,
    VerboseOption,
    article_reader,
    read_until_error,
    report_issues,
    settings_for,
    usage_error,
)
from sitrep.errors import Errors, SitrepError
from sitrep.export import FORMATS, writer_for
from sitrep.ingest import DEFAULT_MAX_CHARS
from sitrep.model import Issue

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
) -> None:
    """Code each article on its own (no cross-article fusion) and write events to standard output.

    A malformed record is reported (file, line, article) and skipped, and the exit status is 1;
    --strict stops at it instead."""
    if format not in FORMATS:
        usage_error("extract", Errors.E022.format(format=format, choices=", ".join(FORMATS)))
    reader = article_reader("extract", published, max_chars, strict=strict)
    settings = settings_for("extract", config)
    from sitrep.pipeline import Pipeline

    pipeline = Pipeline(settings, gazetteer=gazetteer)
    writer = writer_for(format, sys.stdout)
    issues: list[Issue] = []
    stopped: list[SitrepError] = []
    writer.start()
    try:
        for coded in pipeline.run(read_until_error(reader.read(inputs), stopped), workers=workers):
            for event in coded.events:
                writer.write(event)
            issues.extend(coded.issues)
    except SitrepError as exc:
        stopped.append(exc)
    finally:
        writer.finish()
        sys.stdout.flush()
    for error in stopped:
        typer.echo(f"sitrep extract: {error}", err=True)
    report_issues([*reader.issues, *issues], articles=reader.count, verbose=verbose)
    if stopped or reader.skipped:
        raise typer.Exit(1)
