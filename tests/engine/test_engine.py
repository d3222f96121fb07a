"""The one engine: worker processes code exactly as this process does, in input order, and a
reading error mid-stream still codes what was read before it; the Ray backend takes files only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest

from sitrep.engine import Engine
from sitrep.errors import ConfigError, InputError
from sitrep.model import Article
from sitrep.pipeline import Pipeline
from tests.store.stories import STORIES

QUIET = Article(
    id="quiet",
    published=dt.date(2026, 3, 3),
    text="The provincial assembly in Quetta passed the annual budget on Monday after a short debate.",
)
# more than one chunk of 16, so the workers share the stream and order matters
STREAM = [*STORIES, QUIET] * 4
STREAM = [replace(a, id=f"{a.id}-{i}") for i, a in enumerate(STREAM)]


def test_worker_processes_code_as_this_process_does_in_input_order(pipeline: Pipeline) -> None:
    here = list(pipeline.run(STREAM))
    on_workers = list(Engine(pipeline, workers=2).run(STREAM))
    assert [c.article.id for c in on_workers] == [a.id for a in STREAM]
    assert on_workers == here
    assert any(c.events for c in here) and any(not c.events for c in here)


def test_one_worker_is_this_process_and_its_pipeline(pipeline: Pipeline) -> None:
    engine = Engine(pipeline, workers=1)
    assert list(engine.extract(STREAM[:3])) == list(pipeline.extract(STREAM[:3]))


def _until_a_bad_line() -> Iterator[Article]:
    yield from STREAM[:3]
    raise InputError("[E001] in.jsonl:4: not valid JSON")


@pytest.mark.parametrize("workers", [1, 2])
def test_articles_read_before_a_bad_line_are_coded_then_the_error_is_raised(pipeline: Pipeline, workers: int) -> None:
    coded: list[str] = []
    with pytest.raises(InputError, match="E001"):
        for result in Engine(pipeline, workers=workers).run(_until_a_bad_line()):
            coded.append(result.article.id)
    assert coded == [a.id for a in STREAM[:3]]


def test_the_ray_backend_codes_files_not_articles_in_memory(pipeline: Pipeline) -> None:
    with pytest.raises(ConfigError, match="E090"):
        next(Engine(pipeline, backend="ray").run(STREAM))


def test_an_unknown_backend_is_refused_by_name(pipeline: Pipeline) -> None:
    with pytest.raises(ConfigError, match="E070.*'spark'"):
        Engine(pipeline, backend="spark")
