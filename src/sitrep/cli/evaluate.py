"""`sitrep eval GOLD.csv`: score the coder (or another coder's output) against a human-coded file."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from sitrep.cli.common import ModelOption, ProgressOption, progress_bar, settings_for, with_model, with_triage
from sitrep.errors import SitrepError
from sitrep.evaluate.news import Convention
from sitrep.model import Article, Event
from sitrep.settings import Settings, default_settings

if TYPE_CHECKING:
    from sitrep.evaluate import Coder, Scorecard

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
    model: ModelOption = None,
    half: Annotated[
        str | None, typer.Option(help="Score one half of the rows by a hash of the text: a or b (train --half).")
    ] = None,
    triage: Annotated[
        bool,
        typer.Option(
            "--triage/--no-triage",
            help="Triage the gold texts as a feed would, so the score counts what triage skips "
            "(default: off; every gold text reports an event, and eval measures the coder).",
        ),
    ] = False,
) -> None:
    """Code the gold file's texts (no gold field reaches the coder) and print per-field accuracy.

    To score another coder on the same articles and rules: --export-articles a.jsonl, run it on
    a.jsonl, then --predictions its_events.jsonl. With --model: the rules alone and the rules with
    the model, side by side, and the reliability curve of the model's confidence.
    """
    from sitrep.evaluate import export_articles as write_articles
    from sitrep.evaluate import filter_rows, load_gold, run_eval

    if half not in (None, "a", "b"):
        from sitrep.cli.common import usage_error

        usage_error("eval", f"--half takes a or b, not {half!r}")
    settings = with_model("eval", with_triage(settings_for("eval", None), triage), model)
    try:
        if export_articles is not None:
            rows = filter_rows(
                load_gold(gold).rows, country=country or None, region=region or None, limit=limit, half=half
            )
            n = write_articles(rows, export_articles)
            typer.echo(f"sitrep eval: wrote {n} articles ({len(rows)} gold rows) to {export_articles}", err=True)
            return
        show = sys.stderr.isatty() if progress is None else progress
        if model is not None and predictions is None:
            _compare(gold, settings, workers, show=show, country=country, region=region, limit=limit, half=half)
            return
        code: Coder | None = None
        if predictions is None:
            code = _pipeline_coder(workers, show=show, settings=settings)
        run_eval(
            gold,
            half=half,
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


def _pipeline_coder(
    workers: int, *, show: bool, settings: Settings | None = None, kept: list[Event] | None = None
) -> Coder:
    """sitrep's pipeline as a coder (spaCy loads here, never for --predictions or --export-articles),
    behind a progress bar when ``show``; ``kept`` collects the events it gave."""
    from sitrep.engine import Engine
    from sitrep.pipeline import Pipeline

    engine = Engine(Pipeline(settings), workers=workers)

    def code(articles: Sequence[Article]) -> list[Event]:
        shown = progress_bar(articles, total=len(articles), desc="eval") if show else articles
        events = list(engine.extract(shown))
        if kept is not None:
            kept.extend(events)
        return events

    return code


def _compare(
    gold: Path,
    settings: Settings,
    workers: int,
    *,
    show: bool,
    country: list[str] | None,
    region: list[str] | None,
    limit: int | None,
    half: str | None,
) -> None:
    """``--model``: the full report with the model, then rules alone vs rules + model per field, then
    the reliability curve of the events' confidence against their sub-event type being right."""
    from sitrep.evaluate import run_eval, side_by_side
    from sitrep.evaluate.calibration import curve_text, reliability

    alone = settings.model_copy(update={"learned_model": ""})

    def scored(code: Coder, out: TextIO | None) -> Scorecard:
        return run_eval(
            gold, code=code, country=country or None, region=region or None, limit=limit, half=half, out=out
        )

    rules = scored(_pipeline_coder(workers, show=show, settings=alone), None)
    events: list[Event] = []
    learned = scored(_pipeline_coder(workers, show=show, settings=settings, kept=events), sys.stdout)
    typer.echo(side_by_side(rules, learned, model=settings.learned_model), nl=False)
    by_id = {e.event_id: e for e in events}
    decided = [e.typed_by for e in by_id.values()]
    typer.echo(f"events typed by the model {decided.count('model')}, by the rules {decided.count('rules')}")
    pairs = [
        (by_id[r.event_id].confidence, r.fields["sub_event_type"])
        for r in learned.results
        if r.event_id in by_id and "sub_event_type" in r.fields
    ]
    if pairs:
        curve, ece = reliability([c for c, _ in pairs], [ok for _, ok in pairs])
        typer.echo(f"\nreliability of confidence (sub_event_type right, {len(pairs)} rows with an event)")
        typer.echo(curve_text(curve, ece), nl=False)
