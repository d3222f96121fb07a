"""Stage order holds: fusion is pure (no database, nothing after it), and the store never imports
export, the API, the web page or the command line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import sitrep

SRC = Path(sitrep.__file__).parent
LATER = ("sitrep.export", "sitrep.api", "sitrep.web", "sitrep.cli", "sitrep.batch")


def _imports(package: str) -> set[str]:
    names: set[str] = set()
    for path in (SRC / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
    return names


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("fuse", (*LATER, "sitrep.store", "sitrep.pipeline", "sqlalchemy", "alembic")),
        ("store", LATER),
    ],
)
def test_a_stage_imports_no_later_stage(package: str, forbidden: tuple[str, ...]) -> None:
    bad = {name for name in _imports(package) if name.startswith(forbidden)}
    assert bad == set()


def test_the_store_is_sitrep_store() -> None:
    from sitrep.store import Store

    assert sitrep.Store is Store
