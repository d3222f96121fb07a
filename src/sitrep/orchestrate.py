"""Orchestration: read → code → store, the one place the engine and the store meet.

    with Store(url) as store:
        report = ingest_articles(store, read_articles(["news.jsonl"]), engine=Engine(workers=2))

``sitrep ingest``, ``sitrep watch`` (``watch.Watcher``), the API's ``POST /articles`` and the demo
corpus all store articles through ``ingest_articles``. The articles are read lazily; each one the
store already holds (``Store.stored_copy``) is skipped before coding, the rest are coded by the
engine (``sitrep.engine``: in this process or on worker processes) and handed, coded, to
``Store.ingest_coded``, one transaction per article. The store never codes; the engine never stores.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from sitrep.engine import Engine
from sitrep.model import Article, Issue
from sitrep.pipeline import Pipeline

if TYPE_CHECKING:
    from sitrep.store import IngestReport, Store

__all__ = ["ingest_articles"]


def ingest_articles(store: Store, articles: Iterable[Article], *, engine: Engine | None = None) -> IngestReport:
    """Code ``articles`` with ``engine`` (default: a pipeline with the store's settings, on the
    settings' ``workers``) and store them; what was read, stored, fused and skipped, with every
    issue met.

    Articles already stored are skipped before coding (counted as duplicates, their issue first).
    """
    coder = engine if engine is not None else Engine(Pipeline(store.settings))
    skipped: list[Issue] = []

    def fresh() -> Iterator[Article]:
        for article in articles:
            issue = store.stored_copy(article)
            if issue is None:
                yield article
            else:
                skipped.append(issue)

    report = store.ingest_coded(coder.run(fresh()))
    return replace(
        report,
        articles_read=report.articles_read + len(skipped),
        articles_duplicate=report.articles_duplicate + len(skipped),
        issues=tuple(skipped) + report.issues,
    )
