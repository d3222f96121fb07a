"""Query parameters at the edge: parsed, checked and turned into a store ``EventQuery``.

FastAPI reads them into ``EventParams`` (a pydantic model, so they appear in the OpenAPI schema);
anything it cannot read becomes a 400 naming the parameter (E060, see ``app.py``). Unknown
parameters are refused too, so a typo (``evnt_type=``) is an error, not a silently wider query.
Text parameters holding a control character (NUL, which PostgreSQL cannot compare, and the like)
are refused the same way, so both back ends answer alike.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from sitrep.ingest.text import CONTROLS
from sitrep.store import EventQuery

__all__ = [
    "BBox",
    "EventParams",
    "ListParams",
    "Order",
    "StatsParams",
    "check_plain",
    "parse_bbox",
]

Order = Literal["event_date", "-event_date", "fatalities", "-fatalities", "event_id", "-event_id"]
Format = Literal["json", "geojson", "csv"]
By = Literal["day", "week", "admin1", "admin2", "event_type", "actor"]
BBox = tuple[float, float, float, float]

PLAIN_PATTERN = r"^[^\x00-\x08\x0b-\x1f\x7f]*$"
"""No control character but tab and line feed (``ingest.text.CONTROLS``), as the schema says it."""


def check_plain(value: str) -> str:
    """``value`` unless it holds a control character; ValueError says which."""
    found = CONTROLS.search(value)
    if found is not None:
        raise ValueError(f"holds a control character (U+{ord(found.group()):04X}); send plain text")
    return value


def _plain(value: str | None) -> str | None:
    return None if value is None else check_plain(value)


_Text = Annotated[
    str | None,
    Field(default=None, max_length=200, json_schema_extra={"pattern": PLAIN_PATTERN}),
    AfterValidator(_plain),
]
_LON = r"-?(?:180(?:\.0+)?|(?:1[0-7]\d|[1-9]?\d)(?:\.\d+)?)"
_LAT = r"-?(?:90(?:\.0+)?|[1-8]?\d(?:\.\d+)?)"
BBOX_PATTERN = rf"^{_LON},{_LAT},{_LON},{_LAT}$"
"""Four numbers in range (documents the shape; ``parse_bbox`` also checks south ≤ north)."""
FIELDS_PATTERN = r"^[a-z0-9_]+(?:,[a-z0-9_]+)*$"


def parse_bbox(value: str) -> BBox:
    """``"west,south,east,north"`` in WGS 84 degrees; ValueError says what is wrong."""
    parts = value.split(",")
    if len(parts) != 4:
        raise ValueError("expected four numbers 'west,south,east,north'")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise ValueError("expected four numbers 'west,south,east,north'") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise ValueError("coordinates must be finite numbers")
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise ValueError("west and east must lie in -180..180")
    if not (-90 <= south <= 90 and -90 <= north <= 90):
        raise ValueError("south and north must lie in -90..90")
    if south > north:
        raise ValueError("south is north of north")
    return west, south, east, north


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class EventParams(BaseModel):
    """The store's filters (``EventQuery``), one query parameter each; all absent = every event."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: dt.date | None = Field(default=None, description="First event_date (YYYY-MM-DD), inclusive.")
    end: dt.date | None = Field(default=None, description="Last event_date (YYYY-MM-DD), inclusive.")
    country: _Text = None
    admin1: _Text = None
    admin2: _Text = None
    event_type: _Text = None
    sub_event_type: _Text = None
    actor: _Text = Field(default=None, description="Case-insensitive part of actor1/actor2/associated actors.")
    bbox: str | None = Field(
        default=None,
        max_length=200,
        json_schema_extra={"pattern": BBOX_PATTERN},
        description="west,south,east,north in WGS 84 degrees; west > east crosses the antimeridian.",
        examples=["60.8,23.6,77.8,37.1"],
    )
    min_fatalities: int | None = Field(default=None, ge=0, le=10_000_000)
    text: _Text = Field(default=None, description="Case-insensitive part of notes, location or actors.")
    article_id: _Text = None
    updated_since: dt.datetime | None = Field(
        default=None,
        description="Only events changed at or after this time (ISO 8601; UTC unless it says); the page is then "
        "in order of change (oldest first), with `next_cursor`.",
    )
    reviewed: bool | None = Field(default=None, description="Only events an analyst confirmed (or, false, the others).")

    @field_validator("bbox")
    @classmethod
    def _bbox(cls, value: str | None) -> str | None:
        if value is not None:
            parse_bbox(value)
        return value

    def to_query(self) -> EventQuery:
        """The store query these parameters ask for (empty strings count as absent)."""

        def text(value: str | None) -> str | None:
            return value if value else None

        return EventQuery(
            start=self.start,
            end=self.end,
            country=text(self.country),
            admin1=text(self.admin1),
            admin2=text(self.admin2),
            event_type=text(self.event_type),
            sub_event_type=text(self.sub_event_type),
            actor=text(self.actor),
            bbox=parse_bbox(self.bbox) if self.bbox else None,
            min_fatalities=self.min_fatalities,
            text=text(self.text),
            article_id=text(self.article_id),
            updated_since=_utc(self.updated_since),
            reviewed=self.reviewed,
        )


class ListParams(EventParams):
    """``GET /events``: the filters, a page and a format."""

    limit: int = Field(
        default=100,
        ge=0,
        description="Events per page: at most 1000 for json; csv and geojson downloads may ask up to max_export_rows.",
    )
    offset: int = Field(default=0, ge=0, le=10_000_000)
    order: Order = Field(default="-event_date", description="Sort key, '-' for descending; ties by event_id.")
    format: Format = "json"
    cursor: str | None = Field(
        default=None,
        max_length=200,
        description="Go on after this entry of the change feed (`next_cursor` of the previous page).",
    )
    fields: str | None = Field(
        default=None,
        max_length=2000,
        json_schema_extra={"pattern": FIELDS_PATTERN},
        description="Comma-separated event fields to return (default: all).",
    )


class StatsParams(EventParams):
    """``GET /stats``: the filters and a grouping."""

    by: By = Field(description="Group by day, ISO week, admin1, admin2, event_type or actor.")
