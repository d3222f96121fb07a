"""One event as a JSON-ready dict: the single source of every writer's fields.

The codec itself lives in ``sitrep.codec`` (below every stage, so the store shares it without
importing export); this module keeps the names export has always offered. Field names and order
come from ``model.Event``, so a field added to the record appears in every format.
"""

from __future__ import annotations

from typing import Any, Protocol

from sitrep.codec import EVENT_FIELDS, event_to_dict, evidence_to_dict

__all__ = [
    "EVENT_FIELDS",
    "REVIEW_FIELDS",
    "ReviewMark",
    "event_to_dict",
    "evidence_to_dict",
    "review_to_dict",
]

REVIEW_FIELDS: tuple[str, ...] = ("reviewed", "reviewed_by")
"""What a store export adds after every other field: whether an analyst confirmed the event
(``true``/``false``) and who ("" when nobody did). A coded record has no review, so ``sitrep
extract`` and ``sitrep batch`` leave them out."""


class ReviewMark(Protocol):
    """An event's review as exports see it (``store.records.ReviewMark``, ``store.records.Review``)."""

    @property
    def reviewed(self) -> bool: ...

    @property
    def reviewed_by(self) -> str: ...


def review_to_dict(mark: ReviewMark | None) -> dict[str, Any]:
    """``{"reviewed": bool, "reviewed_by": str}``; no mark is an event nobody reviewed."""
    if mark is None:
        return {"reviewed": False, "reviewed_by": ""}
    return {"reviewed": bool(mark.reviewed), "reviewed_by": mark.reviewed_by if mark.reviewed else ""}
