"""`sitrep batch INPUT... --out PATH`: code a whole corpus on local processes or on Ray."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sitrep.batch import ENGINES, run_batch
from sitrep.cli.common import (
    MAX_TOLD,
    ModelOption,
    StrictOption,
    TriageOption,
    VerboseOption,
    check_max_chars,
    report_issues,
    settings_for,
    triage_summary,
    usage_error,
    with_model,
    with_triage,
)
from sitrep.errors import Errors, SitrepError
from sitrep.ingest import DEFAULT_MAX_CHARS
from sitrep.settings import default_settings

__all__ = ["batch"]

DEFAULT_WORKERS = default_settings().workers  # data/defaults.toml, like every default


def batch(
    inputs: Annotated[list[str], typer.Argument(help="JSON Lines or Parquet files, directories or globs.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Events file: *.parquet, else JSON Lines.")],
    engine: Annotated[str, typer.Option(help=f"Where to run: {'|'.join(ENGINES)}.")] = "local",
    workers: Annotated[int, typer.Option(help="Worker processes (local) or Ray actors.")] = DEFAULT_WORKERS,
    address: Annotated[
        str | None, typer.Option(help="Ray cluster address (ray engine); default: start a local Ray.")
    ] = None,
    fuse: Annotated[
        bool, typer.Option("--fuse/--no-fuse", help="Fuse reports of one incident across articles.")
    ] = False,
    progress: Annotated[
        bool | None, typer.Option("--progress/--no-progress", help="Progress bar (default: on a tty).")
    ] = None,
    max_chars: Annotated[int, typer.Option(help="Longest text read per article; longer is cut.")] = DEFAULT_MAX_CHARS,
    config: Annotated[Path | None, typer.Option(help="A sitrep.toml with settings.")] = None,
    gazetteer: Annotated[Path | None, typer.Option(help="Gazetteer file instead of the bundled one.")] = None,
    strict: StrictOption = False,
    verbose: VerboseOption = False,
    triage: TriageOption = None,
    model: ModelOption = None,
    articles_out: Annotated[
        Path | None,
        typer.Option(
            "--articles",
            help="Also write one JSON line per article: id, events, and the triage decision, score and reason.",
        ),
    ] = None,
) -> None:
    """Code every article of a corpus and write the events to one Parquet or JSON Lines file.

    Malformed records are reported (file, line, article), skipped and counted by code; --strict
    stops at the first one (exit status 1) and writes nothing. With --fuse the events
    are those a store holds after ingesting the same articles.
    """
    if engine not in ENGINES:
        usage_error("batch", Errors.E070.format(engine=engine, choices=", ".join(ENGINES)))
    if workers < 1:
        usage_error("batch", Errors.E045.format(option="--workers", detail=f"{workers}: at least 1"))
    if out.is_dir():
        usage_error("batch", Errors.E045.format(option="--out", detail=f"{out} is a folder; name the events file"))
    check_max_chars("batch", max_chars)
    settings = with_model("batch", with_triage(settings_for("batch", config), triage), model)
    show = sys.stderr.isatty() if progress is None else progress
    try:
        report = run_batch(
            inputs,
            out,
            engine="ray" if engine == "ray" else "local",
            workers=workers,
            fuse=fuse,
            settings=settings,
            gazetteer=gazetteer,
            max_chars=max_chars,
            address=address,
            progress=show,
            strict=strict,
            articles_out=articles_out,
        )
    except SitrepError as exc:
        typer.echo(f"sitrep batch: {exc}", err=True)
        raise typer.Exit(1) from exc
    summary = (
        f"sitrep batch: {report.files} file(s), {report.records} record(s), {report.articles} article(s) "
        f"coded, {report.unreadable} skipped, {report.events} event(s) -> {out} in {report.seconds:.1f} s"
    )
    if fuse:
        summary += (
            f"; fusion: {report.duplicates} repeated article(s) skipped, {report.windows} window(s), "
            f"largest {report.largest_window} report(s)"
        )
    skipped = [i for i in report.issues if i.code.startswith("E")]
    for issue in skipped[:MAX_TOLD]:
        typer.echo(f"sitrep batch: {issue.message}", err=True)
    if len(skipped) > MAX_TOLD:
        typer.echo(f"sitrep batch: {len(skipped) - MAX_TOLD} more malformed record(s); counted below", err=True)
    typer.echo(summary, err=True)
    if line := triage_summary("batch", skipped=report.skipped, articles=report.articles, settings=settings):
        typer.echo(line, err=True)
    report_issues(report.issues, articles=report.articles, verbose=verbose)
