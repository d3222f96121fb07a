"""The public surface of sitrep.export and sitrep.ingest is their sorted __all__."""

from __future__ import annotations

import types

import pytest

import sitrep.export
import sitrep.ingest


@pytest.mark.parametrize("module", [sitrep.export, sitrep.ingest])
def test_all_is_sorted_and_names_every_public_member(module: types.ModuleType) -> None:
    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType) and name != "annotations"
    }
    assert module.__all__ == sorted(module.__all__)
    assert set(module.__all__) <= public
