"""bench/load.py ``--fill-first``: the rows it copies under new ids make a store that the
integrity check finds sound (both back ends): each copy is other incidents, fused as the base,
with its own articles, reports, aliases and history, and an event an analyst reviewed is not copied."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from sitrep.model import Coded
from sitrep.store import Store
from tests.store.sound import assert_sound

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load_bench() -> ModuleType:
    if "bench_load" in sys.modules:
        return sys.modules["bench_load"]
    spec = importlib.util.spec_from_file_location("bench_load", BENCH / "load.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_load"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)  # puts bench/ on sys.path for its api_load import
    return module


def _dense(n: int) -> Iterator[Coded]:
    """The synthetic coded articles load.py fills with (bench/api_load.py), their days folded into
    three weeks so that fusion joins many (merges, aliases, splits: histories a copy must carry)."""
    filler = sys.modules["api_load"]  # imported by bench/load.py
    for coded in filler.synthesise(n, seed=3):
        (event,) = coded.events
        day = filler.DAY0 + dt.timedelta(days=(event.event_date - filler.DAY0).days % 21)
        article = dataclasses.replace(coded.article, published=day + dt.timedelta(days=1))
        yield dataclasses.replace(coded, article=article, events=(dataclasses.replace(event, event_date=day),))


def test_copied_rows_are_other_incidents_and_the_store_stays_sound(store_url: str) -> None:
    load = _load_bench()
    with Store(store_url) as store:
        store.ingest_coded(_dense(300))
        base = store.count()
        merged = store.article_count() - base  # articles that joined another's event
        reviewed = store.events(limit=1, order="event_id")[0]
        store.confirm(reviewed.event_id, user="analyst")
        original = store.events(limit=1, offset=1, order="event_id")[0]
        merges = sum(r.cause == "merged" for e in store.events() for r in store.history(e.event_id))
    assert merged > 0 and merges > 0  # the base has multi-report events and retired ids

    count, _ = load.clone_store(store_url, base * 3)

    with Store(store_url) as store:
        assert count == store.count() >= base * 3
        assert_sound(store)
        assert store.event(load.Copy(1).id(reviewed.event_id)) is None  # its review would not be copied
        copy = store.event(load.Copy(1).id(original.event_id))
        assert copy is not None
        assert copy.actor1 == f"{original.actor1} [copy 1]" and copy.admin2 == original.admin2
        assert copy.event_date == original.event_date and copy.fatalities == original.fatalities
        assert copy.article_ids == tuple(load.Copy(1).id(a) for a in original.article_ids)
        assert all(store.article(a) is not None for a in copy.article_ids)
        assert len(store.history(copy.event_id)) == len(store.history(original.event_id))
