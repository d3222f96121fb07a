"""One event as a JSON-ready dict: the single source of every writer's fields.

The codec itself lives in ``sitrep.codec`` (below every stage, so the store shares it without
importing export); this module keeps the names export has always offered. Field names and order
come from ``model.Event``, so a field added to the record appears in every format.
"""

from __future__ import annotations

from sitrep.codec import EVENT_FIELDS, event_to_dict, evidence_to_dict

__all__ = [
    "EVENT_FIELDS",
    "event_to_dict",
    "evidence_to_dict",
]
