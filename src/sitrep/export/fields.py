"""One event as a JSON-ready dict: the single source of every writer's fields.

Field names and order come from ``model.Event`` (which follows CONVENTIONS.md's ACLED
spellings), so a field added to the record appears in every format without editing a
list here. Values become JSON types: dates ISO strings, enums their integers, tuples
lists, and ``evidence`` ``{field: [{article_id, start, end, text}, ...]}`` with fields sorted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any

from sitrep.model import Event, Evidence

__all__ = [
    "EVENT_FIELDS",
    "event_to_dict",
    "evidence_to_dict",
]

EVENT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Event))
"""Output field names in output order (the order of ``model.Event``)."""


def evidence_to_dict(evidence: Mapping[str, tuple[Evidence, ...]]) -> dict[str, list[dict[str, Any]]]:
    """``{field: [{article_id, start, end, text}, ...]}``, fields sorted for reproducible output."""
    return {
        name: [{"article_id": e.article_id, "start": e.start, "end": e.end, "text": e.text} for e in spans]
        for name, spans in sorted(evidence.items())
    }


def _plain(value: object) -> Any:
    if isinstance(value, enum.IntEnum):
        return int(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def event_to_dict(event: Event) -> dict[str, Any]:
    """Every field of ``event`` under its CONVENTIONS.md name, as JSON types, in a stable order."""
    out: dict[str, Any] = {}
    for name in EVENT_FIELDS:
        value = getattr(event, name)
        out[name] = evidence_to_dict(value) if name == "evidence" else _plain(value)
    return out
