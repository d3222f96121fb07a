"""sitrep: news articles in, ACLED-coded conflict events out.

``sitrep.Store`` is the event store (``sitrep.store.Store``); it is imported on first use, so
``import sitrep`` stays light for commands that never open a database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sitrep.store import Store

__all__ = ["Store"]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from sitrep.store import Store

        return Store
    raise AttributeError(f"module 'sitrep' has no attribute {name!r}")
