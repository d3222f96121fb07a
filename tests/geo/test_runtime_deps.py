"""The gazetteer builder is out of the runtime: the geocoder reads the file declared in
``geo.layout`` with neither numpy nor pycountry, and only ``sitrep gazetteer build`` reaches the
builder (``sitrep[build]``)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import sitrep
from sitrep.geo.gazetteer import _ADMIN_FIELDS
from sitrep.geo.layout import columns, layout_problems

SRC = Path(sitrep.__file__).parent
BUILD_ONLY = ("numpy", "pycountry")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_the_table_layout_is_declared_once_and_read_by_the_reader() -> None:
    assert layout_problems() == []
    assert set(_ADMIN_FIELDS) <= set(columns("admin"))


def test_no_runtime_module_imports_numpy_and_the_geocoder_not_pycountry() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if rel.parts[0] == "gazetteer_build":
            continue
        mods = {m.split(".")[0] for m in _imports(path)}
        banned = {"numpy"} | ({"pycountry"} if rel.parts[0] == "geo" else set())
        if mods & banned:
            offenders.append(f"{rel}: {sorted(mods & banned)}")
    assert offenders == []


def test_only_the_gazetteer_command_reaches_the_builder() -> None:
    users = [
        str(path.relative_to(SRC))
        for path in sorted(SRC.rglob("*.py"))
        if path.relative_to(SRC).parts[0] != "gazetteer_build"
        and any(m.startswith("sitrep.gazetteer_build") for m in _imports(path))
    ]
    assert users == ["cli/gazetteer.py"]


def test_geocoding_loads_neither_numpy_nor_pycountry() -> None:
    code = (
        "import sys\n"
        "from sitrep.geo import Gazetteer, Geocoder, GeoContext\n"
        "place = Geocoder(Gazetteer.open()).resolve('Quetta', context=GeoContext(countries=(586,)))\n"
        "assert place is not None and place.admin1 == 'Balochistan', place\n"
        f"print(sorted(m for m in {BUILD_ONLY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
