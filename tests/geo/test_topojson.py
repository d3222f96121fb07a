from __future__ import annotations

from sitrep.gazetteer_build.topojson import decode_arcs, iter_features

TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10.0, 20.0]},
    "arcs": [[[0, 0], [4, 0], [0, 4], [-4, 0], [0, -4]], [[4, 0], [2, 0], [0, 2], [-2, -2]]],
    "objects": {
        "x": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0]], "id": "A", "properties": {"name": "Square"}},
                {"type": "MultiPolygon", "arcs": [[[0]], [[1]]], "id": "B"},
                {"type": None, "id": "C"},
            ],
        }
    },
}


def test_arcs_are_dequantised_and_delta_decoded() -> None:
    arcs = decode_arcs(TOPOLOGY)
    assert arcs[0] == [(10.0, 20.0), (12.0, 20.0), (12.0, 22.0), (10.0, 22.0), (10.0, 20.0)]


def test_polygon_features_decode_and_null_geometries_are_skipped() -> None:
    features = list(iter_features(TOPOLOGY, "x"))
    assert [f[0] for f in features] == ["A", "B"]
    assert features[0][1] == {"name": "Square"}
    assert features[0][2].area == 4.0
    assert features[1][2].geom_type == "MultiPolygon"
