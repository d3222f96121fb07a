"""Is a gold row's place in the gazetteer? Splits the place scores into what the geocoder could
have found and what only a denser gazetteer (the full GeoNames country dumps) would find.

A gold place counts as in the gazetteer when its location name, without an admin word ("Peshawar
Town", "Swabi District", "Kurram Agency"), names a place or admin area of the gazetteer whose point
lies within ``MAX_KM`` of the gold point (or anywhere, when the gold row has no coordinates).
Rows with no location name are not split (``None``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from sitrep.evaluate.gold import GoldRow
from sitrep.geo.distance import distance_km
from sitrep.geo.gazetteer import Gazetteer

__all__ = ["MAX_KM", "GazetteerCoverage"]

MAX_KM = 25.0  # a town's point; an admin area's representative point may lie further from the gold's
MAX_AREA_KM = 60.0
_ADMIN_WORDS = re.compile(
    r"\b(?:district|province|agency|division|tehsil|city|town|village|area|valley|region)\b", re.IGNORECASE
)


class GazetteerCoverage:
    """``coverage(row) -> bool | None``: whether the row's gold place is in the gazetteer.

    gazetteer (Gazetteer | Path | None): an open gazetteer, a file, or None for the bundled one.
    """

    def __init__(self, gazetteer: Gazetteer | Path | None = None) -> None:
        self.gazetteer = gazetteer if isinstance(gazetteer, Gazetteer) else Gazetteer.open(gazetteer)
        self._points = lru_cache(maxsize=65536)(self._name_points)

    def __call__(self, row: GoldRow) -> bool | None:
        name = " ".join(_ADMIN_WORDS.sub(" ", row.location or "").split())
        if not name or row.location is None:
            return None
        points = self._points(name)
        if row.latitude is None or row.longitude is None:
            return bool(points)
        lat, lon = row.latitude, row.longitude
        return any(distance_km(lat, lon, p_lat, p_lon) <= limit for p_lat, p_lon, limit in points)

    def _name_points(self, name: str) -> tuple[tuple[float, float, float], ...]:
        places, areas = self.gazetteer.candidates(name, (), False)
        return tuple((p.lat, p.lon, MAX_KM) for p in places) + tuple(
            (a.lat, a.lon, MAX_AREA_KM) for a in areas if a.level > 0
        )
