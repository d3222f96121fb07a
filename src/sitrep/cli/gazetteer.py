"""`sitrep gazetteer build SOURCES --out FILE`: build a gazetteer from GeoNames and boundary files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(help="Build and inspect the offline gazetteer.", no_args_is_help=True)


@app.command("build")
def build(
    sources: Annotated[Path, typer.Argument(help="Folder laid out like shared/geo (geonames/, boundaries/).")],
    out: Annotated[Path, typer.Option(help="The SQLite gazetteer file to write.")],
) -> None:
    """Build a compact, indexed SQLite gazetteer, showing progress as it goes."""
    from sitrep.errors import SitrepError
    from sitrep.gazetteer_build import build_gazetteer

    try:
        build_gazetteer(sources, out, progress=lambda msg: typer.echo(msg, err=True))
    except SitrepError as exc:  # a refused archive (E011) or a broken data file: one line, no traceback
        typer.echo(f"sitrep gazetteer build: {exc}", err=True)
        raise typer.Exit(1) from exc
