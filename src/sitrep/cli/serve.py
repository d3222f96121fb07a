"""`sitrep serve`: the HTTP API and the web map over an event store (FastAPI on uvicorn)."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from sitrep.cli.common import ModelOption, TriageOption, settings_for, store_url, with_model, with_triage
from sitrep.errors import SitrepError

__all__ = ["serve"]

logger = logging.getLogger(__name__)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 exposes it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    db: Annotated[str | None, typer.Option(help="Store URL or path (default: settings db / SITREP_DB).")] = None,
    config: Annotated[Path | None, typer.Option(help="A sitrep.toml with settings.")] = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo", help="Serve a fresh store coded from the bundled demo stories (nothing is written to your store)."
        ),
    ] = False,
    create: Annotated[
        bool, typer.Option("--create", help="Start an empty store when --db names none (else that is an error).")
    ] = False,
    triage: TriageOption = None,
    model: ModelOption = None,
) -> None:
    """Serve the API (/events, /stats, /articles, /openapi.json) and the web map at http://HOST:PORT/."""
    import uvicorn

    from sitrep.api import ApiConfig, create_app
    from sitrep.api.demo import fill_demo
    from sitrep.store import Store

    settings = with_model("serve", with_triage(settings_for("serve", config), triage), model)
    if not demo:
        store_url("serve", db, settings, create=create)
    api_config = ApiConfig.from_settings(settings)
    scratch = tempfile.TemporaryDirectory(prefix="sitrep-demo-") if demo else None
    try:
        if scratch is not None:
            store = Store(f"sqlite:///{Path(scratch.name) / 'demo.db'}", settings=settings)
            typer.echo("sitrep serve --demo: coding the demo stories (a few seconds)...", err=True)
            report = fill_demo(store)
            typer.echo(f"sitrep serve --demo: {report.articles_new} articles, {store.count()} events", err=True)
        else:
            store = Store(db, settings=settings)
        if host not in ("127.0.0.1", "localhost", "::1") and not api_config.read_token:
            typer.echo(f"sitrep serve: listening on {host} with open reads (set read_token to require one)", err=True)
        typer.echo(f"sitrep serve: http://{'localhost' if host in ('127.0.0.1', '::1') else host}:{port}/", err=True)
        from sitrep.pipeline import Pipeline

        app = create_app(store, config=api_config, pipeline=Pipeline(settings))  # POST /articles codes with these
        uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
    except SitrepError as exc:
        typer.echo(f"sitrep serve: {exc}", err=True)
        raise typer.Exit(1) from None
    finally:
        if scratch is not None:
            scratch.cleanup()
