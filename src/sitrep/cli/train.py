"""`sitrep train GOLD --out MODEL_DIR`: fit the learned typer from coded data (docs/learning.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from sitrep.cli.common import store_url, usage_error
from sitrep.errors import SitrepError
from sitrep.settings import load_settings

__all__ = ["train"]


def train(
    gold: Annotated[
        Path | None,
        typer.Argument(
            help="A coded file: any layout `sitrep eval` reads, or a CSV with --text-column/--label-column."
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="The model directory to write.")] = Path("model"),
    licence: Annotated[
        str, typer.Option("--licence", help="The training data's licence, as you know it (goes in the model card).")
    ] = "not stated",
    text_column: Annotated[str | None, typer.Option(help="Plain CSV: the column with the text.")] = None,
    label_column: Annotated[str | None, typer.Option(help="Plain CSV: the column with the label.")] = None,
    label_field: Annotated[
        str, typer.Option(help="Gold files and stores: sub_event_type (default) or event_type.")
    ] = "sub_event_type",
    taxonomy: Annotated[
        Path | None,
        typer.Option(
            help="Your own label set: a TOML file whose labels table maps each label to an ACLED type where it maps."
        ),
    ] = None,
    from_store: Annotated[
        str | None,
        typer.Option("--from-store", help="Train on the events analysts confirmed or corrected in this store."),
    ] = None,
    half: Annotated[
        str | None, typer.Option(help="Train on one half of the file by a hash of the text: a or b (eval --half).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed: the same data and seed give the same model.")] = 0,
) -> None:
    """Fit a typer (TF-IDF word and character n-grams, a linear model, calibrated probabilities) and
    write MODEL_DIR with its weights, label set and model card; prints the card."""
    from sitrep.train import fit, from_csv, from_gold, load_taxonomy
    from sitrep.train import from_store as store_examples

    if (gold is None) == (from_store is None):
        usage_error("train", "give a coded file, or --from-store DB (one of them)")
    if (text_column is None) != (label_column is None):
        usage_error("train", "a plain CSV needs both --text-column and --label-column")
    if half not in (None, "a", "b"):
        usage_error("train", f"--half takes a or b, not {half!r}")
    try:
        targets = load_taxonomy(taxonomy) if taxonomy is not None else None
        if from_store is not None:
            from sitrep.store import Store

            store_url("train", from_store, load_settings(), create=False)
            with Store(from_store) as store:
                examples = store_examples(store, label=label_field)
        elif text_column is not None and label_column is not None:
            assert gold is not None
            examples = from_csv(gold, text=text_column, label=label_column, half=half)
        else:
            assert gold is not None
            examples = from_gold(gold, label=label_field, half=half)
        card = fit(
            examples,
            out,
            licence=licence,
            taxonomy=targets,
            taxonomy_name=taxonomy.name if taxonomy is not None else "",
            seed=seed,
        )
    except SitrepError as exc:
        typer.echo(f"sitrep train: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(json.dumps(card, ensure_ascii=False, indent=2))
    held = card["held_out"]
    if held.get("rows"):
        typer.echo(
            f"sitrep train: {card['data']['rows']} examples, {len(card['data']['label_counts'])} labels; held out "
            f"{held['rows']}: accuracy {held['accuracy']:.3f}, ECE {held['ece']:.3f}; wrote {out}",
            err=True,
        )
