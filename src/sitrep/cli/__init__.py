"""sitrep's command line: one module per command, one Typer app.

Logging is configured here and nowhere else in the package.
"""

from __future__ import annotations

import logging

import typer

from sitrep.cli import batch, check, evaluate, events, extract, gazetteer, ingest, review, serve, train, watch

__all__ = ["app", "main"]

app = typer.Typer(
    name="sitrep",
    help="Code news articles into ACLED-style conflict events, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("extract")(extract.extract)
app.command("eval")(evaluate.evaluate)
app.command("train")(train.train)
app.add_typer(gazetteer.app, name="gazetteer")
app.command("ingest")(ingest.ingest)
app.add_typer(events.app, name="events")
app.command("serve")(serve.serve)
app.command("batch")(batch.batch)
app.command("watch")(watch.watch)
app.command("check")(check.check)
app.command("review")(review.review)
app.command("edit")(review.edit)
app.command("confirm")(review.confirm)
app.command("merge")(review.merge)
app.command("split")(review.split)
app.command("reject")(review.reject)
app.command("restore")(review.restore)
app.add_typer(review.users_app, name="users")


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()
