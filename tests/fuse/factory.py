"""Pre-coded reports for fusion and store tests: events as assemble would make them, built fast."""

from __future__ import annotations

import datetime as dt
import hashlib

from sitrep.model import Article, Event, Evidence, GeoPrecision, TimePrecision

__all__ = ["PLACES", "article", "event"]

# (location, admin1, admin2, latitude, longitude): two towns 6 km apart in one district, one 40 km
# away in the same district, and one in another district.
PLACES: dict[str, tuple[str, str, str, float, float]] = {
    "Kulachi": ("Khyber Pakhtunkhwa", "Dera Ismail Khan", 31.9306, 70.4596),
    "Gara": ("Khyber Pakhtunkhwa", "Dera Ismail Khan", 31.9800, 70.4900),
    "Paharpur": ("Khyber Pakhtunkhwa", "Dera Ismail Khan", 32.1050, 70.9720),
    "Tank": ("Khyber Pakhtunkhwa", "Tank", 32.2170, 70.3830),
}  # fmt: skip

TYPES = {
    "Armed clash": ("Battles", "Political violence"),
    "Attack": ("Violence against civilians", "Political violence"),
    "Remote explosive/landmine/IED": ("Explosions/Remote violence", "Political violence"),
    "Peaceful protest": ("Protests", "Demonstrations"),
    "Arrests": ("Strategic developments", "Strategic developments"),
}


def article(article_id: str, published: dt.date, text: str = "", url: str = "") -> Article:
    return Article(
        id=article_id,
        text=text or f"Report {article_id}.",
        published=published,
        url=url,
        source=f"Outlet {article_id[:1].upper()}",
    )


def event(
    article_id: str,
    day: dt.date,
    *,
    place: str = "Kulachi",
    sub_event_type: str = "Armed clash",
    actor1: str = "TTP: Tehreek-i-Taliban Pakistan",
    actor2: str = "Police Forces of Pakistan (2022-)",
    fatalities: int = 0,
    low: int | None = None,
    high: int | None = None,
    precision: TimePrecision = TimePrecision.DAY,
    geo: GeoPrecision = GeoPrecision.PLACE,
    confidence: float = 0.7,
    n: int = 0,
) -> Event:
    """One article's coded event; ``n`` tells two events of one article apart."""
    admin1, admin2, lat, lon = PLACES[place]
    event_type, disorder = TYPES[sub_event_type]
    key = f"{article_id}|{n}|{day}|{place}|{sub_event_type}|{actor1}"
    figures = (
        {"fatalities": (Evidence(article_id=article_id, start=0, end=2, text=str(fatalities)),)} if fatalities else {}
    )
    return Event(
        event_id="ev-" + hashlib.sha1(key.encode()).hexdigest()[:16],
        article_ids=(article_id,),
        event_date=day,
        time_precision=precision,
        disorder_type=disorder,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=actor1,
        inter1=2 if actor1 else 0,
        actor2=actor2,
        inter2=1 if actor2 else 0,
        iso=586,
        country="Pakistan",
        admin1=admin1,
        admin2=admin2,
        location=place,
        latitude=lat,
        longitude=lon,
        geo_precision=geo,
        fatalities=fatalities,
        fatalities_low=fatalities if low is None else low,
        fatalities_best=fatalities,
        fatalities_high=fatalities if high is None else high,
        source=f"Outlet {article_id[:1].upper()}",
        notes=f"{sub_event_type} in {place} on {day}.",
        evidence={"event_type": (Evidence(article_id=article_id, start=0, end=6, text="Report"),), **figures},
        confidence=confidence,
    )
