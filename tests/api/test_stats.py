"""GET /stats: events and fatalities per day, week, admin area, event type and actor."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from sitrep.model import Event


@pytest.mark.parametrize("by", ["day", "week", "admin1", "admin2", "event_type"])
def test_groups_add_up_to_the_filtered_events(api: httpx.Client, all_events: list[Event], by: str) -> None:
    body = api.get("/stats", params={"by": by, "country": "Pakistan"}).json()
    assert body["by"] == by
    rows = body["rows"]
    pakistan = [e for e in all_events if e.country == "Pakistan"]
    assert sum(r["events"] for r in rows) == len(pakistan)
    assert sum(r["fatalities"] for r in rows) == sum(e.fatalities for e in pakistan)
    assert [r["key"] for r in rows] == sorted(r["key"] for r in rows)


def test_weeks_are_keyed_by_their_monday(api: httpx.Client) -> None:
    rows = api.get("/stats", params={"by": "week"}).json()["rows"]
    assert rows
    for row in rows:
        assert dt.date.fromisoformat(row["key"]).weekday() == 0


def test_event_type_counts_match_the_events_endpoint(api: httpx.Client) -> None:
    for row in api.get("/stats", params={"by": "event_type"}).json()["rows"]:
        assert api.get("/events", params={"event_type": row["key"], "limit": 0}).json()["total"] == row["events"]


def test_actor_rows_name_the_coded_actors(api: httpx.Client, all_events: list[Event]) -> None:
    keys = {r["key"] for r in api.get("/stats", params={"by": "actor"}).json()["rows"]}
    assert {e.actor1 for e in all_events if e.actor1} <= keys
