"""`sitrep eval GOLD.csv`: score the coder against a human-coded file."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from sitrep.cli.common import ProgressOption, progress_bar
from sitrep.errors import SitrepError
from sitrep.model import Article, Event

__all__ = ["evaluate"]


def evaluate(
    gold: Annotated[Path, typer.Argument(help="ACLED, UCDP GED or GTD CSV with the text column.")],
    limit: Annotated[int | None, typer.Option(help="Score only the first N rows (after filters).")] = None,
    country: Annotated[list[str] | None, typer.Option(help="Keep rows of this country (repeatable).")] = None,
    region: Annotated[list[str] | None, typer.Option(help="Keep rows of this ACLED region (repeatable).")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the full scorecard as JSON.")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes for coding.")] = 1,
    gtd_include_attackers: Annotated[bool, typer.Option(help="GTD: compare with nkill incl. attackers.")] = True,
    progress: ProgressOption = None,
) -> None:
    """Code the gold file's texts (no gold field reaches the coder) and print per-field accuracy."""
    from sitrep.evaluate import run_eval
    from sitrep.pipeline import Pipeline

    pipeline = Pipeline()
    show = sys.stderr.isatty() if progress is None else progress

    def code(articles: Sequence[Article]) -> list[Event]:
        shown = progress_bar(articles, total=len(articles), desc="eval") if show else articles
        return list(pipeline.extract(shown, workers=workers))

    try:
        run_eval(
            gold,
            code=code,
            limit=limit,
            country=country or None,
            region=region or None,
            json_out=json_out,
            out=sys.stdout,
            gtd_include_attackers=gtd_include_attackers,
        )
    except SitrepError as exc:
        typer.echo(f"sitrep eval: {exc}", err=True)
        raise typer.Exit(1) from exc
