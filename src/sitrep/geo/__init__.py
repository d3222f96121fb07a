"""The geo stage: an offline gazetteer and a context-aware geocoder.

Gazetteer.open()          the bundled gazetteer.sqlite (all SQL lives in gazetteer.py)
Geocoder(gazetteer)       .resolve(name, qualifier=, context=GeoContext(...)) -> Place | None
build.build_gazetteer()   rebuilds the file from raw sources (imported on demand: needs pycountry)
"""

from __future__ import annotations

from sitrep.geo.gazetteer import AdminArea, AdminPath, Country, Gazetteer, PlaceRow
from sitrep.geo.resolve import Geocoder, GeoContext

__all__ = ["AdminArea", "AdminPath", "Country", "GeoContext", "Gazetteer", "Geocoder", "PlaceRow"]
