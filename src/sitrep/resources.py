"""Packaged data files, found through importlib.resources and read once."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["data_path", "load_toml"]


def data_path(relative: str) -> Path:
    """Return the filesystem path of a file under ``sitrep/data``."""
    return Path(str(resources.files("sitrep") / "data" / relative))


@cache
def load_toml(relative: str) -> dict[str, Any]:
    """Load a TOML data file under ``sitrep/data`` (cached: data files do not change at run time)."""
    with data_path(relative).open("rb") as fh:
        return tomllib.load(fh)
