"""kill -9 in the middle of `sitrep ingest`, `sitrep watch` and `sitrep batch`, then again: nothing lost,
half-written or doubled (a few kills in CI; bench/killtest.py kills many times and prints the counts).

tests/security/killing.py holds the rounds and the checks; the references are the same work done
uninterrupted in this process with the session's pipeline.
"""

from __future__ import annotations

import random
from pathlib import Path

from sitrep.pipeline import Pipeline
from tests.security.killing import (
    Corpus,
    FeedServer,
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

N = 20  # enough articles that a kill lands while the child still codes, however fast it codes


def test_ingest_killed_at_random_points_and_restarted_stores_every_article_once(
    store_url: str, tmp_path: Path, pipeline: Pipeline
) -> None:
    corpus = Corpus.make(N, seed=1)
    corpus_file = write_corpus(corpus, tmp_path / "corpus.jsonl")
    ref = ingest_reference(corpus_file, corpus.ids, f"sqlite:///{tmp_path / 'ref.db'}", pipeline)
    assert len(ref.articles) == N and ref.events  # the reference really codes events
    stats = KillStats()
    store_round(
        ingest_command(corpus_file, store_url), store_url, ref, corpus.ids, random.Random(11), stats, max_kills=2
    )
    assert stats.kills >= 1 and stats.checks == stats.kills + 1


def test_watch_killed_at_random_points_and_restarted_misses_and_repeats_no_story(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    corpus = Corpus.make(N, seed=2)
    with FeedServer(corpus) as server:
        ids = server.article_ids()
        ref = watch_reference(server.feed_url, ids, f"sqlite:///{tmp_path / 'ref.db'}", pipeline)
        assert len(ref.articles) == N and ref.events
        url = f"sqlite:///{tmp_path / 'watched.db'}"
        stats = KillStats()
        store_round(watch_command(server.feed_url, url), url, ref, ids, random.Random(12), stats, max_kills=2)
    assert stats.kills >= 1


def test_batch_killed_mid_run_leaves_no_cut_off_output_file(tmp_path: Path) -> None:
    corpus = Corpus.make(N, seed=3)
    corpus_file = write_corpus(corpus, tmp_path / "corpus.jsonl")
    ref = batch_reference(corpus_file, tmp_path / "ref.jsonl")
    assert ref
    (tmp_path / "out").mkdir()
    stats = KillStats()
    batch_round(
        batch_command(corpus_file, tmp_path / "out" / "events.jsonl"),
        tmp_path / "out" / "events.jsonl",
        ref,
        random.Random(13),
        stats,
        max_kills=1,
        run_seconds=1.0,
    )
    assert stats.kills == 1
