"""`sitrep ingest INPUT...`: code articles and add them to the event store, fusing reports."""

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
    store_url,
    with_model,
    with_triage,
)
from sitrep.errors import SitrepError
from sitrep.ingest import DEFAULT_MAX_CHARS, count_articles
from sitrep.model import Article
from sitrep.store.records import IngestReport

__all__ = ["ingest", "summary"]


def summary(report: IngestReport, url: str, *, skipped: int = 0) -> str:
    """The one line printed when an ingest ends (``skipped``: malformed records not read)."""
    extra = "".join(
        f", {n} {what}" for n, what in ((report.articles_revised, "revised"), (report.articles_failed, "failed")) if n
    )
    line = (
        f"sitrep ingest: {report.articles_read} article(s) read, {report.articles_new} new, "
        f"{report.articles_duplicate} already stored{extra}; {report.events_created} event(s) created, "
        f"{report.events_updated} updated in {url}"
    )
    if report.articles_skipped:
        line += (
            f"; {report.articles_skipped:,} of {report.articles_new:,} new article(s) skipped as not about "
            "political violence (triage)"
        )
    return line + (f"; {skipped} malformed record(s) skipped" if skipped else "")


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
    progress: ProgressOption = None,
    config: Annotated[Path | None, typer.Option(help="A sitrep.toml with settings.")] = None,
    strict: StrictOption = False,
    verbose: VerboseOption = False,
    triage: TriageOption = None,
    model: ModelOption = None,
) -> None:
    """Code articles and store them: duplicates are skipped, reports of one incident are fused
    into one event, and every change is kept as a revision. Each article is one transaction.

    A malformed record is reported (file, line, article) and skipped, and the exit status is 1;
    --strict stops at it, keeping what was stored before it."""
    reader = article_reader("ingest", published, max_chars, strict=strict)
    settings = with_model("ingest", with_triage(settings_for("ingest", config), triage), model)
    store_url("ingest", db, settings, create=True)
    from sitrep.engine import Engine
    from sitrep.orchestrate import ingest_articles
    from sitrep.pipeline import Pipeline
    from sitrep.store import Store

    show = sys.stderr.isatty() if progress is None else progress
    stopped: list[SitrepError] = []
    try:
        with Store(db, settings=settings) as store:
            articles: Iterable[Article] = read_until_error(reader.read(inputs), stopped)
            if show:  # counts records as they are read (coding runs at most one batch behind)
                articles = progress_bar(articles, total=count_articles(inputs), desc="ingest")
            report = ingest_articles(store, articles, engine=Engine(Pipeline(settings), workers=workers))
            for error in stopped:  # unreadable input: what came before it is stored, and counted
                typer.echo(f"sitrep ingest: {error}", err=True)
            typer.echo(summary(report, store.display_url, skipped=reader.skipped), err=True)
    except SitrepError as exc:
        typer.echo(f"sitrep ingest: {exc}", err=True)
        raise typer.Exit(1) from exc
    report_issues([*reader.issues, *report.issues], articles=reader.count, verbose=verbose)
    if stopped or reader.skipped:
        raise typer.Exit(1)
