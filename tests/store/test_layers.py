"""Stage order holds for every stage: no stage imports a later one, the store imports no pipeline,
and readers import nothing from fusion. Imports are read from the source (``ast``), lazy and
``TYPE_CHECKING`` ones included, so a function-level import cannot hide a dependency.

    model, errors, settings, resources, codec        the floor: any stage may import them
    ingest < nlp < extract < geo < assemble < fuse < store < export
    pipeline < engine < orchestrate                  one process codes; the engine runs it over
                                                     many; orchestration reads, codes and stores
    batch, watch, evaluate, gazetteer_build, train   outer floors, above every stage
    api, web, cli                                    the edges: nothing but cli imports them

One engine: only ``sitrep.engine`` starts processes (multiprocessing, Ray), the pipeline knows
no engine, and the engine no store.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

import sitrep

SRC = Path(sitrep.__file__).parent
FLOOR = ("model", "errors", "settings", "resources", "codec")
STAGES = ("ingest", "nlp", "extract", "geo", "assemble", "fuse", "store", "export")
OUTER = ("pipeline", "engine", "orchestrate", "batch", "watch", "evaluate", "gazetteer_build", "train")
EDGES = ("api", "web", "cli")
FUSION = ("sitrep.fuse", "sitrep.store.fusion", "sitrep.batch.fusion")
READERS = (
    "ingest",
    "store/query.py",
    "store/records.py",
    "api/fastread.py",
    "ingest/corpus.py",
    "evaluate/gold.py",
    "export",
)
"""Modules that read articles, events or gold rows: fusion is none of their business."""


def _files(part: str) -> list[Path]:
    path = SRC / part
    if path.suffix == ".py":
        return [path]
    if (SRC / f"{part}.py").is_file():
        return [SRC / f"{part}.py"]
    return sorted(path.rglob("*.py"))


@cache
def _all_imports(part: str) -> frozenset[str]:
    """Every module the package or module ``part`` imports (lazily or not)."""
    names: set[str] = set()
    for path in _files(part):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
    return frozenset(names)


def _imports(part: str) -> frozenset[str]:
    """The ``sitrep.*`` modules ``part`` imports, outside itself."""
    own = f"sitrep.{part.removesuffix('.py').replace('/', '.')}"
    return frozenset(n for n in _all_imports(part) if n.startswith("sitrep") and not n.startswith(own))


def _bad(part: str, forbidden: tuple[str, ...]) -> set[str]:
    return {
        name
        for name in _imports(part)
        if any(name == f or name.startswith(f"{f}.") for f in (f"sitrep.{p}" for p in forbidden))
    }


KNOWN: dict[str, pytest.MarkDecorator] = {}
"""Stages known to break the order (strict xfails); none now. nlp builds its spaCy rulers from the
vocabularies (``sitrep.vocab``) and asks the gazetteer the pipeline hands it (``nlp.components.PlaceNames``)."""


@pytest.mark.parametrize(
    "stage", [pytest.param(s, marks=KNOWN[s]) if s in KNOWN else s for s in STAGES], ids=list(STAGES)
)
def test_a_stage_imports_no_later_stage(stage: str) -> None:
    later = STAGES[STAGES.index(stage) + 1 :] + OUTER + EDGES
    assert _bad(stage, later) == set()


@pytest.mark.parametrize("floor", FLOOR)
def test_the_floor_imports_no_stage(floor: str) -> None:
    assert _bad(floor, STAGES + OUTER + EDGES) == set()


@pytest.mark.parametrize("outer", OUTER)
def test_outer_floors_import_no_edge(outer: str) -> None:
    assert _bad(outer, EDGES) == set()


def test_only_the_command_line_imports_the_api_and_the_web_page() -> None:
    importers = {part for part in (*STAGES, *OUTER, *EDGES, *FLOOR) if part != "cli" and _bad(part, ("cli",))}
    importers |= {part for part in (*STAGES, *OUTER, *FLOOR) if _bad(part, ("api", "web"))}
    assert importers == set()


def test_the_store_imports_no_pipeline() -> None:
    assert _bad("store", ("pipeline", "engine", "orchestrate")) == set()


def test_the_pipeline_codes_in_one_process_and_the_engine_stores_nothing() -> None:
    assert _bad("pipeline", ("engine", "orchestrate", "batch", "watch", "evaluate")) == set()
    assert _bad("engine", ("orchestrate", "batch", "watch", "evaluate")) == set()


def test_only_the_engine_starts_processes() -> None:
    starters = ("multiprocessing", "concurrent.futures", "ray")
    parts = {p.relative_to(SRC).parts[0].removesuffix(".py") for p in SRC.glob("*") if p.suffix == ".py" or p.is_dir()}
    starting = {
        part
        for part in parts - {"engine", "data", "__pycache__"}
        if any(n == s or n.startswith(f"{s}.") for n in _all_imports(part) for s in starters)
    }
    assert starting == set()
    assert {"multiprocessing", "ray"} <= {n.split(".")[0] for n in _all_imports("engine")}


def test_fusion_is_pure() -> None:
    assert {n for n in _all_imports("fuse") if n.startswith(("sqlalchemy", "alembic"))} == set()
    assert {n for n in _imports("fuse") if n.startswith(("sitrep.store", "sitrep.pipeline"))} == set()
    assert _bad("batch/fusion.py", ("batch.run", "batch.report")) == set()


@pytest.mark.parametrize("reader", READERS)
def test_readers_import_nothing_from_fusion(reader: str) -> None:
    assert {n for n in _imports(reader) if n.startswith(FUSION)} == set()


def test_the_store_is_sitrep_store() -> None:
    from sitrep.store import Store

    assert sitrep.Store is Store
