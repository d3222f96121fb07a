"""Benchmark corpora, read in place from the shared data folder (``<repo>/../shared``).

Nothing from shared/ is copied into the repository: each benchmark run reads the CSV files where
they lie and turns their rows into ``Article`` records.

    india   1,257 full Times of India articles (india_police_events/metadata.csv: full_text, date)
    acled   5,071 ACLED event notes, 27 Apr - 9 May 2020 (notes; published = event_date + 3 days)
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from sitrep.model import Article

__all__ = ["CORPORA", "REPO", "CorpusError", "load_corpus", "parse_every_article", "read_rows", "shared_dir"]

REPO = Path(__file__).resolve().parents[1]
ACLED_LAG = dt.timedelta(days=3)  # ACLED notes are taken as reports published a few days after the event


class CorpusError(RuntimeError):
    """A corpus cannot be read: shared/ is missing, or a file or column is not where it should be."""


def shared_dir() -> Path:
    """The shared data folder beside the repository, or CorpusError saying where it was looked for."""
    shared = REPO.parent / "shared"
    if not shared.is_dir():
        raise CorpusError(
            f"the shared data folder is not at {shared}: the benchmark corpora are read "
            "from <repo>/../shared (dev/india_police_events/metadata.csv, "
            "dev/acled_global_2020-04-27_to_2020-05-09.csv)"
        )
    return shared


def parse_every_article() -> None:
    """Turn triage off for this process and the processes it starts (they read the environment):
    the benchmarks of the coder's speed parse every article; bench/triage.py measures what triage
    saves on a general-news stream."""
    os.environ.setdefault("SITREP_TRIAGE", "false")


def read_rows(path: Path, columns: tuple[str, ...]) -> Iterator[dict[str, str]]:
    """The rows of a CSV file of shared/ (fields of any size); CorpusError when the file or one of
    ``columns`` is missing."""
    if not path.is_file():
        raise CorpusError(f"corpus file not found: {path}")
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise CorpusError(f"{path} has no column {', '.join(missing)}")
        yield from reader


def _india() -> Iterator[Article]:
    path = shared_dir() / "dev" / "india_police_events" / "metadata.csv"
    for row in read_rows(path, ("doc_id", "date", "full_text")):
        if row["full_text"].strip():
            yield Article(
                id=f"toi-{row['doc_id']}",
                text=row["full_text"],
                published=dt.date.fromisoformat(row["date"]),
                source="Times of India",
                url=row.get("url", ""),
            )


def _acled() -> Iterator[Article]:
    path = shared_dir() / "dev" / "acled_global_2020-04-27_to_2020-05-09.csv"
    for row in read_rows(path, ("event_id_cnty", "event_date", "notes")):
        if row["notes"].strip():
            day = dt.datetime.strptime(row["event_date"], "%d-%b-%y").date()
            yield Article(
                id=row["event_id_cnty"], text=row["notes"], published=day + ACLED_LAG, source=row.get("source", "")
            )


CORPORA: dict[str, Callable[[], Iterator[Article]]] = {"india": _india, "acled": _acled}


def load_corpus(name: str, limit: int | None = None) -> list[Article]:
    """The first ``limit`` articles (all when None) of the named corpus, in file order."""
    if name not in CORPORA:
        raise CorpusError(f"unknown corpus {name!r}; choose one of {', '.join(CORPORA)}")
    articles: list[Article] = []
    for article in CORPORA[name]():
        if limit is not None and len(articles) >= limit:
            break
        articles.append(article)
    return articles
