"""Events to and from JSON-ready dicts: the one codec the store and every export format share.

It sits beside ``model.py``, below every stage, so the store (which keeps each event's full
record as JSON) and ``sitrep.export`` read and write the same shape without the store importing
export. Field names and order come from ``model.Event``, so a field another stage adds to the
record flows through both without editing a list here. Values become JSON types: dates ISO
strings, enums their integers, tuples lists, and ``evidence`` ``{field: [{article_id, start,
end, text}, ...]}`` with fields sorted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any

from sitrep.model import Event, Evidence, GeoPrecision, TimePrecision

__all__ = [
    "EVENT_FIELDS",
    "OPTIONAL_FIELDS",
    "event_from_dict",
    "event_to_dict",
    "evidence_from_dict",
    "evidence_to_dict",
]

OPTIONAL_FIELDS: tuple[str, ...] = ("typed_by", "label")
"""Fields written only when set (a learned model's decision, ``--model``): without a model every
format is as it was before they existed. The store keeps them with the record; JSON shows them."""

EVENT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Event) if f.name not in OPTIONAL_FIELDS)
"""Output field names in output order (the order of ``model.Event``), the optional ones aside."""


def evidence_to_dict(evidence: Mapping[str, tuple[Evidence, ...]]) -> dict[str, list[dict[str, Any]]]:
    """``{field: [{article_id, start, end, text}, ...]}``, fields sorted for reproducible output."""
    return {
        name: [{"article_id": e.article_id, "start": e.start, "end": e.end, "text": e.text} for e in spans]
        for name, spans in sorted(evidence.items())
    }


def evidence_from_dict(data: Mapping[str, Any]) -> dict[str, tuple[Evidence, ...]]:
    """The inverse of ``evidence_to_dict``."""
    return {
        name: tuple(
            Evidence(article_id=str(s["article_id"]), start=int(s["start"]), end=int(s["end"]), text=str(s["text"]))
            for s in spans
        )
        for name, spans in data.items()
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
    for name in OPTIONAL_FIELDS:
        if value := getattr(event, name):
            out[name] = value
    return out


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def event_from_dict(data: Mapping[str, Any]) -> Event:
    """The ``Event`` that ``event_to_dict`` wrote: keys the record lacks are ignored (a newer
    writer), fields the dict lacks take their defaults (an older one); JSON lists become tuples."""
    values: dict[str, Any] = {name: str(data[name]) for name in OPTIONAL_FIELDS if data.get(name)}
    for name in EVENT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "event_date":
            value = dt.date.fromisoformat(value)
        elif name == "time_precision":
            value = TimePrecision(int(value))
        elif name == "geo_precision":
            value = GeoPrecision(int(value))
        elif name == "evidence":
            value = evidence_from_dict(value)
        else:
            value = _tuples(value)
        values[name] = value
    return Event(**values)
