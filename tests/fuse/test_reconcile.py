"""How one incident's reports become one event (sitrep.fuse.reconcile), each rule with its source."""

from __future__ import annotations

import datetime as dt

from sitrep.fuse import Report, fuse_coded, fuse_reports, reconcile, reports_from
from sitrep.model import Event, GeoPrecision, TimePrecision
from tests.fuse.factory import article, event

MON = dt.date(2026, 3, 2)


def _report(ev: Event, published: dt.date) -> Report:
    return next(reports_from(article(ev.article_ids[0], published), [ev]))


def test_a_single_report_is_the_event_extract_coded() -> None:
    ev = event("a", MON, fatalities=4)
    assert reconcile([_report(ev, MON)]) == ev


def test_fatalities_are_the_lowest_figure_and_the_range_spans_every_report() -> None:
    # ACLED: "the most conservative estimate"; UCDP: low and high across sources.
    reports = [
        _report(event("a", MON, fatalities=6), MON + dt.timedelta(days=1)),
        _report(event("b", MON, fatalities=9, low=8, high=12), MON + dt.timedelta(days=2)),
        _report(event("c", MON, fatalities=7), MON + dt.timedelta(days=3)),
    ]
    fused = reconcile(reports)
    assert (fused.fatalities, fused.fatalities_low, fused.fatalities_high) == (6, 6, 12)
    assert fused.fatalities_best == 7  # exact figures beat a range; the most recent exact one wins
    assert "lowest credible" in fused.notes


def test_a_report_without_a_figure_is_not_a_report_of_zero_deaths() -> None:
    fused = reconcile([_report(event("a", MON), MON), _report(event("b", MON, fatalities=3), MON)])
    assert (fused.fatalities, fused.fatalities_low, fused.fatalities_best) == (3, 3, 3)


def test_the_id_is_the_earliest_reports_and_a_later_report_does_not_change_it() -> None:
    first = event("b", MON, fatalities=2)
    pair = [_report(first, MON), _report(event("a", MON), MON + dt.timedelta(days=1))]
    assert reconcile(pair).event_id == first.event_id
    later = [*pair, _report(event("c", MON, fatalities=1), MON + dt.timedelta(days=5))]
    assert reconcile(later).event_id == first.event_id
    assert reconcile(later).article_ids == ("a", "b", "c")


def test_type_follows_the_hierarchy_and_place_and_date_the_most_precise_report() -> None:
    clash = event("a", MON, place="Gara", geo=GeoPrecision.REGION, precision=TimePrecision.WEEK)
    bomb = event("b", MON + dt.timedelta(days=1), sub_event_type="Remote explosive/landmine/IED")
    fused = reconcile([_report(clash, MON + dt.timedelta(days=3)), _report(bomb, MON + dt.timedelta(days=2))])
    assert (fused.event_type, fused.sub_event_type) == ("Battles", "Armed clash")  # Battles rank above
    assert (fused.location, fused.geo_precision) == ("Kulachi", GeoPrecision.PLACE)
    assert (fused.event_date, fused.time_precision) == (MON + dt.timedelta(days=1), TimePrecision.DAY)


def test_a_named_actor_beats_an_unidentified_one() -> None:
    named = event("a", MON)
    unnamed = event("b", MON, actor1="Unidentified Armed Group (Pakistan)")
    fused = reconcile([_report(unnamed, MON + dt.timedelta(days=1)), _report(named, MON)])
    assert fused.actor1 == "TTP: Tehreek-i-Taliban Pakistan"


def test_evidence_and_sources_of_every_report_are_kept() -> None:
    fused = reconcile([_report(event("a", MON, fatalities=1), MON), _report(event("b", MON, fatalities=2), MON)])
    assert {e.article_id for e in fused.evidence["fatalities"]} == {"a", "b"}
    assert fused.source == "Outlet A; Outlet B"


def test_a_chain_does_not_join_two_events_one_article_coded_apart() -> None:
    # x1 and x2 are two clashes one article told apart; y is a report that could be either.
    x1, x2 = event("x", MON, place="Kulachi"), event("x", MON, place="Gara", n=1)
    y = event("y", MON, place="Gara")
    fused = fuse_reports([_report(x1, MON), _report(x2, MON), _report(y, MON)])
    assert sorted(len(e.article_ids) for e in fused) == [1, 2]
    assert next(e for e in fused if len(e.article_ids) == 2).location == "Gara"  # the closer pair joins


class _Coded:
    def __init__(self, art: object, events: tuple[Event, ...]) -> None:
        self.article, self.events = art, events


def test_fuse_coded_skips_a_repeated_text_or_url_as_the_store_does() -> None:
    a = article("a", MON, text="Six  police killed.", url="https://news.example/x#top")
    b = article("b", MON, text="six police killed.")
    c = article("c", MON, text="Another text.", url="https://NEWS.example/x/")
    coded = [
        _Coded(a, (event("a", MON, fatalities=6),)),
        _Coded(b, (event("b", MON, fatalities=60),)),
        _Coded(c, (event("c", MON, fatalities=60),)),
    ]
    fused = fuse_coded(coded)  # type: ignore[arg-type]
    assert [e.article_ids for e in fused] == [("a",)]


def test_attacks_on_consecutive_days_do_not_chain_into_one_event() -> None:
    # Monday ~ Tuesday and Tuesday ~ Wednesday, but Monday and Wednesday are two days apart.
    days = [MON + dt.timedelta(days=i) for i in range(3)]
    reports = [_report(event(name, day, fatalities=2), day) for name, day in zip("abc", days, strict=True)]
    fused = fuse_reports(reports)
    assert len(fused) == 2
    assert not any({"a", "c"} <= set(e.article_ids) for e in fused)
