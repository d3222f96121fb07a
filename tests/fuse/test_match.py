"""Which reports fusion treats as one incident (sitrep.fuse.match), rule by rule."""

from __future__ import annotations

import datetime as dt

from sitrep.fuse.match import Rules, date_span, same_incident
from sitrep.model import GeoPrecision, TimePrecision
from tests.fuse.factory import event

MON = dt.date(2026, 3, 2)


def test_reports_a_day_apart_agree_but_three_days_apart_do_not() -> None:
    assert same_incident(event("a", MON), event("b", MON + dt.timedelta(days=1)))
    assert not same_incident(event("a", MON), event("b", MON + dt.timedelta(days=3)))


def test_a_week_precise_date_spans_the_week_around_it_and_a_month_its_calendar_month() -> None:
    week = event("b", MON + dt.timedelta(days=4), precision=TimePrecision.WEEK)
    assert date_span(week) == (MON + dt.timedelta(days=1), MON + dt.timedelta(days=7))
    assert same_incident(event("a", MON), week)
    month = event("c", dt.date(2026, 3, 15), precision=TimePrecision.MONTH)
    assert date_span(month) == (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert same_incident(event("a", dt.date(2026, 3, 30)), month)
    assert not same_incident(event("a", dt.date(2026, 4, 2)), month)


def test_places_agree_when_close_in_one_district_and_not_when_far_or_in_another_district() -> None:
    assert same_incident(event("a", MON, place="Kulachi"), event("b", MON, place="Gara"))  # ~6 km
    assert not same_incident(event("a", MON, place="Kulachi"), event("b", MON, place="Paharpur"))  # ~50 km
    assert not same_incident(event("a", MON, place="Kulachi"), event("b", MON, place="Tank"))
    assert not same_incident(event("a", MON, place="Kulachi"), event("b", MON, place="Gara"), Rules(km=2.0))


def test_a_report_known_only_to_the_district_agrees_with_any_place_in_it() -> None:
    district = event("b", MON, place="Paharpur", geo=GeoPrecision.REGION)
    assert same_incident(event("a", MON, place="Kulachi"), district)


def test_types_agree_within_political_violence_but_not_across_disorder_types() -> None:
    clash = event("a", MON)
    assert same_incident(clash, event("b", MON, sub_event_type="Remote explosive/landmine/IED"))
    assert not same_incident(clash, event("b", MON, sub_event_type="Peaceful protest"))
    arrests = event("c", MON, sub_event_type="Arrests")
    assert same_incident(arrests, event("d", MON, sub_event_type="Arrests"))
    assert not same_incident(arrests, clash)


def test_named_actors_must_agree_unless_one_is_unidentified_or_the_roles_are_swapped() -> None:
    clash = event("a", MON)
    assert not same_incident(clash, event("b", MON, actor1="LeJ: Lashkar-e-Jhangvi"))
    assert not same_incident(clash, event("b", MON, actor2="Civilians (Pakistan)"))
    assert same_incident(clash, event("b", MON, actor1="Unidentified Armed Group (Pakistan)"))
    assert same_incident(clash, event("b", MON, actor2=""))
    swapped = event("b", MON, actor1="Police Forces of Pakistan (2022-)", actor2="TTP: Tehreek-i-Taliban Pakistan")
    assert same_incident(clash, swapped)


def test_two_events_of_one_article_are_never_one_incident() -> None:
    assert not same_incident(event("a", MON), event("a", MON, n=1))
