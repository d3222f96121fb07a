"""`sitrep events`: query and export stored events; `sitrep events history ID`: their revisions."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, TextIO

import typer

from sitrep.cli.common import settings_for, store_url, usage_error
from sitrep.errors import ConfigError, Errors, SitrepError

__all__ = ["app", "closed_value", "parse_bbox", "parse_since"]

FORMATS = ("table", "jsonl", "csv", "geojson", "parquet")

app = typer.Typer(help="Query, export and trace the events in the store.", invoke_without_command=True)

DbOption = Annotated[str | None, typer.Option(help="Store URL or SQLite path (default: settings db / SITREP_DB).")]


def _date(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{option}: {value!r} is not an ISO date (2026-03-01)") from None


def parse_since(value: str) -> dt.datetime:
    """An ISO 8601 time (UTC unless it says otherwise) or a Unix timestamp (ACLED's ``timestamp``)."""
    try:
        if value.isdigit():
            return dt.datetime.fromtimestamp(int(value), dt.UTC)
        parsed = dt.datetime.fromisoformat(value)
    except (ValueError, OverflowError):
        raise typer.BadParameter(f"--since: {value!r} is not an ISO time or a Unix timestamp") from None
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """'W,S,E,N' in degrees → (west, south, east, north)."""
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise typer.BadParameter(f"--bbox: {value!r} is not W,S,E,N (four numbers)") from None
    if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
        raise typer.BadParameter(f"--bbox: {value!r}: need -90 <= S <= N <= 90 and -180 <= W, E <= 180")
    return west, south, east, north


def _taxonomy(name: str) -> list[str]:
    from sitrep.resources import load_toml

    types = load_toml("taxonomy/acled.toml")["event_type"]
    if name == "event_type":
        return [t["name"] for t in types]
    return [sub for t in types for sub in t["sub_event_types"]] if name == "sub_event_type" else []


def closed_value(option: str, name: str, value: str, known: list[str]) -> str:
    """``value`` spelled as in ``known`` (matched in any case); a value not there is a usage error
    (E049) listing the nearest known ones, so a typo does not look like "no events"."""
    by_fold = {k.casefold(): k for k in known}
    if value.casefold() in by_fold:
        return by_fold[value.casefold()]
    close = difflib.get_close_matches(value.casefold(), list(by_fold), n=3, cutoff=0.5)
    nearest = ", ".join(repr(by_fold[c]) for c in close) or ", ".join(repr(k) for k in sorted(known)[:5]) or "none"
    what = name.replace("_", " ")
    usage_error("events", Errors.E049.format(option=option, what=what, value=value, nearest=nearest))


@app.callback()
def events(
    ctx: typer.Context,
    start: Annotated[str | None, typer.Option(help="First event date (ISO 8601).")] = None,
    end: Annotated[str | None, typer.Option(help="Last event date (ISO 8601).")] = None,
    country: Annotated[str | None, typer.Option(help="Country name, as in the events.")] = None,
    admin1: Annotated[str | None, typer.Option(help="First-level division.")] = None,
    admin2: Annotated[str | None, typer.Option(help="Second-level division.")] = None,
    event_type: Annotated[str | None, typer.Option(help="ACLED event type, e.g. 'Battles'.")] = None,
    sub_event_type: Annotated[str | None, typer.Option(help="ACLED sub-event type, e.g. 'Armed clash'.")] = None,
    actor: Annotated[str | None, typer.Option(help="Part of an actor's name (any side; any case).")] = None,
    bbox: Annotated[str | None, typer.Option(help="Bounding box W,S,E,N in degrees.")] = None,
    min_fatalities: Annotated[int | None, typer.Option(help="At least this many fatalities.")] = None,
    text: Annotated[str | None, typer.Option(help="Part of the notes, location or actors (any case).")] = None,
    article: Annotated[str | None, typer.Option(help="Events this article id supports.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only events changed at or after this time (ISO 8601, or a Unix timestamp).")
    ] = None,
    reviewed: Annotated[
        bool | None,
        typer.Option("--reviewed/--unreviewed", help="Only events an analyst confirmed (or only the others)."),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help=f"Output format: {'|'.join(FORMATS)}.")] = "table",
    out: Annotated[Path | None, typer.Option(help="Write to this file (required for parquet).")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    order: Annotated[
        str, typer.Option(help="event_date, fatalities or event_id; '-' first for descending.")
    ] = "-event_date",
    db: DbOption = None,
) -> None:
    """List stored events matching the filters, in a chosen format (CSV: ACLED's 31 columns first)."""
    if ctx.invoked_subcommand is not None:
        return
    from sitrep.store import EventQuery, Store

    if format not in FORMATS:
        usage_error("events", Errors.E022.format(format=format, choices=", ".join(FORMATS)))
    if format == "parquet" and out is None:
        usage_error("events", Errors.E043)
    store_url("events", db, settings_for("events", None), create=False)
    closed = {"country": country, "admin1": admin1, "event_type": event_type, "sub_event_type": sub_event_type}
    if any(closed.values()):
        from sitrep.store.query import stored_values

        try:
            with Store(db) as store, store.engine.connect() as conn:
                for name, value in closed.items():
                    if value:
                        known = sorted({*stored_values(conn, name), *_taxonomy(name)})
                        closed[name] = closed_value(f"--{name.replace('_', '-')}", name, value, known)
        except SitrepError as exc:
            _fail(exc)
    query = EventQuery(
        start=_date("--start", start),
        end=_date("--end", end),
        country=closed["country"],
        admin1=closed["admin1"],
        admin2=admin2,
        event_type=closed["event_type"],
        sub_event_type=closed["sub_event_type"],
        actor=actor,
        bbox=parse_bbox(bbox) if bbox else None,
        min_fatalities=min_fatalities,
        text=text,
        article_id=article,
        updated_since=parse_since(since) if since else None,
        reviewed=reviewed,
    )
    try:
        with Store(db) as store, ExitStack() as stack:
            # every export ends with each event's review (reviewed, reviewed_by): REVIEW_FIELDS
            found = store.iter_marked(query, limit=limit, order=order)
            if format == "parquet":
                from sitrep.export.parquet import ParquetWriter

                assert out is not None
                writer = stack.enter_context(ParquetWriter(out, reviews=True))
                for event, mark in found:
                    writer.write(event, mark)
                count = writer.count
            else:
                from sitrep.export import writer_for

                stream: TextIO = stack.enter_context(out.open("w", encoding="utf-8", newline="")) if out else sys.stdout
                text_writer = writer_for(format, stream, reviews=True)
                with text_writer:
                    for event, mark in found:
                        text_writer.write(event, mark)
                count = text_writer.count
        if out is not None:
            typer.echo(f"sitrep events: {count} event(s) written to {out}", err=True)
    except SitrepError as exc:
        _fail(exc)


@app.command("history")
def history(
    event_id: Annotated[str, typer.Argument(help="An event id (a retired id shows the event that absorbed it).")],
    format: Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")] = "table",
    db: DbOption = None,
) -> None:
    """Show every revision of an event: when, why, which article, and what changed."""
    from sitrep.store import Store

    store_url("events history", db, settings_for("events history", None), create=False)
    try:
        with Store(db) as store:
            current = store.resolve(event_id)
            if current is None:
                raise ConfigError(Errors.E042.format(event_id=event_id, url=store.display_url))
            revisions = store.history(current)
            sources = store.sources(current)
    except SitrepError as exc:
        _fail(exc)
    if format == "jsonl":
        for rev in revisions:
            typer.echo(
                json.dumps(
                    {
                        "event_id": rev.event_id,
                        "seq": rev.seq,
                        "at": rev.at.isoformat(),
                        "cause": rev.cause,
                        "article_id": rev.article_id,
                        "changes": {k: list(v) for k, v in rev.changes.items()},
                        "reason": rev.reason,
                        "user": rev.user,
                    },
                    ensure_ascii=False,
                )
            )
        return
    if current != event_id:
        typer.echo(f"{event_id} was merged into {current}")
    typer.echo(f"history of {current}: {len(revisions)} revision(s)")
    for rev in revisions:
        typer.echo(
            f"{rev.seq:>3}  {rev.at:%Y-%m-%d %H:%M:%S}  {rev.cause:<15}  {rev.article_id}  "
            f"{_changes(rev.cause, rev.changes)}"
            + (f"  [{rev.user}]" if rev.user else "")
            + (f"  ({rev.reason})" if rev.reason else "")
        )
    typer.echo(f"reports: {len(sources)}")
    for source in sources:
        typer.echo(f"     {source.published}  {source.article_id}  {source.source or '-'}  {source.reason}")


def _changes(cause: str, changes: dict[str, tuple[object, object]] | object) -> str:
    assert isinstance(changes, dict)
    if cause == "created":
        keep = ("event_date", "event_type", "sub_event_type", "location", "fatalities")
        return ", ".join(f"{k}={changes[k][1]}" for k in keep if k in changes)
    return "; ".join(f"{k}: {_short(v[0])} -> {_short(v[1])}" for k, v in changes.items())


def _short(value: object) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _fail(exc: SitrepError) -> None:
    typer.echo(f"sitrep events: {exc}", err=True)
    raise typer.Exit(1) from exc
