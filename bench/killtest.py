"""Kill test at scale: SIGKILL `sitrep ingest`, `sitrep watch` and `sitrep batch` many times, on SQLite and PostgreSQL.

    .venv/bin/python bench/killtest.py                  # 9 kills per scenario, 6 scenarios: 54 kills
    .venv/bin/python bench/killtest.py --kills 3 --articles 12     # a quick look

Scenarios: ingest into SQLite, ingest into PostgreSQL, watch (a loopback RSS feed server) into
SQLite and into PostgreSQL, and batch to JSON Lines and to Parquet (batch writes a file, not a store).
Each round starts from an empty store (or no output file) and a fresh corpus, kills the command at
random points and restarts it until a run finishes; tests/security/killing.py says what is checked
after every kill (stored articles complete and single, reports per article as the reference, the
batch output absent or complete) and at the end of each round (events equal to an uninterrupted
reference run). A real PostgreSQL 15 is started for the run (tests/store/pg_server.py).
Prints one line per scenario and a total; exits 1 on any lost, partial or doubled record.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repo root: tests.*

import psycopg  # noqa: E402
from tests.security.killing import (  # noqa: E402
    Corpus,
    FeedServer,
    KillCheckFailed,
    KillStats,
    batch_command,
    batch_reference,
    batch_round,
    ingest_command,
    ingest_reference,
    store_round,
    watch_command,
    watch_reference,
    write_corpus,
)
from tests.store.pg_server import PostgresServer  # noqa: E402

from sitrep.pipeline import Pipeline  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=9, help="kills per scenario (default 9; 6 scenarios)")
    parser.add_argument("--articles", type=int, default=16, help="articles per round (default 16)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--only", default="", help="comma-separated scenarios, e.g. ingest-sqlite,batch-jsonl")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pipeline = Pipeline()
    server = PostgresServer()
    pg = server.start()
    failures: list[str] = []
    results: dict[str, tuple[KillStats, float]] = {}
    with tempfile.TemporaryDirectory(prefix="killtest-") as tmp_name:
        tmp = Path(tmp_name)

        def fresh(backend: str) -> str:
            name = f"k_{uuid.uuid4().hex[:12]}"
            if backend == "sqlite":
                return f"sqlite:///{tmp / (name + '.db')}"
            with psycopg.connect(pg, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            return pg.rsplit("/", 1)[0] + f"/{name}"

        def ingest_round(backend: str, seed: int, stats: KillStats) -> None:
            corpus = Corpus.make(args.articles, seed=seed)
            corpus_file = write_corpus(corpus, tmp / f"corpus-{seed}.jsonl")
            ref = ingest_reference(corpus_file, corpus.ids, fresh("sqlite"), pipeline)
            url = fresh(backend)
            store_round(
                ingest_command(corpus_file, url), url, ref, corpus.ids, rng, stats, max_kills=args.kills - stats.kills
            )

        def watch_round(backend: str, seed: int, stats: KillStats) -> None:
            corpus = Corpus.make(args.articles, seed=seed)
            with FeedServer(corpus) as feed:
                ids = feed.article_ids()
                ref = watch_reference(feed.feed_url, ids, fresh("sqlite"), pipeline)
                url = fresh(backend)
                store_round(
                    watch_command(feed.feed_url, url), url, ref, ids, rng, stats, max_kills=args.kills - stats.kills
                )

        def batch_round_of(suffix: str, seed: int, stats: KillStats) -> None:
            corpus = Corpus.make(args.articles, seed=seed)
            corpus_file = write_corpus(corpus, tmp / f"corpus-{seed}.jsonl")
            started = time.perf_counter()
            ref = batch_reference(corpus_file, tmp / f"ref-{seed}.{suffix}")
            coding = time.perf_counter() - started
            out_dir = tmp / f"batch-{seed}"
            out_dir.mkdir()
            out = out_dir / f"events.{suffix}"
            batch_round(
                batch_command(corpus_file, out),
                out,
                ref,
                rng,
                stats,
                max_kills=min(4, args.kills - stats.kills),
                run_seconds=coding * 1.5,
            )

        scenarios: dict[str, Callable[[int, KillStats], None]] = {
            "ingest-sqlite": lambda seed, s: ingest_round("sqlite", seed, s),
            "ingest-postgresql": lambda seed, s: ingest_round("postgresql", seed, s),
            "watch-sqlite": lambda seed, s: watch_round("sqlite", seed, s),
            "watch-postgresql": lambda seed, s: watch_round("postgresql", seed, s),
            "batch-jsonl": lambda seed, s: batch_round_of("jsonl", seed, s),
            "batch-parquet": lambda seed, s: batch_round_of("parquet", seed, s),
        }
        chosen = [n for n in scenarios if not args.only or n in args.only.split(",")]
        print(
            f"{'scenario':<20} {'kills':>5} {'runs':>5} {'rounds':>6} {'checks':>6} {'failures':>8}  seconds",
            flush=True,
        )
        seed = args.seed
        try:
            for name in chosen:
                stats = KillStats()
                started = time.perf_counter()
                failed = 0
                while stats.kills < args.kills:
                    seed += 1
                    try:
                        scenarios[name](seed, stats)
                    except KillCheckFailed as exc:
                        failed += 1
                        failures.append(f"{name}: {exc}")
                results[name] = (stats, time.perf_counter() - started)
                print(
                    f"{name:<20} {stats.kills:>5} {stats.runs:>5} {stats.rounds:>6} {stats.checks:>6} {failed:>8}  "
                    f"{time.perf_counter() - started:7.0f}",
                    flush=True,
                )
        finally:
            server.stop()
    kills = sum(s.kills for s, _ in results.values())
    checks = sum(s.checks for s, _ in results.values())
    print(
        f"{'total':<20} {kills:>5} {sum(s.runs for s, _ in results.values()):>5} "
        f"{sum(s.rounds for s, _ in results.values()):>6} {checks:>6} {len(failures):>8}  "
        f"{sum(t for _, t in results.values()):7.0f}"
    )
    print(f"lost, partial or doubled records found: {len(failures)}")
    for failure in failures[:10]:
        print(f"  {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
