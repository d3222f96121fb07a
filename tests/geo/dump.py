"""A small sources folder in the formats a user downloads: a GeoNames country dump (``PK.zip`` holding
``PK.txt`` in GeoNames' 19 columns), ``admin1CodesASCII.txt``, ``admin2Codes.txt``, an alternate-name
file, and geoBoundaries-style ADM1/ADM2 GeoJSON layers. Every name and shape here is made up for the
tests; the provinces borrow real names so that the regional phrases (data/gazetteer/regions.toml)
have a province to map to.

    Punjab (lon 72-74, lat 30-32)        district Lakhmir   (72-73, 30-31)
    Sindh (67-69, 24-26)                 district Dharki Kot (67-68, 24-25)
    Khyber Pakhtunkhwa (70-72, 33-35)    district Gulabad   (70-71, 33-34)
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

# geonameid, name, lat, lon, feature class, feature code, admin1, admin2, population, alternates
DUMP_ROWS: list[tuple[int, str, float, float, str, str, str, str, int, str]] = [
    (9100001, "Shahpur", 30.50, 72.50, "P", "PPL", "04", "9200001", 5000, ""),
    (9100002, "Shahpur", 24.50, 67.50, "P", "PPL", "05", "9200002", 8000, "Shah Pur"),
    (9100003, "Lakhmir Mandi", 30.60, 72.70, "P", "PPLA2", "04", "9200001", 20000, ""),
    (9100004, "Nushki", 33.50, 70.50, "P", "PPL", "03", "9200003", 30000, "Nushky"),
    (9100005, "Sarband", 33.70, 70.80, "P", "PPL", "03", "9200003", 1200, ""),
    (9100006, "Sarband", 34.50, 71.50, "T", "MT", "03", "", 0, ""),
    (9100007, "Gulabad", 33.20, 70.20, "P", "PPLA2", "03", "9200003", 40000, ""),
    (9100008, "Kalri Wah", 24.90, 67.90, "H", "STM", "05", "", 0, ""),  # a stream: not kept
    (9100009, "Punjab", 31.00, 73.00, "A", "ADM1", "04", "", 0, ""),  # admin rows come from the code files
    (9100010, "Pirwala", 30.90, 73.80, "P", "PPLH", "04", "", 0, ""),  # a historical place: not kept
    (9100011, "Kalri", 24.70, 67.70, "P", "PPL", "05", "9200002", 3000, ""),
    (9100012, "Kaleri", 30.30, 72.30, "P", "PPL", "04", "9200001", 900, ""),  # a spelling variant of it
]
ADMIN1 = [("PK.03", "Khyber Pakhtunkhwa"), ("PK.04", "Punjab"), ("PK.05", "Sindh")]
ADMIN2 = [
    ("PK.04.9200001", "Lakhmir District"),
    ("PK.05.9200002", "Dharki Kot District"),
    ("PK.03.9200003", "Gulabad District"),
]
PROVINCES = {"Punjab": (72, 30, 74, 32), "Sindh": (67, 24, 69, 26), "Khyber Pakhtunkhwa": (70, 33, 72, 35)}
DISTRICTS = {"Lakhmir": (72, 30, 73, 31), "Dharki Kot": (67, 24, 68, 25), "Gulabad": (70, 33, 71, 34)}


def dump_line(row: tuple[int, str, float, float, str, str, str, str, int, str]) -> str:
    """One row in GeoNames' 19 tab-separated columns."""
    gid, name, lat, lon, fclass, fcode, a1, a2, pop, alts = row
    cols = [
        str(gid),
        name,
        name,
        alts,
        f"{lat}",
        f"{lon}",
        fclass,
        fcode,
        "PK",
        "",
        a1,
        a2,
        "",
        "",
        str(pop),
        "",
        "250",
        "Asia/Karachi",
        "2024-01-01",
    ]
    assert len(cols) == 19
    return "\t".join(cols)


def _square(x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def _layer(level: int, shapes: dict[str, tuple[int, int, int, int]]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"shapeName": name, "shapeGroup": "PAK", "shapeType": f"ADM{level}"},
                "geometry": _square(*box),
            }
            for name, box in shapes.items()
        ],
    }


def write_dump_sources(root: Path) -> Path:
    """Write the folder; RETURNS its path (``root``)."""
    geo = root / "geonames"
    (geo / "alternatenames").mkdir(parents=True)
    with zipfile.ZipFile(geo / "PK.zip", "w") as zf:
        zf.writestr("PK.txt", "\n".join(dump_line(r) for r in DUMP_ROWS) + "\n")
        zf.writestr("readme.txt", "made-up rows for sitrep's tests\n")
    (geo / "admin1CodesASCII.txt").write_text(
        "".join(f"{code}\t{name}\t{name}\t{9000000 + i}\n" for i, (code, name) in enumerate(ADMIN1)), encoding="utf-8"
    )
    (geo / "admin2Codes.txt").write_text(
        "".join(f"{code}\t{name}\t{name}\t{code.rsplit('.', 1)[1]}\n" for code, name in ADMIN2), encoding="utf-8"
    )
    alternates = [
        (1, 9100003, "en", "Lakhmir Bazar"),
        (2, 9100003, "post", "40100"),  # a postal code, not a name
        (3, 9100007, "link", "https://example.org/Gulabad"),
    ]
    with zipfile.ZipFile(geo / "alternatenames" / "PK.zip", "w") as zf:
        zf.writestr("PK.txt", "".join(f"{a}\t{g}\t{lang}\t{name}\t\t\t\t\t\t\n" for a, g, lang, name in alternates))
    layers = root / "boundaries" / "geoboundaries"
    layers.mkdir(parents=True)
    (layers / "geoBoundaries-PAK-ADM1.geojson").write_text(json.dumps(_layer(1, PROVINCES)), encoding="utf-8")
    (layers / "geoBoundaries-PAK-ADM2.geojson").write_text(json.dumps(_layer(2, DISTRICTS)), encoding="utf-8")
    return root
