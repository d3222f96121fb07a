"""Hostile and malformed lines through the commands as a user runs them: one coded error per bad
record on standard error (file, line, article), the run goes on unless --strict, and the summary
counts what was really read and stored, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

KANDAHAR = "A roadside bomb struck a police vehicle in Kandahar city on Tuesday, killing two police officers."
QUETTA = "Gunmen killed three policemen at a checkpoint in Quetta on Monday, officials said."
NESTED = "[" * 2000 + "]" * 2000


def story(n: int, text: str = KANDAHAR, **extra: str) -> str:
    return json.dumps({"id": f"h-{n}", "published": "2025-04-02", "text": text, **extra})


def sitrep(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitrep", *args], capture_output=True, text=True, timeout=300, check=False, env=env
    )


def write(path: Path, *lines: str | bytes) -> Path:
    path.write_bytes(b"".join((line if isinstance(line, bytes) else line.encode()) + b"\n" for line in lines))
    return path


def test_extract_reports_each_bad_line_and_codes_the_rest(tmp_path: Path) -> None:
    src = write(
        tmp_path / "in.jsonl",
        story(1),
        NESTED,
        b'{"id": "bin", "text": "\x00\x01\x02\x00\x00"}',
        story(4, "x\x00y " + QUETTA),
        story(5, QUETTA, language="x" * 40),
        story(6, QUETTA, id="h-\x00"),
    )
    done = sitrep("extract", str(src), "--verbose")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "RecursionError" not in done.stderr
    assert f"[E026] {src}:2:" in done.stderr
    assert f"[E004] {src}:3" in done.stderr
    assert f"[E024] {src}:5: article 'h-5'" in done.stderr
    assert f"[E023] {src}:6:" in done.stderr
    assert "  h-4: [W007]" in done.stderr  # --verbose names the article of each warning
    ids = {a for line in done.stdout.splitlines() for a in json.loads(line)["article_ids"]}
    assert ids == {"h-1", "h-4"}


def test_extract_strict_stops_at_the_first_bad_line(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", story(1), NESTED, story(3, QUETTA))
    done = sitrep("extract", str(src), "--strict")
    assert done.returncode == 1 and f"[E026] {src}:2:" in done.stderr
    ids = {a for line in done.stdout.splitlines() for a in json.loads(line)["article_ids"]}
    assert ids == {"h-1"}


def test_a_line_over_the_length_cap_is_skipped_unread(tmp_path: Path) -> None:
    huge = '{"id": "big", "published": "2025-04-02", "text": "' + "a" * (16 * 1024 * 1024) + '"}'
    src = write(tmp_path / "in.jsonl", huge, story(2))
    done = sitrep("extract", str(src))
    assert done.returncode == 1 and f"[E025] {src}:1:" in done.stderr
    assert [json.loads(line)["article_ids"] for line in done.stdout.splitlines()] == [["h-2"]]


@pytest.mark.parametrize("strict", [False, True], ids=["goes-on", "strict"])
def test_ingest_counts_what_it_stored_around_a_bad_line_on_both_back_ends(
    store_url: str, tmp_path: Path, strict: bool
) -> None:
    good = [story(n, QUETTA.replace("three", str(n + 2)), url=f"https://news.example/{n}") for n in range(1, 5)]
    src = write(tmp_path / "in.jsonl", *good, NESTED, story(6, "\x00" + KANDAHAR, title="a\x00b", language="en"))
    done = sitrep("ingest", str(src), "--db", store_url, *(["--strict"] if strict else []))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"[E026] {src}:5:" in done.stderr
    if strict:
        assert "4 article(s) read, 4 new, 0 already stored;" in done.stderr
    else:
        assert "5 article(s) read, 5 new, 0 already stored;" in done.stderr
        assert "; 1 malformed record(s) skipped" in done.stderr and "W007 x1" in done.stderr
    again = sitrep("events", "--db", store_url, "--format", "jsonl")
    assert again.returncode == 0
    stored = {a for line in again.stdout.splitlines() for a in json.loads(line)["article_ids"]}
    assert stored >= {"h-1", "h-4"} and ("h-6" in stored) is not strict


def test_batch_skips_a_nested_line_with_one_coded_error_and_writes_the_rest(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", story(1), NESTED, story(3, QUETTA))
    out = tmp_path / "events.jsonl"
    done = sitrep("batch", str(src), "--out", str(out), "--no-progress")
    assert done.returncode == 0, done.stderr
    assert f"[E026] {src}:2:" in done.stderr and "1 skipped" in done.stderr
    ids = {a for line in out.read_text().splitlines() for a in json.loads(line)["article_ids"]}
    assert ids == {"h-1", "h-3"}
    strict = sitrep("batch", str(src), "--out", str(tmp_path / "strict.jsonl"), "--no-progress", "--strict")
    assert strict.returncode == 1 and "[E026]" in strict.stderr
    assert not (tmp_path / "strict.jsonl").exists() and not list(tmp_path.glob(".*.partial"))


def test_a_binary_file_named_jsonl_tells_twenty_records_and_counts_the_rest(tmp_path: Path) -> None:
    src = write(tmp_path / "photo.jsonl", *[b"\x89PNG\x1a\x00\x00\x00\rIHDR" for _ in range(30)], story(31))
    done = sitrep("extract", str(src))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.count("[E004]") == 20 and "more malformed records" in done.stderr
    assert "E004 x30" in done.stderr
    assert [json.loads(line)["article_ids"] for line in done.stdout.splitlines()] == [["h-31"]]
