"""The one geodesic distance in sitrep: great-circle kilometres on a sphere of one radius.

Geocoding (the 300 km anchor test), assembly (one town told twice), fusion (``Rules.km``) and
scoring against gold (within 25 km) all measure with this function, so a threshold means the
same distance in every stage. It imports nothing beyond ``math``: any stage may use it.
"""

from __future__ import annotations

import math

__all__ = ["EARTH_RADIUS_KM", "distance_km"]

EARTH_RADIUS_KM = 6371.0
"""The mean Earth radius (IUGG R1, rounded to the kilometre as GeoNames and ACLED tools use)."""


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points in degrees (haversine).

    RETURNS (float): 0.0 for one point; at most half the Earth's circumference.
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
