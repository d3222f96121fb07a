"""``assert_sound``: the store's invariants hold; store tests call it after every operation."""

from __future__ import annotations

from sitrep.store import Store

__all__ = ["assert_sound"]


def assert_sound(store: Store) -> None:
    """Every invariant of ``store.integrity`` holds (the problems are shown when one does not)."""
    assert [str(p) for p in store.check()] == []
