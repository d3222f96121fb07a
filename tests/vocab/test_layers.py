"""The spaCy layer reads its lexicons from ``sitrep.vocab``, never from ``extract`` (issue 15): a
stage imports only earlier stages, and the vocabularies sit below both."""

from __future__ import annotations

import ast
from pathlib import Path

import sitrep

SRC = Path(sitrep.__file__).parent


def _imports(package: str) -> set[str]:
    names: set[str] = set()
    for path in (SRC / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
    return names


def test_the_spacy_layer_imports_nothing_from_extract() -> None:
    assert {name for name in _imports("nlp") if name.startswith("sitrep.extract")} == set()


def test_the_vocabularies_import_no_stage() -> None:
    stages = ("sitrep.nlp", "sitrep.extract", "sitrep.geo", "sitrep.assemble", "sitrep.fuse", "sitrep.store")
    assert {name for name in _imports("vocab") if name.startswith(stages)} == set()


def test_event_type_names_are_the_data_files_and_stages_spell_none_themselves() -> None:
    from sitrep.resources import load_toml
    from sitrep.vocab.taxonomy import TAXONOMY_FILE, EventType

    assert {t["name"] for t in load_toml(TAXONOMY_FILE)["event_type"]} == {t.value for t in EventType}
    for package in ("extract", "assemble", "fuse"):
        for path in (SRC / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    assert node.value not in {t.value for t in EventType}, f"{path}: spell {node.value!r} as EventType"
