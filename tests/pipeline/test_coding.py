"""End to end: a written wire story in, the events an ACLED coder would write out."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from sitrep.model import Article, Event
from sitrep.pipeline import Pipeline
from tests.pipeline.stories import KHYBER, PROTEST, STATEMENT, TOWNS


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p = math.pi / 180
    h = (
        math.sin((b[0] - a[0]) * p / 2) ** 2
        + math.cos(a[0] * p) * math.cos(b[0] * p) * math.sin((b[1] - a[1]) * p / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def khyber(pipeline: Pipeline) -> list[Event]:
    return list(pipeline.extract([KHYBER]))


def near(events: list[Event], town: str) -> list[Event]:
    return [
        e
        for e in events
        if e.latitude is not None
        and e.longitude is not None
        and km(TOWNS[town], (e.latitude, e.longitude)) <= 25
        and e.event_date == dt.date(2025, 11, 15)
    ]


@pytest.mark.parametrize("town", sorted(TOWNS))
def test_each_attacked_town_gets_its_own_event_on_the_day(khyber: list[Event], town: str) -> None:
    assert near(khyber, town), [(e.location, e.event_date) for e in khyber]


def test_a_grenade_with_no_battle_is_coded_grenade(khyber: list[Event]) -> None:
    assert any(e.sub_event_type == "Grenade" for e in near(khyber, "Bannu"))


def test_a_repelled_assault_on_a_police_station_is_a_battle(khyber: list[Event]) -> None:
    assert any(e.event_type == "Battles" for e in near(khyber, "Lakki Marwat"))


def test_an_attempted_abduction_of_passengers_is_violence_against_civilians(khyber: list[Event]) -> None:
    hits = [e for e in near(khyber, "Dera Ismail Khan") if e.sub_event_type == "Abduction/forced disappearance"]
    assert hits and hits[0].actor2.startswith("Civilians (Pakistan)")
    assert hits[0].civilian_targeting == "Civilian targeting"


def test_the_province_toll_is_shared_not_added_twice(khyber: list[Event]) -> None:
    day = [e for e in khyber if e.event_date == dt.date(2025, 11, 15)]
    # 8 policemen + at least 20 attackers; "dozens" and the 3 in Bannu are already inside them.
    assert sum(e.fatalities for e in day) == 28
    assert sum(e.fatalities for e in near(khyber, "Bannu")) >= 3


def test_the_earlier_raid_keeps_its_own_week(khyber: list[Event]) -> None:
    earlier = [e for e in khyber if e.event_date < dt.date(2025, 11, 15)]
    assert earlier
    assert all(e.time_precision == 2 for e in earlier)
    assert sum(e.fatalities for e in earlier) == 12


def test_a_government_label_resolves_to_the_group_it_names(khyber: list[Event]) -> None:
    names = " ".join(e.actor1 + " " + e.actor2 for e in khyber)
    assert "Fitna" not in names
    assert "TTP" in names


def test_places_named_only_in_accusations_are_not_event_locations(khyber: list[Event]) -> None:
    assert {e.country for e in khyber} == {"Pakistan"}


def test_every_event_carries_evidence_that_quotes_the_article(khyber: list[Event]) -> None:
    for e in khyber:
        assert e.evidence
        for spans in e.evidence.values():
            for span in spans:
                assert KHYBER.text[span.start : span.end] == span.text


def test_event_ids_are_stable_across_runs(pipeline: Pipeline, khyber: list[Event]) -> None:
    again = list(pipeline.extract([KHYBER]))
    assert [e.event_id for e in again] == [e.event_id for e in khyber]


def test_a_peaceful_protest_is_coded_with_its_date_and_place(pipeline: Pipeline) -> None:
    events = list(pipeline.extract([PROTEST]))
    assert len(events) == 1
    e = events[0]
    assert (e.event_type, e.sub_event_type) == ("Protests", "Peaceful protest")
    assert e.event_date == dt.date(2025, 3, 10)
    assert e.location == "Lahore"
    assert e.actor1 == "Protesters (Pakistan)"
    assert e.disorder_type == "Demonstrations"


def test_threats_and_statements_are_not_events(pipeline: Pipeline) -> None:
    assert list(pipeline.extract([STATEMENT])) == []


def test_a_listed_district_the_gazetteer_lacks_falls_back_to_its_province(pipeline: Pipeline) -> None:
    story = Article(
        id="fallback-1",
        published=dt.date(2025, 11, 15),
        text=(
            "On Saturday, militants attacked security posts in Qarazhel, Bannu and Kohat districts of "
            "Khyber Pakhtunkhwa province, but the assaults were repelled."
        ),
    )
    coded = pipeline.code_one(story)
    unknown = [e for e in coded.events if e.location == "Qarazhel"]
    assert unknown, [e.location for e in coded.events]
    assert unknown[0].geo_precision == 3 and unknown[0].admin1 == "Khyber Pakhtunkhwa"
    assert "W005" in {i.code for i in coded.issues}


def test_a_story_with_no_resolvable_place_still_gives_its_event_with_a_warning(pipeline: Pipeline) -> None:
    story = Article(
        id="nowhere-1",
        published=dt.date(2025, 11, 15),
        text="On Friday, gunmen shot dead two men near the village of Qarazhel.",
    )
    coded = pipeline.code_one(story)
    assert coded.events and coded.events[0].location == "" and coded.events[0].latitude is None
    assert "W006" in {i.code for i in coded.issues}


def test_a_town_the_statistical_model_mislabels_is_still_the_location(pipeline: Pipeline) -> None:
    story = Article(
        id="turbat-1",
        published=dt.date(2025, 3, 8),
        text="On Friday, in Turbat, insurgents tried to storm an army camp but the attack was repelled.",
    )
    events = list(pipeline.extract([story]))
    assert [e.location for e in events] == ["Turbat"]
    assert events[0].admin2 == "Kech" and events[0].event_type == "Battles"
