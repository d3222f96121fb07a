"""The demo corpus behind ``sitrep serve --demo``: 34 short fictional wire stories, coded into a
fresh store so a new user sees the map, fusion and evidence with one command."""

from __future__ import annotations

from pathlib import Path

from sitrep.engine import Engine
from sitrep.errors import ConfigError, Errors
from sitrep.ingest import read_articles
from sitrep.orchestrate import ingest_articles
from sitrep.pipeline import Pipeline
from sitrep.store import IngestReport, Store

__all__ = ["DEMO_CORPUS", "fill_demo"]

DEMO_CORPUS = Path(__file__).resolve().parents[3] / "examples" / "demo_stories.jsonl"
"""``examples/demo_stories.jsonl`` of the source checkout sitrep is installed from (``pip install -e``)."""


def fill_demo(store: Store, *, pipeline: Pipeline | None = None, corpus: Path = DEMO_CORPUS) -> IngestReport:
    """Code the demo stories into ``store`` (a few seconds: the model loads, then ~34 articles)."""
    if not corpus.is_file():
        raise ConfigError(Errors.E067.format(path=corpus))
    engine = Engine(pipeline) if pipeline is not None else None  # None: the store's settings
    return ingest_articles(store, read_articles([str(corpus)]), engine=engine)
