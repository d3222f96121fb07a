"""Fusion on real news: the FA-KES dev corpus (Syrian-war articles from 15 outlets) ingested as a
stream, in date order and shuffled, with figures against its crowd coding.

    python bench/fusion_news.py                                   # ../shared/dev/fakes_syria_dev.csv
    python bench/fusion_news.py --csv path.csv --shuffles 3 --db postgresql://...

The CSV's columns used: id, text, title, published (empty: event_date), outlet, and the gold
event_date, admin1 and attack_type. The articles are coded once (the real pipeline), then each
order is streamed through ``Store.ingest_coded`` into a fresh store. Printed per order:

* **pair recall**: of the article pairs with the same gold event_date, admin1 and attack_type
  (same-incident pairs), the share whose articles share a stored event;
* **over-merge**: of the article pairs whose gold dates are more than two days apart or whose
  governorates differ, the share that share an event (also given as a share of all fused pairs);
* **events per article**, the invariant check (``Store.check``), and whether every order gives
  the same events (repeated ids with other texts are revisions, so "same" is checked on articles
  whose id is used once).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitrep.model import (
    Article,  # noqa: E402
    Coded,  # noqa: E402
)
from sitrep.pipeline import Pipeline  # noqa: E402
from sitrep.store import Store  # noqa: E402

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "dev" / "fakes_syria_dev.csv"
Gold = dict[str, tuple[str, str, str]]  # article id -> (event_date, admin1, attack_type)


def read_corpus(path: Path) -> tuple[list[Article], Gold]:
    articles: list[Article] = []
    gold: Gold = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            published = (row["published"] or row["event_date"])[:10]
            articles.append(
                Article(
                    id=row["id"],
                    text=row["text"],
                    title=row.get("title", ""),
                    source=row.get("outlet", ""),
                    published=dt.date.fromisoformat(published),
                )
            )
            gold.setdefault(row["id"], (row["event_date"][:10], row["admin1"], row["attack_type"]))
    articles.sort(key=lambda a: (a.published, a.id))
    return articles, gold


def _pairs(gold: Gold) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(same-incident pairs, pairs that must not fuse) over the gold-coded article ids."""
    same: set[tuple[str, str]] = set()
    apart: set[tuple[str, str]] = set()
    for a, b in itertools.combinations(sorted(gold), 2):
        (da, ga, ta), (db, gb, tb) = gold[a], gold[b]
        if da and db and ga and gb and ta and tb and (da, ga, ta) == (db, gb, tb):
            same.add((a, b))
        elif da and db and ga and gb:
            days = abs((dt.date.fromisoformat(da) - dt.date.fromisoformat(db)).days)
            if days > 2 or ga != gb:
                apart.add((a, b))
    return same, apart


@dataclass(frozen=True, slots=True)
class Result:
    seconds: float
    articles: int
    events: int
    same_pairs: int
    same_fused: int
    apart_pairs: int
    over_fused: int
    fused_pairs: int
    problems: list[str]
    snapshot: list[tuple[list[str], str]]

    @property
    def recall(self) -> float:
        return self.same_fused / self.same_pairs if self.same_pairs else float("nan")

    @property
    def over(self) -> float:
        return self.over_fused / self.apart_pairs if self.apart_pairs else float("nan")


def run_order(url: str, coded: list[Coded], gold: Gold) -> Result:
    with Store(url) as store:
        start = time.perf_counter()
        report = store.ingest_coded(coded)
        seconds = time.perf_counter() - start
        problems = store.check()
        events = store.events()
    fused: set[tuple[str, str]] = set()
    for event in events:
        fused.update(itertools.combinations(sorted(set(event.article_ids)), 2))
    same, apart = _pairs(gold)
    return Result(
        seconds=seconds,
        articles=report.articles_new + report.articles_revised,
        events=len(events),
        same_pairs=len(same),
        same_fused=len(same & fused),
        apart_pairs=len(apart),
        over_fused=len(apart & fused),
        fused_pairs=len(fused),
        problems=[str(p) for p in problems],
        snapshot=sorted((sorted(e.article_ids), e.event_id) for e in events),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--shuffles", type=int, default=2, help="Shuffled orders besides date order.")
    parser.add_argument(
        "--db", help="A PostgreSQL URL to use instead of SQLite (emptied per order: give a throwaway one)."
    )
    args = parser.parse_args()
    articles, gold = read_corpus(args.csv)
    t0 = time.perf_counter()
    coded = list(Pipeline().run(articles))
    per_article = Counter(len(c.events) for c in coded)
    print(
        f"{len(articles)} articles coded in {time.perf_counter() - t0:.0f} s: "
        f"{sum(k * v for k, v in per_article.items())} per-article events"
    )
    ids = Counter(a.id for a in articles)
    reused = {i for i, n in ids.items() if n > 1}
    orders: list[tuple[str, list[Coded]]] = [("date order", coded)]
    for seed in range(1, args.shuffles + 1):
        shuffled = list(coded)
        random.Random(seed).shuffle(shuffled)
        orders.append((f"shuffled (seed {seed})", shuffled))
    snapshots: list[list[tuple[list[str], str]]] = []
    violations = 0
    for name, order in orders:
        with tempfile.TemporaryDirectory() as tmp:
            url = args.db or f"sqlite:///{tmp}/fakes.db"
            if args.db:
                from sqlalchemy import create_engine, text

                engine = create_engine(args.db.replace("postgresql://", "postgresql+psycopg://", 1))
                with engine.begin() as conn:
                    conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
                engine.dispose()
            r = run_order(url, order, gold)
        violations += len(r.problems)
        snapshots.append([snap for snap in r.snapshot if not set(snap[0]) & reused])
        check = "hold" if not r.problems else f"{len(r.problems)} problem(s)"
        print(
            f"{name}: {r.articles} articles stored in {r.seconds:.1f} s -> {r.events} events "
            f"({r.events / max(1, r.articles):.2f} per article); pair recall {r.recall:.3f} "
            f"({r.same_fused}/{r.same_pairs}); over-merge {r.over:.4f} ({r.over_fused} of {r.apart_pairs} "
            f"pairs apart; {r.over_fused / max(1, r.fused_pairs):.3f} of {r.fused_pairs} fused pairs); "
            f"invariants: {check}"
        )
        for problem in r.problems[:5]:
            print("   ", problem)
    same = all(s == snapshots[0] for s in snapshots)
    print(f"same events in every order (articles with a unique id): {'yes' if same else 'NO'}")
    by_events: defaultdict[int, int] = defaultdict(int)
    for k, v in per_article.items():
        by_events[k] += v
    print("per-article events: " + ", ".join(f"{k}: {v}" for k, v in sorted(by_events.items())))
    return 1 if violations or not same else 0


if __name__ == "__main__":
    sys.exit(main())
