"""The geo stage: an offline gazetteer and a context-aware geocoder.

Gazetteer.open()          the bundled gazetteer.sqlite (all SQL lives in gazetteer.py)
Geocoder(gazetteer)       .resolve(name, qualifier=, context=GeoContext(...)) -> Place | None
layout                    the file's tables, declared once (the builder, sitrep.gazetteer_build, writes
                          through them; it is a separate subpackage: pip install sitrep[build])
distance.distance_km()    the one great-circle distance
"""

from __future__ import annotations

from sitrep.geo.gazetteer import AdminArea, AdminPath, Country, Gazetteer, PlaceRow
from sitrep.geo.resolve import Geocoder, GeoContext

__all__ = ["AdminArea", "AdminPath", "Country", "GeoContext", "Gazetteer", "Geocoder", "PlaceRow"]
