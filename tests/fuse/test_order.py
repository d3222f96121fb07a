"""Fusion does not depend on the order reports arrive in (hypothesis over shuffled orders)."""

from __future__ import annotations

import datetime as dt
import tempfile

from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.fuse import Report, fuse_reports, reports_from
from sitrep.model import Coded, Event, GeoPrecision, TimePrecision
from sitrep.store import Store
from tests.fuse.factory import article, event

MON = dt.date(2026, 3, 2)
ACTORS = ("TTP: Tehreek-i-Taliban Pakistan", "LeJ: Lashkar-e-Jhangvi", "Unidentified Armed Group (Pakistan)")


@st.composite
def corpora(draw: st.DrawFn) -> list[tuple[dt.date, list[Event]]]:
    """Up to 12 articles of 1-2 reports each, crowded onto few days, places and actors so that
    reports chain (A~B~C), compete, and one article's two reports could join one neighbour."""
    n = draw(st.integers(min_value=2, max_value=12))
    out: list[tuple[dt.date, list[Event]]] = []
    for i in range(n):
        article_id = f"art{i:02d}"
        published = MON + dt.timedelta(days=draw(st.integers(0, 3)))
        events = []
        for j in range(draw(st.integers(1, 2))):
            events.append(
                event(
                    article_id,
                    MON + dt.timedelta(days=draw(st.integers(0, 3))),
                    n=j,
                    place=draw(st.sampled_from(["Kulachi", "Gara", "Paharpur", "Tank"])),
                    sub_event_type=draw(st.sampled_from(["Armed clash", "Attack", "Remote explosive/landmine/IED"])),
                    actor1=draw(st.sampled_from(ACTORS)),
                    fatalities=draw(st.integers(0, 12)),
                    precision=draw(st.sampled_from(list(TimePrecision))),
                    geo=draw(st.sampled_from([GeoPrecision.PLACE, GeoPrecision.REGION])),
                    confidence=draw(st.sampled_from([0.5, 0.7, 0.9])),
                )
            )
        out.append((published, events))
    return out


def _reports(corpus: list[tuple[dt.date, list[Event]]]) -> list[Report]:
    return [
        r for published, events in corpus for r in reports_from(article(events[0].article_ids[0], published), events)
    ]


@settings(max_examples=150, deadline=None)
@given(corpus=corpora(), data=st.data())
def test_any_order_of_reports_fuses_to_the_same_events(
    corpus: list[tuple[dt.date, list[Event]]], data: st.DataObject
) -> None:
    reports = _reports(corpus)
    shuffled = data.draw(st.permutations(reports))
    assert fuse_reports(shuffled) == fuse_reports(reports)


@settings(max_examples=10, deadline=None)
@given(corpus=corpora(), data=st.data())
def test_a_store_fed_one_article_at_a_time_in_any_order_ends_with_fuse_reports(
    corpus: list[tuple[dt.date, list[Event]]], data: st.DataObject
) -> None:
    order = data.draw(st.permutations(corpus))
    with tempfile.TemporaryDirectory() as tmp, Store(f"sqlite:///{tmp}/s.db") as store:
        store.ingest_coded(
            Coded(article(events[0].article_ids[0], published), tuple(events), ()) for published, events in order
        )
        assert store.check() == []
        stored = sorted(store.events(), key=lambda e: e.event_id)
        # every report's own event id (what `sitrep extract` prints) finds the event it joined
        for ev in (e for _, events in corpus for e in events):
            found = store.event(ev.event_id)
            assert found is not None and ev.article_ids[0] in found.article_ids
    assert stored == fuse_reports(_reports(corpus))
