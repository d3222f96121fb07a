"""Settings: data/defaults.toml, then a user's TOML file, then SITREP_* environment variables."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, SecretStr, ValidationError

from sitrep.errors import ConfigError, Errors
from sitrep.resources import load_toml

__all__ = ["Settings", "load_settings"]


class Settings(BaseModel):
    """Every knob sitrep has; defaults and comments in data/defaults.toml."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    model: str
    gazetteer: str
    batch_size: int
    workers: int
    max_chars: int
    db: str = ""  # the event store: see data/defaults.toml (SITREP_DB)
    db_busy_timeout: float = 30.0
    fusion_days: int = 1
    fusion_km: float = 10.0
    api_token: SecretStr = SecretStr("")  # `sitrep serve`: data/defaults.toml; SecretStr keeps it out of reprs
    read_token: SecretStr = SecretStr("")
    cors_origins: str = ""
    max_body_bytes: int = 10_000_000
    max_batch: int = 500
    max_export_rows: int = 100_000
    fetch_timeout: float = 20.0  # `sitrep watch`'s fetcher: data/defaults.toml
    fetch_max_bytes: int = 5_000_000
    fetch_allow_private: bool = False
    fetch_retries: int = 2
    fetch_backoff: float = 2.0
    fetch_robots: bool = True
    watch_interval: float = 900.0
    triage: bool = True  # skip articles clearly not about political violence: data/defaults.toml
    triage_threshold: float = 0.5

    @property
    def gazetteer_path(self) -> Path | None:
        return Path(self.gazetteer) if self.gazetteer else None


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
