"""The state machine of ``machine.py`` with an analyst at work between ingests: confirm, correct
a toll, merge two events, split a report off, reject and restore. After every step the store's
invariants hold (``Store.check``: fused under the pins and locks, locks kept, pins kept), the
reports an analyst put together are still together, and those split apart are still apart.
(``machine.py``'s order-free invariant does not apply: an analyst's decisions depend on when
they were made.)"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import delete, select

from sitrep.errors import StoreError
from sitrep.store.tables import ReportRow, ReviewRow
from tests.store.machine import Counters, machine_for

__all__ = ["review_machine_for"]


def review_machine_for(url: str, counters: Counters | None = None) -> type[RuleBasedStateMachine]:
    base = machine_for(url, counters)

    class ReviewMachine(base):  # type: ignore[valid-type,misc]
        def __init__(self) -> None:
            super().__init__()
            self.together: set[tuple[str, str]] = set()
            self.apart: set[tuple[str, str]] = set()

        @initialize()
        def no_reviews(self) -> None:
            with self.store.engine.begin() as conn:
                conn.execute(delete(ReviewRow))

        def _placed(self) -> dict[str, str]:
            with self.store.engine.connect() as conn:
                return {row.key: row.event_id for row in conn.execute(select(ReportRow.key, ReportRow.event_id))}

        def _pick(self, data: st.DataObject) -> str | None:
            ids = sorted(e.event_id for e in self.store.events())
            return data.draw(st.sampled_from(ids)) if ids else None

        @rule(data=st.data())
        def correct(self, data: st.DataObject) -> None:
            event_id = self._pick(data)
            if event_id is not None:
                toll = data.draw(st.integers(0, 20))
                self.store.correct(event_id, {"fatalities": toll}, user="ana", why="checked")
                event = self.store.event(event_id)
                assert event is not None and event.fatalities == toll

        @rule(data=st.data())
        def confirm(self, data: st.DataObject) -> None:
            event_id = self._pick(data)
            if event_id is not None:
                self.store.confirm(event_id, user="ana")

        @rule(data=st.data())
        def merge(self, data: st.DataObject) -> None:
            ids = sorted(e.event_id for e in self.store.events())
            if len(ids) < 2:
                return
            pair = data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
            placed = self._placed()
            keys = sorted(k for k, e in placed.items() if e in pair)
            self.store.merge(pair, user="ana", why="one incident")
            self.together |= {(a, b) for a in keys for b in keys if a < b}
            self.apart -= {(a, b) for a in keys for b in keys}

        @rule(data=st.data())
        def split(self, data: st.DataObject) -> None:
            placed = self._placed()
            sizes: dict[str, list[str]] = {}
            for key, event_id in placed.items():
                sizes.setdefault(event_id, []).append(key)
            big = sorted(e for e, keys in sizes.items() if len(keys) > 1)
            if not big:
                return
            event_id = data.draw(st.sampled_from(big))
            keys = sorted(sizes[event_id])
            moved = data.draw(st.sampled_from(keys))
            try:
                self.store.split(event_id, [moved], user="ana", why="two incidents")
            except StoreError as exc:  # the key names an article with every report here: nothing left
                assert "E074" in str(exc)
                return
            moved_keys = {k for k in keys if self._placed().get(k) != self._placed().get(event_id) or k == moved}
            rest = set(keys) - moved_keys
            self.together -= {(a, b) for a in keys for b in keys}
            self.apart |= {(min(a, b), max(a, b)) for a in moved_keys for b in rest}

        @rule(data=st.data())
        def reject_and_maybe_restore(self, data: st.DataObject) -> None:
            event_id = self._pick(data)
            if event_id is None:
                return
            self.store.reject(event_id, user="ana", why="background")
            assert self.store.event(event_id) is None
            if data.draw(st.booleans()):
                self.store.restore(event_id, user="ana", why="it is an event")

        def order_free(self) -> None:  # not an invariant here (no marker): see the module docstring
            return

        @invariant()
        def analyst_groups_hold(self) -> None:
            placed = self._placed()
            for a, b in self.together:
                if a in placed and b in placed:
                    assert placed[a] == placed[b], (a, b)
            for a, b in self.apart:
                if a in placed and b in placed:
                    assert placed[a] != placed[b], (a, b)

    ReviewMachine.__name__ = f"Review{base.__name__}"
    return ReviewMachine
