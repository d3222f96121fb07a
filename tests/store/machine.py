"""A hypothesis state machine that feeds a store random multi-report corpora and checks it after
every step (the CI test runs it briefly, ``bench/store_invariants.py`` at length).

Articles are drawn from a small world (4 days, 4 places in 2 districts, 3 types, 3 actors) so
that their reports overlap, chain and compete. Steps: a new article of one or two reports; the
same article again (a repeat); its text under another id (a copy); a new version of a stored
article with a revised toll (and sometimes another place), which revises the fused events. After
every step: ``Store.check()`` finds nothing, and the store's events are ``fuse_reports`` of the
current version of every article, which is a function of the set of reports, so the order the
articles came in cannot matter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import delete

from sitrep.fuse import fuse_coded, fuse_reports, reports_from
from sitrep.model import Article, Coded, Event, GeoPrecision, TimePrecision
from sitrep.store import Store
from sitrep.store.tables import AliasRow, ArticleRow, ArticleVersionRow, EventRow, ReportRow, RevisionRow
from tests.fuse.factory import article, event

__all__ = ["Counters", "machine_for"]

MON = dt.date(2026, 3, 2)
PLACES = ("Kulachi", "Gara", "Paharpur", "Tank")
TYPES = ("Armed clash", "Attack", "Remote explosive/landmine/IED")
ACTORS = ("TTP: Tehreek-i-Taliban Pakistan", "LeJ: Lashkar-e-Jhangvi", "Unidentified Armed Group (Pakistan)")
TABLES = (RevisionRow, AliasRow, EventRow, ReportRow, ArticleVersionRow, ArticleRow)


@dataclasses.dataclass
class Counters:
    """What a run tried: examples (cases), steps, and the ingests of each kind."""

    cases: int = 0
    steps: int = 0


@st.composite
def _reports(draw: st.DrawFn, article_id: str) -> tuple[Event, ...]:
    out = []
    for n in range(draw(st.integers(1, 2))):
        out.append(
            event(
                article_id,
                MON + dt.timedelta(days=draw(st.integers(0, 3))),
                n=n,
                place=draw(st.sampled_from(PLACES)),
                sub_event_type=draw(st.sampled_from(TYPES)),
                actor1=draw(st.sampled_from(ACTORS)),
                fatalities=draw(st.integers(0, 12)),
                precision=draw(st.sampled_from(list(TimePrecision))),
                geo=draw(st.sampled_from([GeoPrecision.PLACE, GeoPrecision.REGION])),
            )
        )
    return tuple(out)


def machine_for(url: str, counters: Counters | None = None) -> type[RuleBasedStateMachine]:
    """A state machine class over one store at ``url``, emptied before each case."""
    store = Store(url)
    seen = counters or Counters()

    class StoreMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.store = store
            self.current: dict[str, Coded] = {}  # article id -> its current version
            self.texts: dict[str, str] = {}  # every text stored -> its article id
            self.next_id = 0
            self.version: dict[str, int] = {}
            self.log: list[Coded] = []  # everything ingested, in order

        @initialize()
        def empty(self) -> None:
            """A fresh case: the store emptied."""
            seen.cases += 1
            with self.store.engine.begin() as conn:
                for table in TABLES:
                    conn.execute(delete(table))

        def _ingest(self, coded: Coded) -> None:
            seen.steps += 1
            self.log.append(coded)
            self.store.ingest_coded([coded])

        @rule(data=st.data())
        def publish(self, data: st.DataObject) -> None:
            article_id = f"a{self.next_id:02d}"
            self.next_id += 1
            published = MON + dt.timedelta(days=data.draw(st.integers(0, 4)))
            coded = Coded(article(article_id, published), data.draw(_reports(article_id)), ())
            self._ingest(coded)
            self.current[article_id] = coded
            self.texts[coded.article.text] = article_id
            self.version[article_id] = 1

        @rule(data=st.data())
        def repeat(self, data: st.DataObject) -> None:
            if not self.current:
                return
            coded = self.current[data.draw(st.sampled_from(sorted(self.current)))]
            if data.draw(st.booleans()):  # the same text under a new id: a copy, skipped
                coded = Coded(dataclasses.replace(coded.article, id=f"copy{self.next_id}"), coded.events, ())
                self.next_id += 1
            self._ingest(coded)

        @rule(data=st.data())
        def revise(self, data: st.DataObject) -> None:
            """A new version of a stored article: the toll rises, sometimes the place moves."""
            if not self.current:
                return
            article_id = data.draw(st.sampled_from(sorted(self.current)))
            old = self.current[article_id]
            self.version[article_id] += 1
            text = f"{old.article.text} Update {self.version[article_id]}."
            new_article: Article = dataclasses.replace(old.article, text=text)
            events = []
            for e in old.events:
                toll = e.fatalities + data.draw(st.integers(0, 5))
                place = data.draw(st.sampled_from((e.location, *PLACES)))
                events.append(
                    event(
                        article_id,
                        e.event_date,
                        n=len(events),
                        place=place,
                        sub_event_type=e.sub_event_type,
                        actor1=e.actor1,
                        fatalities=toll,
                        precision=e.time_precision,
                        geo=e.geo_precision,
                    )
                )
            coded = Coded(new_article, tuple(events), ())
            self._ingest(coded)
            self.current[article_id] = coded

        @invariant()
        def sound(self) -> None:
            problems = self.store.check()
            assert [str(p) for p in problems] == []

        @invariant()
        def order_free(self) -> None:
            reports = [r for c in self.current.values() for r in reports_from(c.article, c.events)]
            stored = sorted(self.store.events(), key=lambda e: e.event_id)
            assert stored == fuse_reports(reports)
            assert stored == fuse_coded(self.log)  # the pure stage keeps versions as the store does

    StoreMachine.__name__ = f"StoreMachine_{store.url.get_backend_name()}"
    close: Callable[[], None] = store.close
    StoreMachine.close_store = staticmethod(close)  # type: ignore[attr-defined]
    return StoreMachine
