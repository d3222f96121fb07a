"""Place scores split by whether the gold place is in the gazetteer; the 50 km field; historical
admin units compared as today's."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitrep.evaluate import GazetteerCoverage, load_gold, run_eval, score
from sitrep.evaluate.score import IN_GAZETTEER, NOT_IN_GAZETTEER, same_place, score_row
from sitrep.geo.gazetteer import DEFAULT_GAZETTEER, Gazetteer
from sitrep.model import Article, Event
from sitrep.resources import data_path


@pytest.fixture(scope="module")
def coverage() -> GazetteerCoverage:
    if not data_path(DEFAULT_GAZETTEER).is_file():
        pytest.skip("bundled gazetteer.sqlite not built")
    return GazetteerCoverage(Gazetteer.open())


def test_a_gold_town_near_its_gazetteer_namesake_is_covered_and_an_unknown_one_is_not(
    gold_files: dict[str, Path], coverage: GazetteerCoverage
) -> None:
    rows = {r.row_id: r for r in load_gold(gold_files["ucdp_ged"]).rows}
    assert coverage(rows["9001"]) is True  # "Bannu town", at Bannu
    assert coverage(rows["9002"]) is True  # "Parachinar town"
    far = rows["9001"].__class__(**{**_fields(rows["9001"]), "latitude": 24.0, "longitude": 62.0})
    assert coverage(far) is False  # a Bannu 900 km from the gold point is another place
    unknown = rows["9001"].__class__(**{**_fields(rows["9001"]), "location": "Balincha village"})
    assert coverage(unknown) is False
    nameless = rows["9001"].__class__(**{**_fields(rows["9001"]), "location": None})
    assert coverage(nameless) is None


def _fields(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in row.__dataclass_fields__}


def test_place_fields_are_counted_apart_by_coverage(
    gold_files: dict[str, Path], event_factory: Callable[..., Event]
) -> None:
    rows = load_gold(gold_files["ucdp_ged"]).rows
    bannu, parachinar = rows
    events = [
        event_factory(bannu.article, latitude=33.0, longitude=70.6, admin1="Khyber Pakhtunkhwa"),
        event_factory(parachinar.article, latitude=33.7, longitude=70.4, admin1="Punjab"),  # ~35 km off
    ]
    card = score(rows, events, known=lambda row: row.row_id == "9001")
    inside = {fs.field: (fs.correct, fs.n) for fs in card.place_split[IN_GAZETTEER]}
    outside = {fs.field: (fs.correct, fs.n) for fs in card.place_split[NOT_IN_GAZETTEER]}
    assert inside == {"admin1": (1, 1), "admin2": (0, 1), "coordinates": (1, 1), "coordinates_50km": (1, 1)}
    assert outside == {"admin1": (0, 1), "admin2": (0, 1), "coordinates": (0, 1), "coordinates_50km": (1, 1)}
    assert [r.in_gazetteer for r in card.results] == [True, False]
    assert score(rows, events).place_split == {}  # not checked: no split


def test_within_50_km_is_scored_beside_within_25_km(
    gold_files: dict[str, Path], event_factory: Callable[..., Event]
) -> None:
    bannu = load_gold(gold_files["ucdp_ged"]).rows[0]
    for lat, at_25, at_50 in ((32.99, True, True), (33.3, False, True), (33.6, False, False)):
        checks = score_row(bannu, event_factory(bannu.article, latitude=lat, longitude=70.6))
        assert (checks["coordinates"], checks["coordinates_50km"]) == (at_25, at_50)


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [
        ("Federally Administered Tribal Areas", "Khyber Pakhtunkhwa", True),  # merged in 2018
        ("FATA", "Khyber Pakhtunkhwa", True),
        ("North-West Frontier Province", "Khyber Pakhtunkhwa", True),  # renamed in 2010
        ("Federally Administered Tribal Areas", "Balochistan", False),
        ("Khyber Pakhtunkwa Province", "Khyber Pakhtunkhwa", True),
    ],
)
def test_historical_units_compare_as_todays_province(gold: str, predicted: str, same: bool) -> None:
    assert same_place(gold, predicted) is same


def test_run_eval_prints_and_dumps_the_split(
    gold_files: dict[str, Path], tmp_path: Path, event_factory: Callable[..., Event], fake_coder: Any
) -> None:
    if not data_path(DEFAULT_GAZETTEER).is_file():
        pytest.skip("bundled gazetteer.sqlite not built")

    def respond(article: Article) -> list[Event]:
        return [event_factory(article, latitude=33.0, longitude=70.6, admin1="Khyber Pakhtunkhwa")]

    out = io.StringIO()
    card = run_eval(gold_files["ucdp_ged"], code=fake_coder(respond), out=out, json_out=tmp_path / "e.json")
    assert set(card.place_split) == {IN_GAZETTEER}
    assert f"\n{IN_GAZETTEER} (2 rows)\n" in out.getvalue()
    data = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert data["place_split"][IN_GAZETTEER]["admin1"] == {"correct": 2, "n": 2, "accuracy": 1.0}
    assert [r["in_gazetteer"] for r in data["results"]] == [True, True]
