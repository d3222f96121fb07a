"""Triage in the Pipeline, and through every way articles enter: extract, ingest (the store's
row), batch (--articles) and --no-triage."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sitrep.batch import run_batch
from sitrep.engine import Engine
from sitrep.orchestrate import ingest_articles
from sitrep.pipeline import Pipeline
from sitrep.settings import load_settings
from sitrep.store import Store
from tests.triage.texts import BOMBING, HEADLINE, KEPT, SKIPPED

STREAM = [*SKIPPED, *KEPT]
# Triage is on by default; these tests say so, so that a user's SITREP_TRIAGE cannot turn it off.
TRIAGED = load_settings().model_copy(update={"triage": True})


def _jsonl(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for a in STREAM:
            record = {"id": a.id, "title": a.title, "text": a.text, "published": a.published.isoformat()}
            fh.write(json.dumps(record) + "\n")
    return path


def test_skipped_articles_yield_no_events_and_a_recorded_reason() -> None:
    results = {c.article.id: c for c in Pipeline(TRIAGED).run(STREAM)}
    for story in SKIPPED:
        coded = results[story.id]
        assert coded.events == ()
        assert coded.triage is not None and coded.triage.decision == "skip"
        assert [i.code for i in coded.issues] == ["W080"]
        assert coded.triage.reason in coded.issues[0].message
    for story in KEPT:
        coded = results[story.id]
        assert coded.triage is not None and coded.triage.decision == "parse"
        assert "W080" not in {i.code for i in coded.issues}
    # the bombing and the headline alone are parsed and coded
    assert results[BOMBING.id].events and results[HEADLINE.id].events


def test_no_triage_parses_every_article() -> None:
    results = list(Pipeline(load_settings().untriaged()).run(STREAM))
    assert len(results) == len(STREAM)
    assert all(c.triage is None for c in results)
    assert not any(i.code == "W080" for c in results for i in c.issues)


def _extract(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitrep", "extract", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_extract_counts_the_skipped_articles_and_no_triage_turns_it_off(tmp_path: Path) -> None:
    corpus = _jsonl(tmp_path / "stream.jsonl")
    on = _extract(str(corpus))  # triage is on by default (data/defaults.toml)
    assert on.returncode == 0, on.stderr
    assert "5 of 8 article(s) skipped as not about political violence" in on.stderr
    assert "W080 x5" in on.stderr
    off = _extract(str(corpus), "--no-triage")
    assert off.returncode == 0, off.stderr
    assert "skipped as not about political violence" not in off.stderr
    assert "W080" not in off.stderr
    assert len(off.stdout.splitlines()) >= len(on.stdout.splitlines())


def test_the_store_keeps_the_decision_on_the_article_row(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        report = ingest_articles(store, STREAM, engine=Engine(Pipeline(TRIAGED)))
        assert report.articles_new == len(STREAM)
        assert report.articles_skipped == len(SKIPPED)
        sport = store.triage("sport")
        assert sport is not None and sport.decision == "skip" and "sport" in sport.reason
        bombing = store.triage(BOMBING.id)
        assert bombing is not None and bombing.decision == "parse" and bombing.score >= 1.0
        assert store.article("sport") is not None  # skipped, yet stored: a feed will not fetch it again


def test_batch_writes_each_decision_and_counts_the_skipped(tmp_path: Path) -> None:
    corpus = _jsonl(tmp_path / "stream.jsonl")
    articles = tmp_path / "articles.jsonl"
    report = run_batch([str(corpus)], tmp_path / "events.jsonl", articles_out=articles, settings=TRIAGED)
    assert (report.articles, report.skipped) == (len(STREAM), len(SKIPPED))
    lines = {row["id"]: row for row in map(json.loads, articles.read_text(encoding="utf-8").splitlines())}
    assert set(lines) == {a.id for a in STREAM}
    assert lines["markets"]["triage_decision"] == "skip" and lines["markets"]["events"] == 0
    assert lines["bombing"]["triage_decision"] == "parse" and lines["bombing"]["events"] >= 1
    assert isinstance(lines["bombing"]["triage_score"], float) and lines["bombing"]["triage_reason"]
