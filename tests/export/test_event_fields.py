"""event_to_dict: every CONVENTIONS field, JSON types, one shared shape for all formats."""

from __future__ import annotations

import json

from sitrep.export import EVENT_FIELDS, event_to_dict
from sitrep.model import Event

# The event table of shared/CONVENTIONS.md, typed out here so a rename in the model fails a test.
CONVENTIONS_FIELDS = {
    "event_id", "article_ids", "event_date", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "inter1", "inter2",
    "interaction", "civilian_targeting", "iso", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "fatalities", "fatalities_low", "fatalities_best",
    "fatalities_high", "notes", "evidence", "confidence",
}  # fmt: skip


def test_every_conventions_field_is_present(event: Event) -> None:
    assert CONVENTIONS_FIELDS <= set(event_to_dict(event))


def test_key_order_follows_the_model(event: Event) -> None:
    assert tuple(event_to_dict(event)) == EVENT_FIELDS
    assert EVENT_FIELDS[:3] == ("event_id", "article_ids", "event_date")


def test_values_are_json_types(event: Event) -> None:
    out = event_to_dict(event)
    assert out["event_date"] == "2026-02-14"
    assert out["time_precision"] == 1 and type(out["time_precision"]) is int
    assert out["geo_precision"] == 1 and type(out["geo_precision"]) is int
    assert out["article_ids"] == ["tribune-11", "dawn-4"]
    assert json.loads(json.dumps(out)) == out


def test_evidence_is_spans_per_field_sorted_by_field(event: Event) -> None:
    evidence = event_to_dict(event)["evidence"]
    assert list(evidence) == ["fatalities", "sub_event_type"]
    assert evidence["sub_event_type"] == [{"article_id": "tribune-11", "start": 2, "end": 9, "text": "grenade"}]
