"""`sitrep check`: the store's invariants; `--repair` rebuilds events from reports."""

from __future__ import annotations

from typing import Annotated

import typer

from sitrep.cli.common import settings_for, store_url
from sitrep.errors import SitrepError

__all__ = ["check"]


def check(
    db: Annotated[str | None, typer.Option(help="Store URL or SQLite path (default: settings db / SITREP_DB).")] = None,
    repair: Annotated[
        bool, typer.Option("--repair", help="Rebuild events from reports and record why (one transaction).")
    ] = False,
) -> None:
    """Check the store: every report has its event, every event a report, every retired id an
    alias, every change a revision, and the events are the fusion of the reports. Read only
    unless --repair; exits 1 when anything is wrong (after --repair: when anything still is)."""
    from sitrep.store import Store

    store_url("check", db, settings_for("check", None), create=False)  # a typo is no empty, sound store
    try:
        with Store(db) as store:
            problems = store.check()
            for problem in problems:
                typer.echo(str(problem))
            if repair and problems:
                problems = store.repair()
                for problem in problems:
                    typer.echo(f"still wrong after repair: {problem}")
                if not problems:
                    typer.echo("sitrep check: repaired; the store is sound", err=True)
            url = store.display_url
    except SitrepError as exc:
        typer.echo(f"sitrep check: {exc}", err=True)
        raise typer.Exit(2) from exc
    if problems:
        typer.echo(f"sitrep check: {len(problems)} problem(s) in {url}", err=True)
        raise typer.Exit(1)
    if not repair:
        typer.echo(f"sitrep check: the store {url} is sound", err=True)
