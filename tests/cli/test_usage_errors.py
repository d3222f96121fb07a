"""Say what is wrong: misuse is a coded usage error (exit 2) before any model loads or any store
is made, a store that does not exist is not quietly created by a command that only reads, and a
closed-vocabulary filter matches in any case or names the nearest valid values."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.model import Coded
from sitrep.store import Store


def sitrep(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stderr


@pytest.fixture
def story(tmp_path: Path) -> str:
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "u1", "published": "2025-04-02", "text": "Clashes in Quetta."}\n', encoding="utf-8")
    return str(path)


def test_misuse_is_a_coded_usage_error(tmp_path: Path, story: str) -> None:
    bad_toml = tmp_path / "bad.toml"
    bad_toml.write_text("workers = [", encoding="utf-8")
    wrong_value = tmp_path / "wrong.toml"
    wrong_value.write_text('workers = "many"\n', encoding="utf-8")
    cases = [
        (("extract", story, "--format", "xml"), "[E022]"),
        (("extract", story, "--config", str(tmp_path / "missing.toml")), "[E012]"),
        (("extract", story, "--config", str(bad_toml)), "[E012]"),
        (("ingest", story, "--config", str(wrong_value), "--db", str(tmp_path / "s.db")), "[E013]"),
        (("extract", story, "--max-chars", "0"), "[E045] --max-chars"),
        (("ingest", story, "--max-chars", "-3", "--db", str(tmp_path / "s.db")), "[E045] --max-chars"),
        (("ingest", story, "--db", "mysql://u@localhost/events"), "[E045] db"),
        (("events", "--db", "mysql://u@localhost/events"), "[E045] db"),
    ]
    for args, code in cases:
        exit_code, err = sitrep(*args)
        assert exit_code == 2, (args, err)
        assert code in err and "Traceback" not in err, (args, err)
    assert not (tmp_path / "s.db").exists()


def test_batch_out_naming_a_folder_is_refused_and_leaves_no_partial(tmp_path: Path, story: str) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    exit_code, err = sitrep("batch", story, "--out", str(folder), "--no-progress")
    assert exit_code == 2 and "[E045] --out" in err
    assert not list(tmp_path.rglob("*.partial"))


@pytest.mark.parametrize("command", [("events",), ("events", "history", "ev-1"), ("serve",)])
def test_read_only_commands_refuse_a_store_that_does_not_exist(tmp_path: Path, command: tuple[str, ...]) -> None:
    typo = tmp_path / "typo" / "evnets.db"
    exit_code, err = sitrep(*command, "--db", str(typo))
    assert exit_code == 2 and "[E048]" in err
    assert not typo.parent.exists()


@pytest.fixture
def filled(store_url: str, demo_coded: list[Coded]) -> str:
    with Store(store_url) as store:
        store.ingest_coded(demo_coded)
    return store_url


def test_closed_vocabulary_filters_match_in_any_case_and_name_the_nearest_on_both_back_ends(filled: str) -> None:
    exact = CliRunner().invoke(app, ["events", "--db", filled, "--country", "Pakistan", "--format", "jsonl"])
    assert exact.exit_code == 0 and exact.stdout.strip()
    for option, value in (("--country", "pakistan"), ("--event-type", "BATTLES")):
        lower = CliRunner().invoke(app, ["events", "--db", filled, option, value, "--format", "jsonl"])
        assert lower.exit_code == 0 and lower.stdout.strip(), (option, lower.stderr)
    same = CliRunner().invoke(app, ["events", "--db", filled, "--country", "PAKISTAN", "--format", "jsonl"])
    assert same.stdout == exact.stdout
    for option, value, nearest in (
        ("--event-type", "Battle", "'Battles'"),
        ("--sub-event-type", "armed clashes", "'Armed clash'"),
        ("--country", "Pakistn", "'Pakistan'"),
        ("--admin1", "Balochistn", "'Balochistan'"),
    ):
        exit_code, err = sitrep("events", "--db", filled, option, value)
        assert exit_code == 2, (option, err)
        assert f"[E049] {option}" in err and nearest in err, err


def test_watch_once_fails_when_every_feed_failed(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sitrep",
            "watch",
            "http://127.0.0.1:9/a.xml",
            "http://127.0.0.1:9/b.xml",
            "--once",
            "--db",
            str(tmp_path / "w.db"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "all 2 feed(s) failed" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("command", [("events",), ("events", "history", "ev-1"), ("serve",)])
def test_read_only_commands_refuse_a_postgresql_database_without_a_store(pg_url: str, command: tuple[str, ...]) -> None:
    import uuid

    import psycopg

    server = pg_url.rsplit("/", 1)[0]
    exit_code, err = sitrep(*command, "--db", f"{server}/no_such_database")
    assert exit_code == 2 and "[E041]" in err and "Traceback" not in err, err
    empty = f"t_{uuid.uuid4().hex[:12]}"  # a database that exists but holds no store
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{empty}"')
    try:
        exit_code, err = sitrep(*command, "--db", f"{server}/{empty}")
        assert exit_code == 2 and "[E048]" in err, err
        with psycopg.connect(f"{server}/{empty}") as conn:  # nothing was made in it
            tables = conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
            assert tables.fetchone() == (0,)
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{empty}"')
