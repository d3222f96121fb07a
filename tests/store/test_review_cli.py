"""The review commands as an analyst runs them, on both back ends: the queue, edit, confirm,
merge, split, reject and restore, `events --reviewed/--since`, and `users add`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.export import ACLED_COLUMNS, CSV_COLUMNS, EVENT_FIELDS
from sitrep.export.parquet import read_parquet
from sitrep.model import Coded
from sitrep.pipeline import Pipeline
from sitrep.store import Store
from tests.store.sound import assert_sound
from tests.store.stories import STORIES


@pytest.fixture(scope="module")
def coded(pipeline: Pipeline) -> list[Coded]:
    return list(pipeline.run(STORIES))


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_each_review_command(store_url: str, coded: list[Coded]) -> None:
    with Store(store_url) as store:
        store.ingest_coded(coded)
        attack, other = sorted(store.events(), key=lambda e: -len(e.article_ids))
    code, out, _ = _run("review", "--db", store_url, "--format", "jsonl")
    assert code == 0 and {json.loads(line)["event_id"] for line in out.splitlines()} == {
        attack.event_id,
        other.event_id,
    }
    code, _, err = _run(
        "edit", attack.event_id, "--set", "fatalities=3", "--why", "ministry", "--user", "ana", "--db", store_url
    )
    assert code == 0, err
    code, _, err = _run("edit", attack.event_id, "--set", "event_id=x", "--user", "ana", "--db", store_url)
    assert code == 1 and "E074" in err
    code, _, err = _run("edit", attack.event_id, "--set", "fatalities=4", "--version", "stale", "--db", store_url)
    assert code == 1 and "E075" in err
    code, _, err = _run("confirm", attack.event_id, "--user", "ana", "--db", store_url)
    assert code == 0, err
    code, out, _ = _run("events", "--reviewed", "--format", "jsonl", "--db", store_url)
    assert [json.loads(line)["fatalities"] for line in out.splitlines()] == [3]
    code, out, _ = _run("events", "--since", "2000-01-01", "--format", "jsonl", "--db", store_url)
    assert len(out.splitlines()) == 2
    code, out, _ = _run("events", "--since", "4102444800", "--format", "jsonl", "--db", store_url)
    assert out == ""
    code, out, err = _run("merge", attack.event_id, other.event_id, "--why", "same", "--user", "ana", "--db", store_url)
    assert code == 0 and out.strip() == attack.event_id, err
    code, out, err = _run("split", attack.event_id, "daily-5", "--user", "ana", "--db", store_url)
    assert code == 0, err
    new_id = out.strip()
    code, _, err = _run("reject", new_id, "--why", "background", "--user", "ana", "--db", store_url)
    assert code == 0, err
    code, out, _ = _run("events", "history", attack.event_id, "--db", store_url)
    assert "corrected" in out and "[ana]" in out and "(ministry)" in out
    with Store(store_url) as store:
        assert [e.event_id for e in store.events()] == [attack.event_id]
        assert_sound(store)
    code, _, err = _run("restore", new_id, "--user", "ana", "--db", store_url)
    assert code == 0, err
    with Store(store_url) as store:
        assert len(store.events()) == 2
        assert_sound(store)


def test_users_add_prints_the_token_alone_on_the_last_line(store_url: str) -> None:
    code, out, _ = _run("users", "add", "ana", "--role", "editor", "--db", store_url)
    assert code == 0
    token = out.splitlines()[-1]
    assert token.startswith("sitrep_") and " " not in token
    with Store(store_url) as store:
        user = store.authenticate(token)
        assert user is not None and (user.name, user.role) == ("ana", "editor")
        assert store.authenticate(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
        with store.engine.connect() as conn:  # only a hash is stored
            stored = conn.exec_driver_sql("SELECT token_hash FROM users").scalar_one()
        assert token not in stored and stored.startswith("scrypt$")
    code, _, err = _run("users", "add", "ana", "--role", "editor", "--db", store_url)
    assert code == 1 and "E078" in err
    code, _, err = _run("users", "add", "bo", "--role", "boss", "--db", store_url)
    assert code == 1 and "E078" in err


def test_every_export_ends_with_reviewed_and_reviewed_by_and_can_hold_only_reviewed_events(
    store_url: str, coded: list[Coded], tmp_path: Path
) -> None:
    """CSV, JSON Lines, GeoJSON and Parquet from `sitrep events` carry the review after every
    field the output contract names (ACLED's 31 columns, then sitrep's, unchanged), and
    `--reviewed` keeps only confirmed events."""
    with Store(store_url) as store:
        store.ingest_coded(coded)
        signed, unsigned = sorted(store.events(), key=lambda e: -len(e.article_ids))
        store.confirm(signed.event_id, user="ana", why="two sources")
    expected = {signed.event_id: (True, "ana"), unsigned.event_id: (False, "")}

    code, out, err = _run("events", "--format", "csv", "--order", "event_id", "--db", store_url)
    assert code == 0, err
    header, *rows = list(csv.reader(io.StringIO(out)))
    assert header == [*CSV_COLUMNS, "reviewed", "reviewed_by"]
    assert header[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    got = {r[0]: (r[-2], r[-1]) for r in rows}
    assert got == {i: ("true" if done else "false", who) for i, (done, who) in expected.items()}

    code, out, err = _run("events", "--format", "jsonl", "--db", store_url)
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert all(list(line)[-2:] == ["reviewed", "reviewed_by"] for line in lines)
    assert all(list(line)[:-2] == list(EVENT_FIELDS) for line in lines)
    assert {line["event_id"]: (line["reviewed"], line["reviewed_by"]) for line in lines} == expected

    code, out, err = _run("events", "--format", "geojson", "--reviewed", "--db", store_url)
    assert code == 0, err
    features = json.loads(out)["features"]
    assert [(f["id"], f["properties"]["reviewed"], f["properties"]["reviewed_by"]) for f in features] == [
        (signed.event_id, True, "ana")
    ]

    parquet = tmp_path / "events.parquet"
    code, _, err = _run("events", "--format", "parquet", "--out", str(parquet), "--db", store_url)
    assert code == 0, err
    table = pq.read_table(parquet)
    assert table.schema.names == [*EVENT_FIELDS, "reviewed", "reviewed_by"]
    assert str(table.schema.field("reviewed").type) == "bool"
    rows_back = table.select(["event_id", "reviewed", "reviewed_by"]).to_pylist()
    assert {r["event_id"]: (r["reviewed"], r["reviewed_by"]) for r in rows_back} == expected
    assert {e.event_id for e in read_parquet(parquet)} == set(expected), "the reader still reads it"

    code, out, err = _run("events", "--format", "jsonl", "--unreviewed", "--db", store_url)
    assert code == 0, err
    assert [json.loads(line)["event_id"] for line in out.splitlines()] == [unsigned.event_id]
