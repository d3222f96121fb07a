"""Files that the fuzzing of bench/fuzz.py found crashing a command (issue 21): a gold CSV that is not
UTF-8 or holds a cell past the csv module's limit (`sitrep eval`), a predictions file nested past any
parser's depth (`eval --predictions`), a Parquet file pyarrow cannot read (`sitrep batch`), and a
date so long its echo would flood standard error. Each is now one coded error and no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ACLED_HEADER = (
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,"
    "latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp,iso3"
)
ROW = (
    '1,586,PAK1,1,"02 March 2026",2026,1,Battles,"Armed clash",Militants,,2,Police,,1,12,"Southern Asia",Pakistan,'
    'Balochistan,Quetta,,Quetta,30.18,67.00,1,Dawn,National,"On 2 March 2026, militants attacked a police post in '
    'Quetta, killing two policemen.",2,0,PAK'
)


def sitrep(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitrep", *args], capture_output=True, text=True, timeout=300, check=False
    )


def test_a_gold_file_that_is_not_utf8_or_has_a_huge_cell_is_one_coded_error(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.csv"
    latin.write_bytes(f"{ACLED_HEADER}\n{ROW}\n".encode() + ROW.replace("Quetta", "Qu\xe9tta").encode("latin-1"))
    huge = tmp_path / "huge.csv"
    huge.write_text(f"{ACLED_HEADER}\n{ROW}\n{ROW.replace('militants', 'm' * 200_000)}\n", encoding="utf-8")
    for path, line in ((latin, 3), (huge, 3)):
        done = sitrep("eval", str(path), "--no-progress")
        assert done.returncode == 1, done.stderr
        assert f"[E095] gold file {path}: unreadable from line {line} on" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


def test_a_predictions_file_nested_past_the_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    gold = tmp_path / "gold.csv"
    gold.write_text(f"{ACLED_HEADER}\n{ROW}\n", encoding="utf-8")
    predictions = tmp_path / "predictions.jsonl"
    predictions.write_text(
        json.dumps({"article_ids": ["gold:PAK1"], "event_type": "Battles"}) + "\n" + "[" * 5000 + "]" * 5000 + "\n",
        encoding="utf-8",
    )
    done = sitrep("eval", str(gold), "--predictions", str(predictions), "--no-progress")
    assert done.returncode == 1 and f"[E026] {predictions}:2:" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_a_parquet_file_pyarrow_cannot_read_is_one_coded_error_and_no_output(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    deep: object = "x"
    for _ in range(120):  # past pyarrow's own schema depth limit (100) when it reads the file back
        deep = [deep]
    nested = tmp_path / "nested.parquet"
    pq.write_table(pa.table({"id": [deep], "text": ["Clashes in Quetta."], "published": ["2025-04-02"]}), nested)
    cut = tmp_path / "cut.parquet"
    whole = tmp_path / "whole.parquet"
    pq.write_table(pa.table({"id": ["p1"], "text": ["Clashes in Quetta."], "published": ["2025-04-02"]}), whole)
    cut.write_bytes(whole.read_bytes()[:-20])
    for path in (nested, cut):
        out = tmp_path / f"{path.stem}-events.jsonl"
        done = sitrep("batch", str(path), "--out", str(out), "--no-progress")
        assert done.returncode == 1 and f"[E021] {path}: cannot open" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
        assert not out.exists() and not list(tmp_path.glob(".*.partial"))


def test_a_bad_date_is_echoed_cut_short(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "d-1", "published": "2026-" + "9" * 100_000, "text": "Clashes in Quetta."}) + "\n",
        encoding="utf-8",
    )
    done = sitrep("extract", str(src), "--no-progress")
    (line,) = [m for m in done.stderr.splitlines() if "[E003]" in m]
    assert f"{src}:1: article 'd-1': cannot read date '2026-999" in line and len(line) < 400, line[:500]
    assert "Traceback" not in done.stderr
