"""sitrep's HTTP API and web page (``sitrep serve``): ``create_app(store, config=ApiConfig(...))``."""

from __future__ import annotations

from sitrep.api.app import create_app, static_dir
from sitrep.api.config import ApiConfig

__all__ = ["ApiConfig", "create_app", "static_dir"]
