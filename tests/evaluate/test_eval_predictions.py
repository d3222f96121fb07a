"""Scoring another coder: its events read from JSON Lines (tolerantly), the articles written out."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.evaluate import export_articles, load_gold, load_predictions, run_eval
from sitrep.model import GeoPrecision, TimePrecision


def write_lines(path: Path, *records: object) -> Path:
    path.write_text("".join(r if isinstance(r, str) else json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_keyword_coder_record_reads_as_an_event(tmp_path: Path) -> None:
    record = {
        "article_ids": ["g:1"],
        "event_date": "2020-05-01",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "admin1": "Khyber Pakhtunkhwa",
        "admin2": "North Waziristan",
        "location": "Miranshah",
        "latitude": 33.0,
        "longitude": 70.07,
        "fatalities": 4,
        "actor1": "Military Forces of Pakistan",
        "actor2": "",
        "time_precision": 2,
    }
    (event,) = load_predictions(write_lines(tmp_path / "p.jsonl", record))
    assert event.article_ids == ("g:1",)
    assert (event.event_date, event.time_precision) == (dt.date(2020, 5, 1), TimePrecision.WEEK)
    assert (event.event_type, event.sub_event_type, event.fatalities) == ("Battles", "Armed clash", 4)
    assert (event.admin1, event.admin2, event.location) == ("Khyber Pakhtunkhwa", "North Waziristan", "Miranshah")
    assert (event.latitude, event.longitude, event.actor1, event.actor2) == (
        33.0,
        70.07,
        "Military Forces of Pakistan",
        "",
    )
    assert event.event_id == "prediction-1"


def test_missing_and_odd_fields_are_empty_not_errors(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "p.jsonl",
        {"article_ids": "g:1;g:2"},
        "\n",
        {
            "article_ids": ["g:3"],
            "event_date": "someday",
            "fatalities": "many",
            "latitude": "",
            "time_precision": 9,
            "geo_precision": None,
            "event_type": None,
            "actor1": ["A", "B"],
            "event_id": "ev-9",
        },
        {"event_date": "2021-02-03T10:00:00Z", "fatalities": 2.0},
    )
    bare, odd, nameless = load_predictions(path)
    assert bare.article_ids == ("g:1", "g:2")
    assert (bare.event_type, bare.admin1, bare.fatalities, bare.latitude) == ("", "", 0, None)
    assert bare.event_date == dt.date.min  # matches no gold date
    assert (odd.event_id, odd.fatalities, odd.latitude, odd.event_type, odd.actor1) == ("ev-9", 0, None, "", "A; B")
    assert odd.time_precision is TimePrecision.DAY and odd.geo_precision is GeoPrecision.REGION
    assert odd.event_date == dt.date.min
    assert nameless.article_ids == () and nameless.event_id == "prediction-4"
    assert nameless.event_date == dt.date(2021, 2, 3) and nameless.fatalities == 2


@pytest.mark.parametrize(("line", "code"), [("{not json\n", "E001"), ("[1, 2]\n", "E007")])
def test_a_line_that_is_not_a_json_object_names_file_and_line(tmp_path: Path, line: str, code: str) -> None:
    path = write_lines(tmp_path / "p.jsonl", {"article_ids": ["x"]}, line)
    with pytest.raises(InputError, match=rf"\[{code}\].*p\.jsonl:2"):
        load_predictions(path)
    with pytest.raises(InputError, match=r"\[E006\]"):
        load_predictions(tmp_path / "missing.jsonl")


def test_exported_articles_are_what_the_coder_is_given(gold_files: dict[str, Path], tmp_path: Path) -> None:
    rows = load_gold(gold_files["acled"]).rows
    n = export_articles(rows, tmp_path / "a.jsonl")
    records = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert n == len(records) == 5  # two rows share one text
    first = rows[0].article
    assert records[0] == {"id": first.id, "text": first.text, "published": first.published.isoformat()}


def test_predictions_score_like_the_coder_would(gold_files: dict[str, Path], tmp_path: Path) -> None:
    gtd = load_gold(gold_files["gtd"]).rows
    bomb = gtd[0].article  # Kandahar, 5 killed, 14 May 2017
    path = write_lines(
        tmp_path / "p.jsonl",
        {"article_ids": [bomb.id], "event_date": "2017-05-14", "admin1": "Kandahar", "fatalities": 5},
        {"article_ids": ["someone-else"], "fatalities": 99},
    )
    card = run_eval(gold_files["gtd"], predictions=path, coverage=False)
    scores = {fs.field: (fs.correct, fs.n) for fs in card.fields if fs.n}
    assert scores["fatalities"] == (1, 2) and scores["admin1"] == (1, 2) and scores["event_date"] == (1, 2)
    assert card.events == 1 and card.no_event == 1
    assert card.filters == {"predictions": "p.jsonl", "gtd_include_attackers": "true"}
