"""One geodesic distance: every stage measures kilometres with ``sitrep.geo.distance``."""

from __future__ import annotations

import re
from pathlib import Path

import sitrep
from sitrep.geo.distance import EARTH_RADIUS_KM, distance_km

SRC = Path(sitrep.__file__).parent


def test_known_distances() -> None:
    assert distance_km(30.0, 67.0, 30.0, 67.0) == 0.0
    assert 111.1 < distance_km(0.0, 0.0, 1.0, 0.0) < 111.2  # one degree on the mean sphere
    assert abs(distance_km(0.0, 0.0, 0.0, 180.0) - EARTH_RADIUS_KM * 3.141592653589793) < 1e-6
    assert distance_km(31.0, 67.0, 30.0, 67.0) == distance_km(30.0, 67.0, 31.0, 67.0)


def test_one_haversine_and_one_radius_in_the_package() -> None:
    """No module but geo/distance.py defines a great-circle distance or an Earth radius."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path == SRC / "geo" / "distance.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\b637\d\.\d|math\.asin\(|def (haversine|distance)_km\b", text):
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []
