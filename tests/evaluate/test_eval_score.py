"""Scoring: alignment, per-field rules, regime-dated actors, UCDP ranges, filters, no-event counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitrep.evaluate import (
    GoldRow,
    align,
    evaluate,
    filter_rows,
    load_gold,
    normalise_actor,
    normalise_place,
    score,
)
from sitrep.evaluate.score import score_row
from sitrep.geo.distance import distance_km
from sitrep.model import Article, Event, TimePrecision

EventFactory = Callable[..., Event]


def rows_of(path: Path, **kw: bool) -> dict[str, GoldRow]:
    return {row.row_id: row for row in load_gold(path, **kw).rows}


def perfect(row: GoldRow, make: EventFactory, n: int = 1, **override: Any) -> Event:
    """The event a perfect coder would return for ``row``."""
    fields: dict[str, Any] = dict(
        event_type=(row.accepted_event_types or ("Battles",))[0],
        sub_event_type=row.sub_event_type or "",
        event_date=row.event_date or row.article.published,
        time_precision=TimePrecision(row.time_precision or 1),
        admin1=row.admin1 or "",
        admin2=row.admin2 or "",
        location=row.location or "",
        latitude=row.latitude,
        longitude=row.longitude,
        fatalities=row.fatalities if row.fatalities is not None else (row.fatalities_best or 0),
        actor1=row.actor1 or "",
        actor2=row.actor2 or "",
        interaction=row.interaction or 0,
    )
    fields.update(override)
    return make(row.article, n, **fields)


# --- normalisation


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [
        ("Military Forces of Pakistan (2018-)", "Military Forces of Pakistan (2018-2022)", True),
        ("Military Forces of Pakistan (2018-2022)", "Military Forces of Pakistan (2018-)", True),
        ("Military Forces of Pakistan (2018-)", "Military Forces of Pakistan (2013-2018)", False),
        ("Police Forces of Pakistan (2018-)", "Military Forces of Pakistan (2018-)", False),
        (
            "Military Forces of Yemen (2016-) Supreme Political Council",
            "Military Forces of Yemen (2016-2024) Supreme Political Council",
            True,
        ),
        (
            "Military Forces of Yemen (2016-) Supreme Political Council",
            "Military Forces of Yemen (2016-)",
            False,
        ),
        ("TTP: Tehreek-i-Taliban Pakistan", "ttp: tehreek-i-taliban  pakistan", True),
        ("Protesters (Côte d'Ivoire)", "Protesters (Cote d'Ivoire)", True),
    ],
)
def test_regime_dated_actors_compare_by_name_and_start_year(gold: str, predicted: str, same: bool) -> None:
    assert (normalise_actor(gold) == normalise_actor(predicted)) is same


def test_place_names_normalise() -> None:
    assert normalise_place("Kurram Agency") == normalise_place("Kurram")
    assert normalise_place("Khyber Pakhtunkwa Province") == normalise_place("Khyber Pakhtunkhwa")
    assert normalise_place("Quetta District") == "quetta"
    assert normalise_place("Azad Jammu & Kashmir") == normalise_place("Azad Kashmir")
    assert normalise_place("Peshāwar") == "peshawar"
    assert normalise_place("Dera Ismail Khan") != normalise_place("Dera Ghazi Khan")


def test_haversine() -> None:
    assert distance_km(30.0, 67.0, 30.0, 67.0) == 0.0
    assert 110 < distance_km(30.0, 67.0, 31.0, 67.0) < 112  # one degree of latitude


# --- alignment


def test_split_notes_align_each_row_to_its_own_event(
    gold_files: dict[str, Path], event_factory: EventFactory, fake_coder: Any
) -> None:
    rows = rows_of(gold_files["acled"])
    quetta, turbat = rows["PAK902"], rows["PAK903"]
    # the coder returns the Turbat event first: alignment must not just take the first event
    coder = fake_coder(
        lambda art: (
            [perfect(turbat, event_factory, 1), perfect(quetta, event_factory, 2)]
            if art.id == quetta.article.id
            else []
        )
    )
    card = evaluate([quetta, turbat], coder)
    assert len(coder.seen) == 1  # one shared text is coded once
    ids = {r.row_id: r.event_id for r in card.results}
    assert ids == {"PAK902": f"{quetta.article.id}#2", "PAK903": f"{quetta.article.id}#1"}
    assert all(all(r.fields.values()) for r in card.results)


def test_alignment_falls_back_to_nearest_coordinates_then_first(
    gold_files: dict[str, Path], event_factory: EventFactory
) -> None:
    quetta = rows_of(gold_files["acled"])["PAK902"]
    art = quetta.article
    far = event_factory(art, 1, location="Somewhere", latitude=26.0, longitude=63.0)
    near = event_factory(art, 2, location="Near Quetta", latitude=30.25, longitude=67.05)
    nowhere = event_factory(art, 3, location="Elsewhere")
    assert align(quetta, [far, near, nowhere]) is near
    no_coords = GoldRow(row_id="x", format=quetta.format, article=art, location="Unmatched")
    assert align(no_coords, [nowhere, far]) is nowhere
    assert align(quetta, []) is None


# --- per-field rules


def test_a_perfect_coder_scores_every_field(
    gold_files: dict[str, Path], event_factory: EventFactory, fake_coder: Any
) -> None:
    for fmt, path in gold_files.items():
        rows = list(load_gold(path).rows)
        by_article: dict[str, list[Event]] = {}
        for i, row in enumerate(rows):
            by_article.setdefault(row.article.id, []).append(perfect(row, event_factory, i))
        card = evaluate(rows, fake_coder(lambda a, m=by_article: m.get(a.id, [])))
        assert card.no_event == 0, fmt
        for fs in card.fields:
            assert fs.correct == fs.n, (fmt, fs)


def test_no_event_is_wrong_on_every_field_and_counted(gold_files: dict[str, Path], fake_coder: Any) -> None:
    rows = list(load_gold(gold_files["acled"]).rows)
    card = evaluate(rows, fake_coder(lambda art: []))
    assert card.no_event == card.rows == len(rows)
    assert card.events == 0
    for fs in card.fields:
        assert fs.correct == 0
    assert {r.predicted_event_type for r in card.results} == {"(no event)"}
    assert card.event_type_confusion["Battles"] == {"(no event)": 2}


def test_actor2_empty_matches_empty_but_actor1_does_not(
    gold_files: dict[str, Path], event_factory: EventFactory
) -> None:
    india = rows_of(gold_files["acled"])["IND901"]
    checks = score_row(india, perfect(india, event_factory, actor2=""))
    assert checks["actor2"] is True
    assert score_row(india, perfect(india, event_factory, actor2="Police Forces of India (2014-)"))["actor2"] is False
    empty_actor1 = GoldRow(row_id="y", format=india.format, article=india.article, actor1="Rioters (India)")
    assert score_row(empty_actor1, perfect(india, event_factory, actor1=""))["actor1"] is False
    # a gold row without actor1 does not score the field at all
    assert "actor1" not in score_row(GoldRow(row_id="z", format=india.format, article=india.article), None)


def test_regime_years_in_scoring(gold_files: dict[str, Path], event_factory: EventFactory) -> None:
    row = rows_of(gold_files["acled"])["PAK901"]
    later = perfect(row, event_factory, actor1="Military Forces of Pakistan (2018-2022)")
    assert score_row(row, later)["actor1"] is True
    older = perfect(row, event_factory, actor1="Military Forces of Pakistan (2013-2018)")
    assert score_row(row, older)["actor1"] is False


@pytest.mark.parametrize(("predicted", "ok"), [(4, False), (5, True), (6, True), (9, True), (10, False)])
def test_ucdp_fatalities_score_within_low_high(
    gold_files: dict[str, Path], event_factory: EventFactory, predicted: int, ok: bool
) -> None:
    bannu = rows_of(gold_files["ucdp_ged"])["9001"]  # low 5, best 6, high 9
    assert score_row(bannu, perfect(bannu, event_factory, fatalities=predicted))["fatalities"] is ok


def test_ucdp_date_range(gold_files: dict[str, Path], event_factory: EventFactory) -> None:
    row = rows_of(gold_files["ucdp_ged"])["9002"]  # 1 to 3 July 2012
    for day, ok in [(30, False), (1, True), (3, True), (4, False)]:
        when = dt.date(2012, 6 if day == 30 else 7, day)
        assert score_row(row, perfect(row, event_factory, event_date=when))["event_date"] is ok


def test_gtd_fatalities_are_exact_with_or_without_attackers(
    gold_files: dict[str, Path], event_factory: EventFactory
) -> None:
    bomb = rows_of(gold_files["gtd"])["201705140007"]
    assert score_row(bomb, perfect(bomb, event_factory, fatalities=5))["fatalities"] is True
    assert score_row(bomb, perfect(bomb, event_factory, fatalities=4))["fatalities"] is False
    victims = rows_of(gold_files["gtd"], gtd_include_attackers=False)["201705140007"]
    assert score_row(victims, perfect(victims, event_factory, fatalities=4))["fatalities"] is True


def test_old_schema_riots_protests_accepts_either(gold_files: dict[str, Path], event_factory: EventFactory) -> None:
    row = rows_of(gold_files["acled_old"])["901PAK"]
    for predicted, ok in [("Protests", True), ("Riots", True), ("Battles", False)]:
        assert score_row(row, perfect(row, event_factory, event_type=predicted))["event_type"] is ok
    assert "sub_event_type" not in score_row(row, perfect(row, event_factory))


def test_coordinates_within_25_km(gold_files: dict[str, Path], event_factory: EventFactory) -> None:
    row = rows_of(gold_files["acled"])["PAK901"]  # 33.0, 70.07
    assert score_row(row, perfect(row, event_factory, latitude=33.15, longitude=70.07))["coordinates"] is True
    assert score_row(row, perfect(row, event_factory, latitude=33.3, longitude=70.07))["coordinates"] is False
    assert score_row(row, perfect(row, event_factory, latitude=None, longitude=None))["coordinates"] is False


def test_admin_names_compare_normalised(gold_files: dict[str, Path], event_factory: EventFactory) -> None:
    row = rows_of(gold_files["ucdp_ged"])["9002"]  # adm_2 "Kurram Agency"
    checks = score_row(row, perfect(row, event_factory, admin1="FATA", admin2="Kurram District"))
    assert checks["admin1"] and checks["admin2"]


def test_confusions(gold_files: dict[str, Path], event_factory: EventFactory) -> None:
    rows = list(load_gold(gold_files["acled"]).rows)
    events = [
        perfect(row, event_factory, i, event_type="Riots", sub_event_type="Mob violence")
        for i, row in enumerate(rows)
        if row.row_id != "PAK903"
    ]
    card = score(rows, events)
    assert card.event_type_confusion["Explosions/Remote violence"] == {"Riots": 2}
    assert card.event_type_confusion["Protests"] == {"Riots": 1}
    assert card.sub_event_confusions[0] == ("Armed clash", "Mob violence", 2)
    assert ("Remote explosive/landmine/IED", "Mob violence", 2) in card.sub_event_confusions


def test_events_of_other_articles_are_ignored(gold_files: dict[str, Path], event_factory: EventFactory) -> None:
    row = rows_of(gold_files["acled"])["PAK901"]
    stranger = Article(id="elsewhere:1", text="x", published=dt.date(2020, 1, 1))
    card = score([row], [event_factory(stranger)])
    assert card.no_event == 1 and card.events == 0


# --- filters


def test_filters_country_region_limit(gold_files: dict[str, Path]) -> None:
    rows = load_gold(gold_files["acled"]).rows
    ids = lambda kept: [r.row_id for r in kept]  # noqa: E731
    assert ids(filter_rows(rows, country="pakistan")) == ["PAK901", "PAK902", "PAK903"]
    assert ids(filter_rows(rows, region="Southern Asia")) == ["PAK901", "PAK902", "PAK903", "IND901"]
    assert ids(filter_rows(rows, region=["Southern Asia", "Middle East"])) == [
        "PAK901",
        "PAK902",
        "PAK903",
        "IND901",
        "YEM901",
    ]
    # "South Asian and Afghan rows": ACLED puts Afghanistan in Caucasus and Central Asia
    south_and_afghan = filter_rows(rows, region="Southern Asia", country="Afghanistan")
    assert ids(south_and_afghan) == ["PAK901", "PAK902", "PAK903", "AFG901", "IND901"]
    assert ids(filter_rows(rows, region="Southern Asia", limit=2)) == ["PAK901", "PAK902"]
    assert len(filter_rows(rows)) == len(rows)
    assert filter_rows(rows, limit=0) == []
    assert filter_rows(rows, country="Nowhere") == []


def test_a_gold_spelled_as_the_gazetteers_source_matches_acleds_spelling(
    gold_files: dict[str, Path], event_factory: EventFactory
) -> None:
    """GTD writes Cameroon's "North-West" where sitrep, like ACLED, writes "Nord-Ouest": one division."""
    base = rows_of(gold_files["ucdp_ged"])["9001"]
    row = GoldRow(row_id="cm", format=base.format, article=base.article, admin1="North-West")
    assert score_row(row, perfect(row, event_factory, admin1="Nord-Ouest"))["admin1"] is True
    assert score_row(row, perfect(row, event_factory, admin1="Sud-Ouest"))["admin1"] is False
