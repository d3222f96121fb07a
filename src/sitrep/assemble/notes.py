"""Write an event's ``notes``: one or two sentences that say what happened (ACLED style).

ACLED notes open with the date and say who did what to whom where ("On 31 January 2026, ...").
sitrep quotes the clauses the event was coded from, so every note can be checked against the text,
and adds how the fatalities were reached when a total was split.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sitrep.assemble.split import Share
from sitrep.model import Frame, GeoPrecision, Place

__all__ = ["write_notes"]

MAX_QUOTE = 400


def write_notes(frames: Sequence[Frame], *, date: dt.date, place: Place, share: Share) -> str:
    seen: list[str] = []
    for frame in frames:
        text = " ".join(frame.span.text.split())
        if text and text not in seen:
            seen.append(text)
    quote = " ".join(seen)
    if len(quote) > MAX_QUOTE:
        quote = quote[: MAX_QUOTE - 1].rstrip() + "…"
    where = place.name
    admins = [a for a in (place.admin2, place.admin1) if a and a != place.name]
    if admins:
        where += f" ({', '.join(admins)})"
    if place.geo_precision == GeoPrecision.REGION:
        where += ", no town named"
    parts = [f"On {date.day} {date:%B %Y}, in {where}: {quote}"]
    if share.split_note:
        parts.append(share.split_note)
    parts.append(f"{share.best} fatalities." if share.best != 1 else "1 fatality.")
    return " ".join(parts)
