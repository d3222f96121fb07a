"""`sitrep eval` as a user runs it to score another coder: export the articles, score its events.

The gold file is written here with invented text (the real gold's licences forbid copying rows)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

ISAF_HEADER = "id,text,published,event_date,event_type,derived_acled_event_type,country,admin1,fatalities"
ISAF_ROWS = [
    {
        "id": "r1",
        "text": "KABUL, Afghanistan (Oct. 4, 2012)\nA patrol detained a suspected insurgent in Logar province today.",
        "published": "2012-10-04",
        "event_date": "2012-10-04",
        "event_type": "detention",
        "derived_acled_event_type": "Strategic developments",
        "country": "Afghanistan",
        "admin1": "Logar",
        "fatalities": "0",
    },
    {
        "id": "r2",
        "text": "KABUL, Afghanistan (Oct. 6, 2012)\nAn air strike killed a handful of insurgents in Zabul province.",
        "published": "2012-10-06",
        "event_date": "2012-10-05",
        "event_type": "airstrike",
        "derived_acled_event_type": "Explosions/Remote violence",
        "country": "Afghanistan",
        "admin1": "Zabul",
        "fatalities": "4",
    },
]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitrep", "eval", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def write_gold(tmp_path: Path) -> Path:
    path = tmp_path / "isaf_cli.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=ISAF_HEADER.split(","))
        writer.writeheader()
        writer.writerows(ISAF_ROWS)
    return path


def test_export_articles_then_score_predictions(tmp_path: Path) -> None:
    gold = write_gold(tmp_path)
    articles = tmp_path / "a.jsonl"
    p = run(str(gold), "--export-articles", str(articles))
    assert p.returncode == 0, p.stderr
    assert p.stdout == "" and "wrote 2 articles" in p.stderr
    exported = [json.loads(line) for line in articles.read_text(encoding="utf-8").splitlines()]
    assert exported == [
        {"id": "isaf_cli:r1", "text": ISAF_ROWS[0]["text"], "published": "2012-10-04"},
        {"id": "isaf_cli:r2", "text": ISAF_ROWS[1]["text"], "published": "2012-10-06"},
    ]

    # what a keyword coder might answer: one event per article, some fields missing
    predictions = tmp_path / "p.jsonl"
    lines = [
        {"article_ids": ["isaf_cli:r1"], "event_date": "2012-10-04", "event_type": "Strategic developments",
         "sub_event_type": "Arrests", "admin1": "Logar", "fatalities": 0},
        {"article_ids": ["isaf_cli:r2"], "event_date": "2012-10-05", "admin1": "Zabul", "fatalities": 3},
    ]  # fmt: skip
    predictions.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    report = tmp_path / "eval.json"
    p = run(str(gold), "--predictions", str(predictions), "--json", str(report))
    assert p.returncode == 0, p.stderr
    assert "isaf_cli.csv [isaf]" in p.stdout and "events per article 1.00" in p.stdout
    fields = json.loads(report.read_text(encoding="utf-8"))["fields"]
    assert fields["killed"] == {"correct": 1, "n": 2, "accuracy": 0.5}  # "a handful": ISAF 4, predicted 3
    assert fields["arrests"] == {"correct": 1, "n": 1, "accuracy": 1.0}
    assert fields["event_type"]["correct"] == 1 and fields["admin1"]["correct"] == 2

    p = run(str(gold), "--predictions", str(predictions), "--convention", "acled", "--json", str(report))
    assert p.returncode == 0, p.stderr
    assert "convention=acled" in p.stdout
    assert json.loads(report.read_text(encoding="utf-8"))["fields"]["killed"]["correct"] == 2


def test_a_broken_predictions_file_is_an_error_naming_the_line(tmp_path: Path) -> None:
    gold = write_gold(tmp_path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"article_ids": ["x"]}\nnot json\n', encoding="utf-8")
    p = run(str(gold), "--predictions", str(bad))
    assert p.returncode == 1
    assert "[E001]" in p.stderr and "bad.jsonl:2" in p.stderr


def test_help_documents_the_convention_switch() -> None:
    p = run("--help")
    assert p.returncode == 0
    text = " ".join(p.stdout.split())
    assert "--convention" in text and "isaf" in text and "acled" in text
    assert "--predictions" in text and "--export-articles" in text


def test_eval_measures_the_coder_untriaged_unless_told_to_triage(tmp_path: Path) -> None:
    # a threshold no article reaches: triaged, every gold text would be skipped
    gold = write_gold(tmp_path)
    strict = {**os.environ, "SITREP_TRIAGE": "true", "SITREP_TRIAGE_THRESHOLD": "100"}
    scored = {}
    for flag in ("", "--triage"):
        report = tmp_path / f"eval{flag}.json"
        args = [str(gold), "--workers", "1", "--json", str(report), *([flag] if flag else [])]
        p = subprocess.run(
            [sys.executable, "-m", "sitrep", "eval", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env=strict,
        )
        assert p.returncode == 0, p.stderr
        scored[flag] = json.loads(report.read_text(encoding="utf-8"))["fields"]["admin1"]["correct"]
    assert scored[""] == 2  # eval codes every gold text: the settings' triage does not apply
    assert scored["--triage"] == 0  # --triage scores what a feed would keep
