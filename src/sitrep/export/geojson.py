"""GeoJSON (RFC 7946): a FeatureCollection of Point features, one per located event.

Each feature's ``id`` is the ``event_id``; its ``properties`` are exactly the JSON Lines
fields; its geometry is ``[longitude, latitude]``. Events without coordinates cannot be
drawn: they are left out and counted in ``skipped`` (also written as the foreign member
``"sitrep:skipped"`` of the collection). Features are streamed, and ``finish()`` closes
the document, so the output is valid JSON even when no event is written.
"""

from __future__ import annotations

import json
import math
from typing import Any

from sitrep.export.base import Writer
from sitrep.export.fields import ReviewMark, event_to_dict
from sitrep.model import Event

__all__ = [
    "GeoJsonWriter",
    "event_to_feature",
]


def event_to_feature(event: Event) -> dict[str, Any] | None:
    """A GeoJSON Point feature for ``event``; None when it has no coordinates."""
    lat, lon = event.latitude, event.longitude
    if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    return {
        "type": "Feature",
        "id": event.event_id,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": event_to_dict(event),
    }


class GeoJsonWriter(Writer):
    def _start(self) -> None:
        self.stream.write('{"type": "FeatureCollection", "features": [')

    def _write(self, event: Event, review: ReviewMark | None) -> None:
        feature = event_to_feature(event)
        if feature is None:
            self.skipped += 1
            return
        if self.reviews:
            feature["properties"] = self.fields(event, review)
        self.stream.write(("\n" if self.count == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        self.count += 1

    def _finish(self) -> None:
        self.stream.write(("\n" if self.count else "") + f'], "sitrep:skipped": {self.skipped}}}\n')
