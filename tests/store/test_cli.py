"""`sitrep ingest` and `sitrep events` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.export import ACLED_COLUMNS
from tests.store.stories import ATTACK_IDS, STORIES


def _jsonl(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for a in STORIES:
            fh.write(
                json.dumps(
                    {
                        "id": a.id,
                        "text": a.text,
                        "published": a.published.isoformat(),
                        "source": a.source,
                        "title": a.title,
                        "url": a.url,
                    }
                )
                + "\n"
            )
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("cli")
    url = f"sqlite:///{folder / 'events.db'}"
    corpus = _jsonl(folder / "stories.jsonl")
    first = subprocess.run(
        [sys.executable, "-m", "sitrep", "ingest", str(corpus), "--db", url],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert first.returncode == 0, first.stderr
    assert "5 article(s) read, 5 new, 0 already stored; 2 event(s) created" in first.stderr
    again = subprocess.run(
        [sys.executable, "-m", "sitrep", "ingest", str(corpus), "--db", url],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "5 article(s) read, 0 new, 5 already stored; 0 event(s) created, 0 updated" in again.stderr
    assert "W040 x5" in again.stderr
    return url


def events(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["events", *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_table_lists_both_events(db: str) -> None:
    code, out, _ = events("--db", db)
    assert code == 0
    assert "Battles / Armed clash" in out and "5 (5-10)" in out and "Violence against civilians" in out


def test_filters_narrow_the_jsonl_output(db: str) -> None:
    code, out, _ = events(
        "--db",
        db,
        "--format",
        "jsonl",
        "--actor",
        "taliban",
        "--min-fatalities",
        "3",
        "--bbox",
        "70,31,71,32.5",
        "--start",
        "2026-03-01",
        "--end",
        "2026-03-02",
        "--country",
        "Pakistan",
        "--admin1",
        "Khyber Pakhtunkhwa",
        "--admin2",
        "Dera Ismail Khan",
        "--event-type",
        "Battles",
        "--sub-event-type",
        "Armed clash",
        "--text",
        "checkpoint",
    )
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [tuple(r["article_ids"]) for r in rows] == [ATTACK_IDS]
    code, out, _ = events("--db", db, "--format", "jsonl", "--bbox", "0,0,1,1")
    assert (code, out) == (0, "")


def test_csv_starts_with_acleds_31_columns(db: str) -> None:
    code, out, _ = events("--db", db, "--format", "csv", "--order", "fatalities")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0][:31]) == ACLED_COLUMNS
    assert [r[rows[0].index("fatalities")] for r in rows[1:]] == ["2", "5"]


def test_parquet_needs_out_and_writes_a_typed_file(db: str, tmp_path: Path) -> None:
    code, _, err = events("--db", db, "--format", "parquet")
    assert code == 2 and "[E043]" in err
    out = tmp_path / "events.parquet"
    code, _, err = events("--db", db, "--format", "parquet", "--out", str(out))
    assert code == 0 and "2 event(s) written" in err
    table = pq.read_table(out)
    assert table.num_rows == 2 and str(table.schema.field("event_date").type) == "date32[day]"
    assert sorted(table.column("fatalities").to_pylist()) == [2, 5]


def test_geojson_to_a_file(db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    code, _, _ = events("--db", db, "--format", "geojson", "--out", str(out))
    assert code == 0 and len(json.loads(out.read_text())["features"]) == 2


def test_history_shows_each_revision_and_follows_a_retired_id(db: str) -> None:
    code, out, _ = events("--db", db, "--format", "jsonl", "--min-fatalities", "3")
    attack = json.loads(out)
    code, out, _ = events("history", attack["event_id"], "--db", db)
    assert code == 0
    assert "created" in out and "figures revised" in out and "fatalities: 6 -> 5" in out and "wire-4" in out
    code, out, _ = events("history", attack["event_id"], "--db", db, "--format", "jsonl")
    causes = [json.loads(line)["cause"] for line in out.splitlines()]
    assert causes[0] == "created" and causes.count("source added") == 3
    code, _, err = events("history", "ev-0000", "--db", db)
    assert code == 1 and "[E042]" in err


def test_bad_options_are_refused(db: str) -> None:
    assert events("--db", db, "--bbox", "1,2,3")[0] == 2
    assert events("--db", db, "--start", "yesterday")[0] == 2
    code, _, err = events("--db", db, "--format", "xml")
    assert code == 2 and "[E022]" in err


def test_sitrep_db_in_the_environment_picks_the_store(db: str) -> None:
    result = CliRunner().invoke(app, ["events", "--format", "jsonl"], env={"SITREP_DB": db})
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 2
