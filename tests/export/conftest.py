from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from sitrep.model import Event, Evidence, GeoPrecision, TimePrecision


def _make_event(**changes: object) -> Event:
    """A fully coded event written for these tests; ``changes`` override fields."""
    fields: dict[str, object] = {
        "event_id": "sitrep-7f3a",
        "article_ids": ("tribune-11", "dawn-4"),
        "event_date": dt.date(2026, 2, 14),
        "time_precision": TimePrecision.DAY,
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Grenade",
        "actor1": "Unidentified Armed Group (Pakistan)",
        "inter1": 3,
        "actor2": "Civilians (Pakistan)",
        "inter2": 7,
        "interaction": 37,
        "civilian_targeting": "Civilian targeting",
        "iso": 586,
        "region": "Southern Asia",
        "country": "Pakistan",
        "admin1": "Balochistan",
        "admin2": "Kech",
        "location": "Turbat",
        "latitude": 26.0023,
        "longitude": 63.0440,
        "geo_precision": GeoPrecision.PLACE,
        "fatalities": 2,
        "fatalities_low": 2,
        "fatalities_best": 2,
        "fatalities_high": 3,
        "source": "Express Tribune; Dawn",
        "notes": "On 14 February 2026, a grenade thrown at a shop in Turbat killed two people.",
        "evidence": {
            "sub_event_type": (Evidence(article_id="tribune-11", start=2, end=9, text="grenade"),),
            "fatalities": (Evidence(article_id="tribune-11", start=30, end=37, text="two men"),),
        },
        "confidence": 0.8,
    }
    fields.update(changes)
    return Event(**fields)  # type: ignore[arg-type]


@pytest.fixture
def make_event() -> Callable[..., Event]:
    """Build a test event; keyword arguments override its fields."""
    return _make_event


@pytest.fixture
def event() -> Event:
    return _make_event()
