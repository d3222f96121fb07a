"""The analyst's review loop through the Python API, on both back ends, with the real pipeline:
confirm, correct (locked against later reports, re-ingest and re-fusion; a disagreeing report
flags the event with its proposal), merge and split (surviving new reports), reject and
restore; the store's invariants hold after every step."""

from __future__ import annotations

import pytest

from sitrep.errors import StoreError
from sitrep.model import Coded
from sitrep.pipeline import Pipeline
from sitrep.store import Store
from tests.store.sound import assert_sound
from tests.store.stories import STORIES


@pytest.fixture(scope="module")
def coded(pipeline: Pipeline) -> dict[str, Coded]:
    return {c.article.id: c for c in pipeline.run(STORIES)}


def _attack(store: Store) -> str:
    return next(e.event_id for e in store.events() if "wire-1" in e.article_ids or "daily-2" in e.article_ids)


def test_a_corrected_toll_survives_new_reports_re_ingest_and_re_fusion(store_url: str, coded: dict[str, Coded]) -> None:
    with Store(store_url) as store:
        store.ingest_coded([coded["wire-1"], coded["daily-2"]])
        event_id = _attack(store)
        before = store.review(event_id)
        assert before is not None and not before.reviewed and before.locked == ()
        store.correct(event_id, {"fatalities": 3}, user="ana", why="ministry figure", version=before.version)
        assert_sound(store)
        after = store.review(event_id)
        assert after is not None and after.locked == ("fatalities",) and after.version != before.version
        last = store.history(event_id)[-1]
        assert (last.cause, last.user, last.reason) == ("corrected", "ana", "ministry figure")
        assert last.changes["fatalities"][1] == 3
        with pytest.raises(StoreError, match="E075"):  # stale version
            store.correct(event_id, {"fatalities": 4}, user="bo", why="x", version=before.version)
        for step in (["radio-3"], ["wire-4"], ["radio-3", "wire-1"]):  # new reports, then a re-ingest
            store.ingest_coded([coded[a] for a in step])
            assert_sound(store)
            event = store.event(event_id)
            assert event is not None and event.fatalities == 3
        assert store.repair() == []  # re-fusion keeps the lock
        event = store.event(event_id)
        assert event is not None and event.fatalities == 3 and "wire-4" in event.article_ids
        flagged = [r for r in store.history(event_id) if r.cause == "flagged"]
        assert flagged and flagged[0].changes["fatalities"][0] == 3  # the proposal beside the analyst's value
        review = store.review(event_id)
        assert review is not None and "fatalities" in review.flag
        assert store.review_queue()[0].event.event_id == event_id  # flagged events come first
        store.confirm(event_id, user="ana", why="checked")
        review = store.review(event_id)
        assert review is not None and review.reviewed and review.reviewed_by == "ana" and review.flag == ""
        assert_sound(store)


def test_merge_and_split_survive_new_reports(store_url: str, coded: dict[str, Coded]) -> None:
    with Store(store_url) as store:
        store.ingest_coded([coded["wire-1"], coded["daily-2"], coded["daily-5"]])
        assert len(store.events()) == 2
        attack = _attack(store)
        other = next(e.event_id for e in store.events() if e.event_id != attack)
        kept = store.merge([attack, other], user="ana", why="one incident")
        assert_sound(store)
        assert kept == attack and [e.event_id for e in store.events()] == [attack]
        assert store.resolve(other) == attack
        assert [d.successor for d in store.deletions() if d.event_id == other] == [attack]
        store.ingest_coded([coded["radio-3"], coded["wire-4"]])
        assert_sound(store)
        (event,) = store.events()
        assert set(event.article_ids) == {"wire-1", "daily-2", "daily-5", "radio-3", "wire-4"}
        new_id = store.split(attack, ["daily-5"], user="ana", why="two incidents after all")
        assert_sound(store)
        assert sorted(e.event_id for e in store.events()) == sorted([attack, new_id])
        split_off = store.event(new_id)
        assert split_off is not None and split_off.article_ids == ("daily-5",)
        assert any(r.cause == "split" and r.user == "ana" for r in store.history(attack))
        store.ingest_coded([coded["daily-5"], coded["wire-1"]])  # re-ingest: nothing changes
        assert_sound(store)
        assert store.repair() == []
        assert sorted(e.event_id for e in store.events()) == sorted([attack, new_id])


def test_reject_and_restore(store_url: str, coded: dict[str, Coded]) -> None:
    with Store(store_url) as store:
        store.ingest_coded([coded["daily-5"]])
        (event,) = store.events()
        store.reject(event.event_id, user="ana", why="background")
        assert_sound(store)
        assert store.events() == [] and store.event(event.event_id) is None
        review = store.review(event.event_id)
        assert review is not None and review.rejected
        assert [(d.event_id, d.reason) for d in store.deletions()] == [(event.event_id, "rejected")]
        with pytest.raises(StoreError, match="E074"):
            store.confirm(event.event_id, user="ana")
        store.restore(event.event_id, user="ana", why="it is an event")
        assert_sound(store)
        assert [e.event_id for e in store.events()] == [event.event_id] and store.deletions() == []
        assert [c.event_id for c in store.changes()] == [event.event_id]


def test_a_corrected_place_re_derives_its_admin_areas_from_the_gazetteer(
    store_url: str, coded: dict[str, Coded]
) -> None:
    with Store(store_url) as store:
        store.ingest_coded([coded["wire-1"]])
        (event,) = store.events()
        store.correct(event.event_id, {"location": "Peshawar"}, user="ana", why="the wire named the wrong town")
        assert_sound(store)
        moved = store.event(event.event_id)
        assert moved is not None
        assert (moved.location, moved.admin1, moved.admin2) == ("Peshawar", "Khyber Pakhtunkhwa", "Peshawar")
        assert moved.latitude is not None and abs(moved.latitude - 34.0) < 0.2
        review = store.review(event.event_id)
        assert review is not None and {"location", "admin1", "admin2", "latitude"} <= set(review.locked)
        with pytest.raises(StoreError, match="E074"):
            store.correct(event.event_id, {"location": "Nowhereabad"}, user="ana", why="?")
        store.ingest_coded([coded["daily-2"]])  # a new report of the attack keeps the analyst's place
        assert_sound(store)
        again = store.event(event.event_id)
        assert again is not None and again.location == "Peshawar" and "daily-2" in again.article_ids
