"""`sitrep watch FEED...`: poll RSS/Atom feeds (or OPML lists of them) into the event store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sitrep.cli.common import ModelOption, TriageOption, VerboseOption, settings_for, store_url, with_model, with_triage
from sitrep.errors import SitrepError
from sitrep.ingest.fetch import Fetcher
from sitrep.pipeline import Pipeline
from sitrep.store import Store
from sitrep.watch import PollReport, Watcher, feeds_from, policy_from_settings

__all__ = ["watch"]


def _print(report: PollReport, *, verbose: bool = False) -> None:
    line = (
        f"sitrep watch: {report.feed_url}: {report.status}; {report.entries} entries, {report.new} new, "
        f"{report.seen} already stored, {report.retry} to retry, {report.events} event(s)"
    )
    if report.skipped:
        line += f"; {report.skipped} of {report.new} new skipped as not about political violence (triage)"
    if report.revised:
        line += f"; {report.revised} revised (a stored story re-published with a new text)"
    typer.echo(line, err=True)
    for issue in report.issues:
        if issue.code.startswith("W05"):
            typer.echo(f"  {issue.message}", err=True)
        elif verbose:
            typer.echo(f"  {issue.article_id or '-'}: {issue.message}", err=True)


def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS/Atom feed URLs, or OPML files/URLs listing feeds.")],
    db: Annotated[str | None, typer.Option(help="Event store URL or path (default: settings db / SITREP_DB).")] = None,
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once and stop.")] = False,
    interval: Annotated[
        float | None, typer.Option(help="Seconds between polls of a feed (settings watch_interval).")
    ] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Fetch from private/loopback addresses.")
    ] = False,
    config: Annotated[Path | None, typer.Option(help="A sitrep.toml with settings.")] = None,
    verbose: VerboseOption = False,
    triage: TriageOption = None,
    model: ModelOption = None,
) -> None:
    """Poll feeds, fetch new stories, extract their main text, code them and store the events.

    Per-feed state (ETag, Last-Modified, failures) lives in the store, so a restart neither misses
    nor repeats a story. Stop with Ctrl-C. With --once the exit status is 1 when every feed failed.
    """
    settings = with_model("watch", with_triage(settings_for("watch", config), triage), model)
    store_url("watch", db, settings, create=True)
    statuses: list[str] = []

    def told(report: PollReport) -> None:
        statuses.append(report.status)
        _print(report, verbose=verbose)

    policy = policy_from_settings(settings)
    if allow_private:
        from dataclasses import replace

        policy = replace(policy, allow_private=True)
    fetcher = Fetcher(policy)
    try:
        urls = feeds_from(feeds, fetcher=fetcher)
        with Store(db, settings=settings) as store:
            watcher = Watcher(
                store,
                fetcher=fetcher,
                pipeline=Pipeline(settings),
                interval=interval or settings.watch_interval,
                max_chars=settings.max_chars,
            )
            watcher.run(urls, once=once, report=told)
    except KeyboardInterrupt:
        typer.echo("sitrep watch: stopped", err=True)
    except SitrepError as exc:
        typer.echo(f"sitrep watch: {exc}", err=True)
        raise typer.Exit(1) from exc
    if once and statuses and all(status == "failed" for status in statuses):
        typer.echo(f"sitrep watch: all {len(statuses)} feed(s) failed", err=True)
        raise typer.Exit(1)
