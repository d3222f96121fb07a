"""Settings: data/defaults.toml, then a user's TOML file, then SITREP_* environment variables.

data/defaults.toml is the one source of defaults: ``Settings`` declares types only, and every
``DEFAULT_*`` elsewhere (the ingest text limit, the API's caps, CLI options) is read from
``default_settings()``, the defaults file alone.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, SecretStr, ValidationError

from sitrep.errors import ConfigError, Errors
from sitrep.resources import load_toml

__all__ = ["Settings", "default_settings", "load_settings"]


class Settings(BaseModel):
    """Every knob sitrep has; each default and its comment is in data/defaults.toml, and only there.

    The fields have no Python defaults, so a knob missing from the defaults file is an error at
    load time, not a second default. ``api_token`` and ``read_token`` are ``SecretStr`` to keep
    them out of reprs and logs.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    model: str
    learned_model: str
    gazetteer: str
    batch_size: int
    workers: int
    max_chars: int
    db: str
    db_busy_timeout: float
    fusion_days: int
    fusion_km: float
    api_token: SecretStr
    read_token: SecretStr
    cors_origins: str
    max_body_bytes: int
    max_batch: int
    max_export_rows: int
    fetch_timeout: float
    fetch_max_bytes: int
    fetch_allow_private: bool
    fetch_retries: int
    fetch_backoff: float
    fetch_robots: bool
    watch_interval: float
    triage: bool
    triage_threshold: float

    @property
    def gazetteer_path(self) -> Path | None:
        return Path(self.gazetteer) if self.gazetteer else None

    def untriaged(self) -> Settings:
        """These settings with triage off: what measures the coder itself (``sitrep eval``, the
        accuracy report, the speed benchmarks of the parse) codes every article it is given."""
        return self.model_copy(update={"triage": False})


def load_settings(path: Path | None = None, *, env: dict[str, str] | None = None) -> Settings:
    """Read the defaults, overlay a user file and the environment (SITREP_MODEL, SITREP_WORKERS, ...)."""
    values: dict[str, object] = dict(load_toml("defaults.toml"))
    if path is not None:
        try:
            with path.open("rb") as fh:
                values.update(tomllib.load(fh))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(Errors.E012.format(path=path, detail=exc)) from exc
    environ = os.environ if env is None else env
    for name in Settings.model_fields:
        key = f"SITREP_{name.upper()}"
        if key in environ:
            values[name] = environ[key]
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(part) for part in first["loc"]) or "?"
        raise ConfigError(Errors.E013.format(name=name, detail=first["msg"])) from exc


@cache
def default_settings() -> Settings:
    """data/defaults.toml alone, without a user file or the environment: the source of every default."""
    return Settings.model_validate(load_toml("defaults.toml"))
