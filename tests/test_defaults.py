"""One source of defaults: data/defaults.toml, read by the settings model, feeds every DEFAULT_*."""

from __future__ import annotations

from sitrep.api.config import DEFAULT_MAX_BATCH, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_EXPORT_ROWS, ApiConfig
from sitrep.cli.batch import DEFAULT_WORKERS as BATCH_WORKERS
from sitrep.cli.evaluate import DEFAULT_WORKERS as EVAL_WORKERS
from sitrep.ingest import DEFAULT_MAX_CHARS
from sitrep.resources import load_toml
from sitrep.settings import Settings, default_settings, load_settings
from sitrep.watch import DEFAULT_INTERVAL


def test_settings_fields_are_exactly_the_defaults_file_and_have_no_python_defaults() -> None:
    assert set(Settings.model_fields) == set(load_toml("defaults.toml"))
    assert all(field.is_required() for field in Settings.model_fields.values())


def test_default_settings_are_the_file_alone() -> None:
    assert default_settings() == load_settings(env={})


def test_every_default_elsewhere_comes_from_the_settings() -> None:
    defaults = default_settings()
    assert DEFAULT_MAX_CHARS == defaults.max_chars == 100_000
    assert (DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BATCH, DEFAULT_MAX_EXPORT_ROWS) == (
        defaults.max_body_bytes,
        defaults.max_batch,
        defaults.max_export_rows,
    )
    assert ApiConfig() == ApiConfig.from_settings(defaults)
    assert BATCH_WORKERS == EVAL_WORKERS == defaults.workers
    assert DEFAULT_INTERVAL == defaults.watch_interval
