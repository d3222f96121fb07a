"""`sitrep eval GOLD.csv`: score the coder (or another coder's output) against a human-coded file."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sitrep.cli.common import ProgressOption, progress_bar
from sitrep.errors import SitrepError
from sitrep.evaluate.news import Convention
from sitrep.model import Article, Event
from sitrep.settings import default_settings

if TYPE_CHECKING:
    from sitrep.evaluate import Coder

__all__ = ["evaluate"]

DEFAULT_WORKERS = default_settings().workers  # data/defaults.toml, like every default

_CONVENTION_HELP = (
    "ISAF files: how the gold's vague-number counts are read. 'isaf' (default): the gold as given, "
    "by ISAF's rules (bare plural 'insurgents' = 2, 'a couple' 2, 'several/a few/some/a group/multiple' 3, "
    "'numerous/a handful' 4, 'a large number' 5). 'acled': also accept, where the gold is 2-5, the "
    "count ACLED's rules give those words (2 → 2 or 3, 3 → 3, 4 → 3 or 10, 5 → 10)."
)


def evaluate(
    gold: Annotated[Path, typer.Argument(help="ACLED, UCDP GED, GTD, FA-KES or ISAF CSV with the text column.")],
    limit: Annotated[int | None, typer.Option(help="Score only the first N rows (after filters).")] = None,
    country: Annotated[list[str] | None, typer.Option(help="Keep rows of this country (repeatable).")] = None,
    region: Annotated[list[str] | None, typer.Option(help="Keep rows of this ACLED region (repeatable).")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the full scorecard as JSON.")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes for coding.")] = DEFAULT_WORKERS,
    gtd_include_attackers: Annotated[bool, typer.Option(help="GTD: compare with nkill incl. attackers.")] = True,
    predictions: Annotated[
        Path | None,
        typer.Option(help="Score this JSON Lines file of events (any coder's) instead of running sitrep."),
    ] = None,
    export_articles: Annotated[
        Path | None,
        typer.Option(help="Write the articles the coder would be given (id, text, published) as JSON Lines, and stop."),
    ] = None,
    convention: Annotated[Convention | None, typer.Option(help=_CONVENTION_HELP)] = None,
    progress: ProgressOption = None,
) -> None:
    """Code the gold file's texts (no gold field reaches the coder) and print per-field accuracy.

    To score another coder on the same articles and rules: --export-articles a.jsonl, run it on
    a.jsonl, then --predictions its_events.jsonl.
    """
    from sitrep.evaluate import export_articles as write_articles
    from sitrep.evaluate import filter_rows, load_gold, run_eval

    try:
        if export_articles is not None:
            rows = filter_rows(load_gold(gold).rows, country=country or None, region=region or None, limit=limit)
            n = write_articles(rows, export_articles)
            typer.echo(f"sitrep eval: wrote {n} articles ({len(rows)} gold rows) to {export_articles}", err=True)
            return
        code: Coder | None = None
        if predictions is None:
            code = _pipeline_coder(workers, show=sys.stderr.isatty() if progress is None else progress)
        run_eval(
            gold,
            code=code,
            limit=limit,
            country=country or None,
            region=region or None,
            json_out=json_out,
            out=sys.stdout,
            gtd_include_attackers=gtd_include_attackers,
            predictions=predictions,
            convention=convention,
        )
    except SitrepError as exc:
        typer.echo(f"sitrep eval: {exc}", err=True)
        raise typer.Exit(1) from exc


def _pipeline_coder(workers: int, *, show: bool) -> Coder:
    """sitrep's pipeline as a coder (spaCy loads here, never for --predictions or --export-articles),
    behind a progress bar when ``show``."""
    from sitrep.engine import Engine

    engine = Engine(workers=workers)

    def code(articles: Sequence[Article]) -> list[Event]:
        shown = progress_bar(articles, total=len(articles), desc="eval") if show else articles
        return list(engine.extract(shown))

    return code
