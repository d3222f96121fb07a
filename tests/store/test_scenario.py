"""The issue's scenario end to end, through the real pipeline, on SQLite and on PostgreSQL:
several reports of one attack with differing figures, a later correction, and an unrelated
attack in the same district on the same day by other actors."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.engine import Engine
from sitrep.fuse import fuse_coded
from sitrep.model import Coded
from sitrep.orchestrate import ingest_articles
from sitrep.pipeline import Pipeline
from sitrep.store import EventQuery, Store
from tests.store.sound import assert_sound
from tests.store.stories import ATTACK_IDS, OTHER_ID, STORIES


@pytest.fixture(scope="module")
def coded(pipeline: Pipeline) -> list[Coded]:
    return list(pipeline.run(STORIES))


def test_the_scenario_ends_as_two_events_with_sources_ranges_and_history(
    store_url: str, coded: list[Coded], pipeline: Pipeline
) -> None:
    with Store(store_url) as store:
        first = ingest_articles(store, STORIES[:1], engine=Engine(pipeline))
        assert_sound(store)
        assert (first.articles_new, first.events_created) == (1, 1)
        early_id = store.events()[0].event_id
        report = ingest_articles(store, STORIES[1:], engine=Engine(pipeline))
        assert_sound(store)
        assert (report.articles_read, report.articles_new, report.articles_duplicate) == (4, 4, 0)

        events = store.events(order="fatalities")
        assert len(events) == 2
        other, attack = events
        assert attack.article_ids == ATTACK_IDS
        assert (attack.event_type, attack.location, attack.admin2) == ("Battles", "Kulachi", "Dera Ismail Khan")
        assert attack.event_date == dt.date(2026, 3, 2)
        # ACLED: the lowest credible figure (the correction's five); UCDP: range and best estimate
        assert (attack.fatalities, attack.fatalities_low, attack.fatalities_best, attack.fatalities_high) == (
            5,
            5,
            5,
            10,
        )
        assert other.article_ids == (OTHER_ID,)
        assert (other.event_type, other.actor1, other.fatalities) == (
            "Violence against civilians",
            "LeJ: Lashkar-e-Jhangvi",
            2,
        )

        # the earliest report (same day as wire-1, first by id) gave the id; wire-1's first id still resolves
        assert attack.event_id == next(c for c in coded if c.article.id == "daily-2").events[0].event_id
        assert early_id != attack.event_id
        resolved = store.event(early_id)
        assert resolved is not None and resolved.event_id == attack.event_id

        sources = store.sources(attack.event_id)
        assert [(s.article_id, s.fatalities) for s in sources] == [
            ("daily-2", 8),
            ("wire-1", 6),
            ("radio-3", 10),
            ("wire-4", 5),
        ]
        assert sources[1].url == "https://frontier.example/2026/03/03/kulachi"
        assert "fatalities" in sources[3].evidence

        history = store.history(attack.event_id)
        assert [r.seq for r in history] == list(range(1, len(history) + 1))
        assert (history[0].cause, history[0].article_id) == ("created", "wire-1")
        assert ("merged", "daily-2") in [(r.cause, r.article_id) for r in history]
        added = [r.article_id for r in history if r.cause == "source added"]
        assert added == ["daily-2", "radio-3", "wire-4"]
        correction = [r for r in history if r.cause == "figures revised" and r.article_id == "wire-4"]
        assert correction and correction[0].changes["fatalities"] == (6, 5)
        assert all(r.at.tzinfo is not None for r in history)

        assert store.count(EventQuery(actor="jhangvi")) == 1
        assert store.count(EventQuery(article_id="radio-3")) == 1

        # re-ingesting changes nothing: no new article, event or revision
        again = ingest_articles(store, STORIES, engine=Engine(pipeline))
        assert_sound(store)
        assert (again.articles_new, again.articles_duplicate, again.events_created, again.events_updated) == (
            0,
            5,
            0,
            0,
        )
        assert {i.code for i in again.issues} == {"W040"}
        assert len(store.history(attack.event_id)) == len(history)
        assert store.events(order="fatalities") == events
        # the store ends with exactly what fusion over the corpus gives
        assert sorted(events, key=lambda e: e.event_id) == fuse_coded(coded)


def test_ingesting_the_scenario_backwards_gives_the_same_events(store_url: str, coded: list[Coded]) -> None:
    with Store(store_url) as store:
        store.ingest_coded(reversed(coded))
        assert_sound(store)
        assert sorted(store.events(), key=lambda e: e.event_id) == fuse_coded(coded)
