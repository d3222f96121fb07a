"""GET /events: every filter, paging, order and the three formats, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from sitrep.export import ACLED_COLUMNS, AcledCsvWriter
from sitrep.model import Event


def _ids(page: dict[str, Any]) -> set[str]:
    return {e["event_id"] for e in page["events"]}


def test_demo_store_has_fused_events(all_events: list[Event]) -> None:
    assert len(all_events) >= 20
    assert any(len(e.article_ids) >= 2 for e in all_events), "the demo corpus reports some incidents twice"


def test_json_page_carries_total_and_conventions_fields(api: httpx.Client, all_events: list[Event]) -> None:
    response = api.get("/events", params={"limit": 5})
    assert response.status_code == 200
    page = response.json()
    assert page["total"] == len(all_events) == int(response.headers["x-total-count"])
    assert (page["limit"], page["offset"], len(page["events"])) == (5, 0, 5)
    first = page["events"][0]
    for name in (
        "event_id",
        "article_ids",
        "event_date",
        "event_type",
        "sub_event_type",
        "actor1",
        "admin1",
        "latitude",
        "longitude",
        "fatalities",
        "fatalities_low",
        "fatalities_best",
        "fatalities_high",
        "notes",
        "evidence",
        "confidence",
    ):
        assert name in first


def test_pages_cover_every_event_once_in_order(api: httpx.Client, all_events: list[Event]) -> None:
    seen: list[dict[str, Any]] = []
    for offset in range(0, len(all_events), 7):
        seen += api.get("/events", params={"limit": 7, "offset": offset, "order": "fatalities"}).json()["events"]
    assert sorted(e["event_id"] for e in seen) == sorted(e.event_id for e in all_events)
    keys = [(e["fatalities"], e["event_id"]) for e in seen]
    assert keys == sorted(keys)


@pytest.mark.parametrize("order", ["event_date", "-event_date", "-fatalities", "event_id", "-event_id"])
def test_order_sorts_with_event_id_breaking_ties(api: httpx.Client, order: str) -> None:
    events = api.get("/events", params={"order": order, "limit": 1000}).json()["events"]
    field = order.lstrip("-")
    descending = order.startswith("-")
    values = [e[field] for e in events]
    assert values == sorted(values, reverse=descending)


FILTERS: list[tuple[dict[str, str], Callable[[Event], bool]]] = [
    (
        {"start": "2026-08-20", "end": "2026-09-10"},
        lambda e: dt.date(2026, 8, 20) <= e.event_date <= dt.date(2026, 9, 10),
    ),
    ({"country": "Afghanistan"}, lambda e: e.country == "Afghanistan"),
    ({"admin1": "Balochistan"}, lambda e: e.admin1 == "Balochistan"),
    ({"admin2": "Kech"}, lambda e: e.admin2 == "Kech"),
    ({"event_type": "Protests"}, lambda e: e.event_type == "Protests"),
    ({"sub_event_type": "Armed clash"}, lambda e: e.sub_event_type == "Armed clash"),
    (
        {"actor": "baloch liberation"},
        lambda e: any("baloch liberation" in a.lower() for a in (e.actor1, e.actor2, e.assoc_actor_1, e.assoc_actor_2)),
    ),
    (
        {"bbox": "60,24,70,31"},
        lambda e: (
            e.longitude is not None and e.latitude is not None and 60 <= e.longitude <= 70 and 24 <= e.latitude <= 31
        ),
    ),
    ({"min_fatalities": "5"}, lambda e: e.fatalities >= 5),
    ({"text": "KUNDUZ"}, lambda e: "kunduz" in (e.notes + e.location).lower()),
    ({"article_id": "demo-24"}, lambda e: "demo-24" in e.article_ids),
    (
        {"admin1": "Balochistan", "event_type": "Battles", "min_fatalities": "1"},
        lambda e: e.admin1 == "Balochistan" and e.event_type == "Battles" and e.fatalities >= 1,
    ),
]


@pytest.mark.parametrize(("params", "keep"), FILTERS, ids=[",".join(p) for p, _ in FILTERS])
def test_each_filter_returns_exactly_the_matching_events(
    api: httpx.Client, all_events: list[Event], params: dict[str, str], keep: Callable[[Event], bool]
) -> None:
    expected = {e.event_id for e in all_events if keep(e)}
    assert expected, f"the demo corpus should have events for {params}"
    page = api.get("/events", params={**params, "limit": 1000}).json()
    assert _ids(page) == expected
    assert page["total"] == len(expected)


def test_empty_filter_values_count_as_absent(api: httpx.Client, all_events: list[Event]) -> None:
    page = api.get("/events", params={"country": "", "actor": "", "limit": 1}).json()
    assert page["total"] == len(all_events)


def test_fields_cuts_each_event_to_the_named_fields(api: httpx.Client) -> None:
    events = api.get("/events", params={"fields": "event_id,fatalities", "limit": 3}).json()["events"]
    assert [sorted(e) for e in events] == [["event_id", "fatalities"]] * 3


def test_geojson_has_one_point_per_located_event(api: httpx.Client, all_events: list[Event]) -> None:
    response = api.get("/events", params={"format": "geojson", "admin1": "Balochistan", "limit": 5000})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    doc = response.json()
    expected = {e.event_id: e for e in all_events if e.admin1 == "Balochistan"}
    assert doc["type"] == "FeatureCollection"
    assert doc["sitrep:total"] == len(expected)
    assert len(doc["features"]) + doc["sitrep:skipped"] == len(expected)
    for feature in doc["features"]:
        event = expected[feature["id"]]
        assert feature["geometry"] == {"type": "Point", "coordinates": [event.longitude, event.latitude]}
        assert feature["properties"]["event_id"] == event.event_id


def test_csv_download_starts_with_acled_columns_and_has_a_row_per_event(
    api: httpx.Client, all_events: list[Event]
) -> None:
    response = api.get("/events", params={"format": "csv", "event_type": "Battles", "limit": 5000})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0])[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    assert sorted(r["event_id_cnty"] for r in rows) == sorted(
        e.event_id for e in all_events if e.event_type == "Battles"
    )


def test_csv_download_equals_the_exporter_writing_the_decoded_events(
    api: httpx.Client, all_events: list[Event]
) -> None:
    """The download is written from the stored JSON (no Event round trip): the same bytes, with
    the review columns of a store export (nobody reviewed these events)."""
    body = api.get("/events", params={"format": "csv", "order": "event_id", "limit": 5000}).text
    expected = io.StringIO()
    with AcledCsvWriter(expected, reviews=True) as writer:
        for event in sorted(all_events, key=lambda e: e.event_id):
            writer.write(event)
    assert body == expected.getvalue()


def test_csv_export_streams_past_one_store_page(api: httpx.Client, all_events: list[Event]) -> None:
    """Exports read the store page by page; offset and limit still cut the selection exactly."""
    rows = list(
        csv.DictReader(
            io.StringIO(
                api.get("/events", params={"format": "csv", "order": "event_id", "offset": 3, "limit": 10}).text
            )
        )
    )
    assert [r["event_id_cnty"] for r in rows] == sorted(e.event_id for e in all_events)[3:13]
