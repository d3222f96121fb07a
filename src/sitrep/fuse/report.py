"""Reports: one article's coded event, with what fusion needs to weigh it against others.

A report is the unit fusion works on: an ``Event`` as ``assemble`` coded it from one article,
plus the article's publication day (the "most recent report" rules compare it). Its ``key`` is
the event's id, made unique within the article when assemble gave two events one id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from sitrep.model import Article, Event

__all__ = ["CodedArticle", "Report", "reports_from"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """One article's account of one event.

    key (str): unique among all reports; the event id, suffixed ``~2``, ``~3`` on a repeat.
    published (date): the day the article came out.
    """

    key: str
    event: Event
    published: dt.date

    @property
    def article_id(self) -> str:
        return self.event.article_ids[0] if self.event.article_ids else ""


class CodedArticle(Protocol):
    """What ``pipeline.Coded`` offers: an article and the events coded from it."""

    @property
    def article(self) -> Article: ...

    @property
    def events(self) -> tuple[Event, ...]: ...


def reports_from(article: Article, events: Iterable[Event]) -> Iterator[Report]:
    """The reports of one article's events, with keys unique within the article."""
    seen: dict[str, int] = {}
    for event in events:
        n = seen.get(event.event_id, 0) + 1
        seen[event.event_id] = n
        key = event.event_id if n == 1 else f"{event.event_id}~{n}"
        yield Report(key=key, event=event, published=article.published)
