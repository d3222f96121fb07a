"""The API's knobs, read once from ``Settings`` into one frozen record.

``create_app`` takes an ``ApiConfig`` so tests and embedders set tokens and caps without touching
files or the environment; ``from_settings`` is what ``sitrep serve`` uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitrep.ingest.text import DEFAULT_MAX_CHARS
from sitrep.settings import Settings, default_settings

__all__ = [
    "DEFAULT_MAX_BATCH",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_EXPORT_ROWS",
    "MAX_PAGE",
    "ApiConfig",
]

DEFAULT_MAX_BODY_BYTES = default_settings().max_body_bytes
DEFAULT_MAX_BATCH = default_settings().max_batch
DEFAULT_MAX_EXPORT_ROWS = default_settings().max_export_rows
"""The caps an ``ApiConfig()`` built in code gets: those of data/defaults.toml, as ``sitrep serve``."""
MAX_PAGE = 1000
"""Largest ``limit`` for ``format=json``; CSV and GeoJSON downloads may go to ``max_export_rows``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiConfig:
    """What ``sitrep serve`` enforces.

    api_token (str): the Bearer token ``POST /articles`` needs; empty = writing is disabled.
    read_token (str): when set, every ``GET`` of data needs it too (the page and /health stay open).
    cors_origins (tuple[str, ...]): origins allowed to call the API from a browser; empty = CORS off.
    max_body_bytes (int): largest request body accepted (413 beyond).
    max_batch (int): most articles in one ``POST /articles``.
    max_export_rows (int): most events in one CSV or GeoJSON download.
    max_chars (int): longest article text kept from ``POST /articles`` (longer is cut, W002).
    """

    api_token: str = ""
    read_token: str = ""
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_batch: int = DEFAULT_MAX_BATCH
    max_export_rows: int = DEFAULT_MAX_EXPORT_ROWS
    max_chars: int = DEFAULT_MAX_CHARS

    def __repr__(self) -> str:  # never print a secret (logs, tracebacks)
        return (
            f"ApiConfig(api_token={'<set>' if self.api_token else '<unset>'}, "
            f"read_token={'<set>' if self.read_token else '<unset>'}, cors_origins={self.cors_origins!r}, "
            f"max_body_bytes={self.max_body_bytes}, max_batch={self.max_batch}, "
            f"max_export_rows={self.max_export_rows}, max_chars={self.max_chars})"
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> ApiConfig:
        """The API part of ``settings`` (``cors_origins`` is comma- or space-separated)."""
        origins = settings.cors_origins.replace(",", " ").split()
        return cls(
            api_token=settings.api_token.get_secret_value(),
            read_token=settings.read_token.get_secret_value(),
            cors_origins=tuple(origins),
            max_body_bytes=settings.max_body_bytes,
            max_batch=settings.max_batch,
            max_export_rows=settings.max_export_rows,
            max_chars=settings.max_chars,
        )
