"""Build the web map's boundary layers from the bundled gazetteer's polygons.

The page draws no tiles: its backdrop is three GeoJSON files cut from ``gazetteer.sqlite``'s
``admin`` table, so a boundary's name is spelled exactly as in the events' ``country``,
``admin1`` and ``admin2`` fields. Polygons are simplified further than the gazetteer's and their
coordinates rounded, to keep the shipped files a few MB::

    countries.geojson   level 0, every country          (name, iso)
    admin1.geojson      level 1, every province        (name, country, iso)
    admin2.geojson      level 2 with polygons (Pakistan) (name, admin1, country, iso)

Run by ``scripts/build-web.sh``; writes into ``src/sitrep/web/static/boundaries/``.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import zlib
from pathlib import Path
from typing import Any

from shapely import wkb
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

# level: (simplify tolerance in degrees, decimals kept)
LEVELS = {0: (0.04, 2), 1: (0.06, 2), 2: (0.008, 3)}
FILES = {0: "countries.geojson", 1: "admin1.geojson", 2: "admin2.geojson"}


def _round(coords: Any, decimals: int) -> Any:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), decimals) for c in coords[:2]]
    return [_round(c, decimals) for c in coords]


def _feature(geometry: BaseGeometry, properties: dict[str, Any], decimals: int) -> dict[str, Any] | None:
    if geometry.geom_type == "GeometryCollection":  # keep its polygons only
        parts = [g for g in getattr(geometry, "geoms", ()) if g.geom_type in ("Polygon", "MultiPolygon")]
        geometry = unary_union(parts) if parts else geometry
    if geometry.is_empty or geometry.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    geo = mapping(geometry)
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": geo["type"], "coordinates": _round(geo["coordinates"], decimals)}}


def build(gazetteer: Path, out: Path) -> dict[str, int]:
    """Write the three layers into ``out``; returns each file's size in bytes."""
    out.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(f"file:{gazetteer}?mode=ro", uri=True)
    countries = dict(db.execute("SELECT iso, name FROM countries"))
    sizes: dict[str, int] = {}
    for level, (tolerance, decimals) in LEVELS.items():
        features = []
        rows = db.execute(
            "SELECT name, admin1, iso, wkb FROM admin WHERE level = ? AND wkb IS NOT NULL ORDER BY iso, name",
            (level,),
        )
        for name, admin1, iso, blob in rows:
            geometry = wkb.loads(zlib.decompress(blob)).simplify(tolerance, preserve_topology=True)
            props: dict[str, Any] = {"name": name, "iso": iso, "country": countries.get(iso, "")}
            if level == 2:
                props["admin1"] = admin1
            feature = _feature(geometry, props, decimals)
            if feature is not None:
                features.append(feature)
        text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"),
                          ensure_ascii=False)
        path = out / FILES[level]
        path.write_text(text, encoding="utf-8")
        sizes[path.name] = len(text.encode())
    return sizes


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    gaz = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "src/sitrep/data/gazetteer/gazetteer.sqlite"
    for name, size in build(gaz, root / "src/sitrep/web/static/boundaries").items():
        print(f"{name}: {size:,} bytes")
