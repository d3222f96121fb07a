"""`sitrep batch`: the local and the Ray engine give the same events; corpus fusion gives the store's."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.batch import BatchReport, read_events, read_records, run_batch
from sitrep.batch.fusion import fuse_windows, windows
from sitrep.batch.sinks import open_sink
from sitrep.engine import Engine
from sitrep.errors import InputError
from sitrep.fuse import Report, Rules, fuse_reports
from sitrep.ingest.corpus import expand_inputs, parse_raw, plan_splits, read_split
from sitrep.ingest.jsonl import Parsed
from sitrep.model import Article, Event, TimePrecision
from sitrep.orchestrate import ingest_articles
from sitrep.pipeline import Pipeline
from sitrep.store import Store


def _articles(corpus: Path) -> list[Article]:
    parsed = [parse_raw(r, max_chars=100_000) for r in read_records(expand_inputs([str(corpus)]))]
    return [p.article for p in parsed if isinstance(p, Parsed)]


def test_local_batch_codes_every_readable_record_and_counts_the_bad_one(
    local_run: tuple[BatchReport, list[Event]],
) -> None:
    report, events = local_run
    assert (report.files, report.articles, report.unreadable) == (2, 10, 1)
    assert report.skipped == 1  # the market story, triaged out (on by default)
    assert report.counts()["E002"] == 1
    assert {a for e in events for a in e.article_ids} >= {"b-1", "b-2", "b-4", "b-6", "b-8"}
    assert len(events) == report.events > 0


def test_cli_batch_local_writes_the_events_file(
    corpus: Path, tmp_path: Path, local_run: tuple[BatchReport, list[Event]]
) -> None:
    out = tmp_path / "events.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "sitrep", "batch", str(corpus), "--out", str(out), "--engine", "local", "--no-progress"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "E002 x1" in done.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(e["event_id"] for e in lines) == [e.event_id for e in local_run[1]]


def test_ray_engine_gives_the_same_events_as_the_local_engine(
    corpus: Path, tmp_path: Path, ray_cluster: None, local_run: tuple[BatchReport, list[Event]]
) -> None:
    out = tmp_path / "ray.parquet"
    report = run_batch([str(corpus)], out, engine="ray", workers=2)
    assert (report.articles, report.unreadable, report.skipped) == (local_run[0].articles, 1, 1)
    assert sorted(read_events(out), key=lambda e: e.event_id) == local_run[1]


def test_ray_fusion_gives_the_same_events_as_local_fusion(corpus: Path, tmp_path: Path, ray_cluster: None) -> None:
    local = run_batch([str(corpus)], tmp_path / "local.jsonl", engine="local", fuse=True)
    on_ray = run_batch([str(corpus)], tmp_path / "ray.jsonl", engine="ray", workers=2, fuse=True)
    assert local.duplicates == on_ray.duplicates == 1
    assert list(read_events(tmp_path / "local.jsonl")) == list(read_events(tmp_path / "ray.jsonl"))


def test_corpus_fusion_equals_ingesting_the_corpus_into_the_store(
    corpus: Path, tmp_path: Path, store_url: str, pipeline: Pipeline
) -> None:
    report = run_batch([str(corpus)], tmp_path / "fused.parquet", engine="local", fuse=True)
    fused = list(read_events(tmp_path / "fused.parquet"))
    with Store(store_url) as store:
        ingest_articles(store, _articles(corpus), engine=Engine(pipeline))
        stored = store.events(order="event_id")
    assert fused == stored
    assert report.duplicates == 1  # the exact repeat, as the store skips it
    assert any({"b-1", "b-2"} <= set(e.article_ids) for e in fused)  # two outlets, one incident


def test_events_survive_a_parquet_round_trip(local_run: tuple[BatchReport, list[Event]], tmp_path: Path) -> None:
    with open_sink(tmp_path / "again.parquet") as sink:
        for event in local_run[1]:
            sink.write(event)
    assert list(read_events(tmp_path / "again.parquet")) == local_run[1]


def test_splits_read_exactly_the_records_of_the_stream(corpus: Path) -> None:
    files = expand_inputs([str(corpus)])
    for size in (1, 2, 3, 100):
        split_records = [r for s in plan_splits(files, records=size) for r in read_split(s)]
        assert split_records == list(read_records(files))


def test_inputs_expand_directories_and_globs_and_refuse_missing_ones(corpus: Path) -> None:
    found = expand_inputs([str(corpus / "*.jsonl"), str(corpus)])  # the directory repeats wire.jsonl
    assert [p.name for p in found] == ["wire.jsonl", "archive.parquet"]
    with pytest.raises(InputError, match=r"^\[E006\]"):
        expand_inputs([str(corpus / "nothing-*.jsonl")])


def _report(
    key: str, day: dt.date, *, admin1: str = "Khyber Pakhtunkhwa", precision: int = 1, article: str = ""
) -> Report:
    event = Event(
        event_id=key,
        article_ids=(article or key,),
        event_date=day,
        time_precision=TimePrecision(precision),
        disorder_type="Political violence",
        event_type="Battles",
        sub_event_type="Armed clash",
        country="Pakistan",
        admin1=admin1,
        admin2="Bannu",
        location="Bannu",
        latitude=33.0,
        longitude=70.6,
    )
    return Report(key=key, event=event, published=day)


def test_fusion_windows_close_only_at_gaps_no_match_can_cross() -> None:
    rules = Rules(days=1)
    day = dt.date(2026, 3, 1)
    chain = [_report(f"r{i}", day + dt.timedelta(days=i)) for i in range(4)]  # each a day after the last
    apart = _report("far", day + dt.timedelta(days=10))
    month = _report("month", dt.date(2026, 3, 15), precision=3)  # spans all of March: joins the rest
    other = _report("punjab", day, admin1="Punjab")
    parts = windows([*chain, apart, other], rules)
    assert sorted(sorted(r.key for r in p) for p in parts) == [["far"], ["punjab"], ["r0", "r1", "r2", "r3"]]
    assert len(windows([*chain, apart, month], rules)) == 1
    every = [*chain, apart, month, other]
    assert sorted(
        (e for p in windows(every, rules) for e in fuse_reports(p, rules)), key=lambda e: e.event_id
    ) == fuse_reports(every, rules)


def test_fusion_windows_fused_as_ray_tasks_give_the_whole_corpus_result(ray_cluster: None) -> None:
    rules = Rules(days=1)
    day = dt.date(2026, 3, 1)
    reports = [_report(f"r{i}", day + dt.timedelta(days=3 * (i // 2)), article=f"a{i}") for i in range(8)]
    parts = windows(reports, rules)
    assert len(parts) == 4
    assert fuse_windows(parts, rules, on_ray=True, job_size=1) == fuse_reports(reports, rules)
