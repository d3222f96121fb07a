"""The analyst's commands: `sitrep review` (the queue), `edit`, `confirm`, `merge`, `split`,
`reject`, `restore`, and `sitrep users add|list`.

Each action is one transaction recorded as a revision naming the user (``--user``, default the
login name) and the reason (``--why``). A refused action (an unknown field, a stale
``--version``, a rejected event) is one coded line on standard error and exit status 1.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from sitrep.cli.common import settings_for, store_url, usage_error
from sitrep.errors import Errors, SitrepError

__all__ = ["confirm", "edit", "merge", "parse_assignment", "reject", "restore", "review", "split", "users_app"]

T = TypeVar("T")
DbOption = Annotated[str | None, typer.Option(help="Store URL or SQLite path (default: settings db / SITREP_DB).")]
WhyOption = Annotated[str, typer.Option("--why", help="Why (kept in the event's history).")]
UserOption = Annotated[str | None, typer.Option("--user", help="Who is reviewing (default: the login name).")]
VersionOption = Annotated[
    str | None, typer.Option("--version", help="Refuse (E075) unless the event is still at this version.")
]

users_app = typer.Typer(help="Users of the HTTP API and their roles (reader, editor, admin).")


def _who(user: str | None) -> str:
    if user:
        return user
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def _run(command: str, db: str | None, action: Callable[[Any], T]) -> T:
    from sitrep.store import Store

    store_url(command, db, settings_for(command, None), create=False)
    try:
        with Store(db) as store:
            return action(store)
    except SitrepError as exc:
        typer.echo(f"sitrep {command}: {exc}", err=True)
        raise typer.Exit(1) from exc


def parse_assignment(text: str) -> tuple[str, Any]:
    """'field=value' → (field, value): the value as JSON when it reads as JSON (3, null, 33.5),
    else as the text itself ('location=Kulachi')."""
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        usage_error("edit", Errors.E045.format(option="--set", detail=f"{text!r} is not FIELD=VALUE"))
    try:
        value: Any = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    if isinstance(value, dict | list):
        value = raw
    return name.strip(), value


def review(
    limit: Annotated[int, typer.Option(help="At most this many events.")] = 20,
    format: Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")] = "table",
    db: DbOption = None,
) -> None:
    """The review queue: flagged events first (with the reason), then unreviewed ones by lowest confidence."""
    items = _run("review", db, lambda store: store.review_queue(limit=limit))
    for item in items:
        e = item.event
        if format == "jsonl":
            row = {
                "event_id": e.event_id,
                "version": item.review.version,
                "reason": item.reason,
                "event_date": e.event_date.isoformat(),
                "event_type": e.event_type,
                "location": e.location,
                "fatalities": e.fatalities,
                "confidence": e.confidence,
            }
            typer.echo(json.dumps(row, ensure_ascii=False))
        else:
            typer.echo(
                f"{e.event_id}  {e.event_date}  {e.event_type:<28}  {e.location or '-':<20}  "
                f"{e.fatalities:>4}  {item.reason}"
            )
    if format != "jsonl":
        typer.echo(f"sitrep review: {len(items)} event(s) to review", err=True)


def edit(
    event_id: Annotated[str, typer.Argument(help="The event to correct.")],
    set_: Annotated[list[str], typer.Option("--set", help="FIELD=VALUE (repeatable), e.g. fatalities=3.")],
    why: WhyOption = "",
    user: UserOption = None,
    version: VersionOption = None,
    db: DbOption = None,
) -> None:
    """Correct coded fields of an event; each one is locked against later fusion."""
    values = dict(parse_assignment(item) for item in set_)
    who = _who(user)
    _run("edit", db, lambda store: store.correct(event_id, values, user=who, why=why, version=version))
    typer.echo(f"sitrep edit: {event_id}: {', '.join(sorted(values))} set and locked by {who}", err=True)


def confirm(
    event_ids: Annotated[list[str], typer.Argument(help="Events to mark reviewed.")],
    why: WhyOption = "",
    user: UserOption = None,
    version: VersionOption = None,
    db: DbOption = None,
) -> None:
    """Mark events reviewed."""
    who = _who(user)

    def act(store: Any) -> None:
        for event_id in event_ids:
            store.confirm(event_id, user=who, why=why, version=version)

    _run("confirm", db, act)
    typer.echo(f"sitrep confirm: {len(event_ids)} event(s) reviewed by {who}", err=True)


def merge(
    event_ids: Annotated[list[str], typer.Argument(help="Two or more events; the first keeps its id.")],
    why: WhyOption = "",
    user: UserOption = None,
    version: VersionOption = None,
    db: DbOption = None,
) -> None:
    """Merge events into the first; the others' ids become its aliases."""
    who = _who(user)
    kept = _run("merge", db, lambda store: store.merge(event_ids, user=who, why=why, version=version))
    typer.echo(kept)


def split(
    event_id: Annotated[str, typer.Argument(help="The event to split.")],
    reports: Annotated[list[str], typer.Argument(help="Report or article ids that move to the new event.")],
    why: WhyOption = "",
    user: UserOption = None,
    version: VersionOption = None,
    db: DbOption = None,
) -> None:
    """Move chosen reports to a new event; prints its id."""
    who = _who(user)
    new_id = _run("split", db, lambda store: store.split(event_id, reports, user=who, why=why, version=version))
    typer.echo(new_id)


def reject(
    event_id: Annotated[str, typer.Argument(help="The event to reject.")],
    why: WhyOption = "",
    user: UserOption = None,
    version: VersionOption = None,
    db: DbOption = None,
) -> None:
    """Reject an event (background, duplicate, not political violence): it leaves queries and exports."""
    who = _who(user)
    _run("reject", db, lambda store: store.reject(event_id, user=who, why=why, version=version))
    typer.echo(f"sitrep reject: {event_id} rejected by {who}", err=True)


def restore(
    event_id: Annotated[str, typer.Argument(help="A rejected event.")],
    why: WhyOption = "",
    user: UserOption = None,
    db: DbOption = None,
) -> None:
    """Bring a rejected event back."""
    who = _who(user)
    _run("restore", db, lambda store: store.restore(event_id, user=who, why=why))
    typer.echo(f"sitrep restore: {event_id} restored by {who}", err=True)


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The user's name (letters, digits, _.@-).")],
    role: Annotated[str, typer.Option(help="reader, editor or admin.")] = "reader",
    db: DbOption = None,
) -> None:
    """Create a user; its token is printed once, alone on the last line (only a hash is stored)."""
    from sitrep.store import Store

    store_url("users add", db, settings_for("users add", None), create=True)
    try:
        with Store(db) as store:
            token = store.add_user(name, role)
    except SitrepError as exc:
        typer.echo(f"sitrep users add: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"user {name!r} ({role}) created; its token is shown once, below:")
    typer.echo(token)


@users_app.command("list")
def users_list(db: DbOption = None) -> None:
    """List users and their roles (never their tokens)."""
    for user in _run("users list", db, lambda store: store.users()):
        typer.echo(f"{user.name}\t{user.role}")
