"""A follow-up story joins the wire story it follows up, end to end through the real pipeline, on
both back ends: one event, both reports, the toll updated, the id kept, every step sound."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.model import Article, Coded
from sitrep.pipeline import Pipeline
from sitrep.store import Store
from tests.store.sound import assert_sound

WIRE = Article(
    id="wire-quetta",
    published=dt.date(2026, 3, 3),
    source="Wire",
    text=(
        "QUETTA, March 3 - Two policemen were killed when militants threw a hand grenade at a police patrol "
        "in Quetta on Tuesday, officials said. Three other people were wounded in the attack on Jinnah Road."
    ),
)
FOLLOW_UP = Article(
    id="local-quetta",
    published=dt.date(2026, 3, 4),
    source="Local",
    text=(
        "Death toll in Quetta grenade attack rises to three. A third policeman died in hospital on Wednesday "
        "of wounds he received in Tuesday's attack. Militants hurled a grenade at the patrol on Jinnah Road. "
        "The BLA claimed responsibility for the attack."
    ),
)


@pytest.fixture(scope="module")
def coded(pipeline: Pipeline) -> list[Coded]:
    return list(pipeline.run([WIRE, FOLLOW_UP]))


@pytest.mark.parametrize("order", ["wire first", "follow-up first"])
def test_the_follow_up_updates_the_wire_storys_event(store_url: str, coded: list[Coded], order: str) -> None:
    items = coded if order == "wire first" else coded[::-1]
    wire_id = next(e.event_id for e in coded[0].events)
    with Store(store_url) as store:
        for item in items:
            store.ingest_coded([item])
            assert_sound(store)
        (event,) = store.events()
        assert event.event_id == wire_id  # the earliest report's id, whichever came first
        assert event.article_ids == ("local-quetta", "wire-quetta")
        assert (event.fatalities, event.fatalities_low, event.fatalities_best, event.fatalities_high) == (3, 2, 3, 3)
        assert event.event_date == dt.date(2026, 3, 3) and event.location == "Quetta"
        reasons = {s.article_id: s.reason for s in store.sources(event.event_id)}
        assert reasons["wire-quetta"] == "first report"
        assert "toll update (3)" in reasons["local-quetta"] and "BLA" in reasons["local-quetta"]
        if order == "wire first":
            causes = [r.cause for r in store.history(event.event_id)]
            assert causes[0] == "created" and "figures revised" in causes and "source added" in causes
