"""Code run in child processes by the safety tests (importable, so spawn can find it)."""

from __future__ import annotations

import datetime as dt
import random

from sitrep.fuse import Report, reports_from
from sitrep.model import Coded
from tests.fuse.factory import PLACES, article, event

__all__ = ["corpus", "ingest_shuffled", "reports"]

MON = dt.date(2026, 3, 2)


def corpus(n: int = 40) -> list[Coded]:
    """n pre-coded articles that crowd a few places and days, so many of them fuse."""
    rng = random.Random(7)
    out = []
    for i in range(n):
        art = article(f"c{i:03d}", MON + dt.timedelta(days=rng.randint(0, 4)))
        ev = event(
            art.id,
            MON + dt.timedelta(days=rng.randint(0, 3)),
            place=rng.choice(sorted(PLACES)),
            fatalities=rng.randint(0, 9),
        )
        out.append(Coded(art, (ev,), ()))
    return out


def reports(coded: list[Coded]) -> list[Report]:
    return [r for c in coded for r in reports_from(c.article, c.events)]


def ingest_shuffled(url: str, seed: int) -> int:
    """Ingest the corpus in a seeded order; the number of articles this process stored."""
    from sitrep.store import Store

    items = corpus()
    random.Random(seed).shuffle(items)
    with Store(url) as store:
        return store.ingest_coded(items).articles_new
