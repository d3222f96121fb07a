"""`sitrep ingest INPUT...`: code articles and add them to the event store, fusing reports."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sitrep.cli.extract import article_reader, report_issues
from sitrep.errors import SitrepError
from sitrep.ingest import DEFAULT_MAX_CHARS
from sitrep.store.records import IngestReport

__all__ = ["ingest", "summary"]


def summary(report: IngestReport, url: str) -> str:
    """The one line printed when an ingest ends."""
    extra = "".join(
        f", {n} {what}" for n, what in ((report.articles_revised, "revised"), (report.articles_failed, "failed")) if n
    )
    return (
        f"sitrep ingest: {report.articles_read} article(s) read, {report.articles_new} new, "
        f"{report.articles_duplicate} already stored{extra}; {report.events_created} event(s) created, "
        f"{report.events_updated} updated in {url}"
    )


def ingest(
    inputs: Annotated[
        list[str], typer.Argument(help="JSON Lines, text or HTML files; '-' reads JSON Lines from stdin.")
    ],
    db: Annotated[
        str | None,
        typer.Option(
            help="Store URL or SQLite path (default: settings db / SITREP_DB, else ~/.local/share/sitrep/sitrep.db)."
        ),
    ] = None,
    published: Annotated[str | None, typer.Option(help="Publication date (ISO 8601) for plain text files.")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes for coding (default from settings: 1).")] = None,
    max_chars: Annotated[int, typer.Option(help="Longest text read per article; longer is cut.")] = DEFAULT_MAX_CHARS,
    progress: Annotated[
        bool | None, typer.Option("--progress/--no-progress", help="Progress bar (default: when stderr is a terminal).")
    ] = None,
    config: Annotated[Path | None, typer.Option(help="A sitrep.toml with settings.")] = None,
) -> None:
    """Code articles and store them: duplicates are skipped, reports of one incident are fused
    into one event, and every change is kept as a revision. Each article is one transaction."""
    from sitrep.pipeline import Pipeline
    from sitrep.settings import load_settings
    from sitrep.store import Store

    reader = article_reader(published, max_chars)
    settings = load_settings(config)
    show = sys.stderr.isatty() if progress is None else progress
    failed = False
    try:
        with Store(db, settings=settings) as store:
            try:
                report = store.ingest(reader.read(inputs), pipeline=Pipeline(settings), progress=show, workers=workers)
            except SitrepError as exc:  # unreadable input: what came before it is stored
                typer.echo(f"sitrep ingest: {exc}", err=True)
                failed = True
                report = IngestReport()
            typer.echo(summary(report, store.display_url), err=True)
    except SitrepError as exc:
        typer.echo(f"sitrep ingest: {exc}", err=True)
        raise typer.Exit(1) from exc
    report_issues([*reader.issues, *report.issues], articles=reader.count)
    if failed:
        raise typer.Exit(1)
