"""Reports: one article's coded event, with what fusion needs to weigh it against others.

A report is the unit fusion works on: an ``Event`` as ``assemble`` coded it from one article,
plus the article's publication day (the "most recent report" rules compare it). Its ``key`` is
the event's id, made unique within the article when assemble gave two events one id: the
repeat's key and event id become ``<id>~2``, ``<id>~3``, so that no two reports share an event
id and the fused event's id (its anchor report's) names one incident only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from sitrep.model import Article, Event

__all__ = ["CodedArticle", "Report", "reports_from"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """One article's account of one event.

    key (str): unique among all reports, and always ``event.event_id``; an id assemble gave two
        events of one article is suffixed ``~2``, ``~3`` on the repeats.
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
        if n > 1:
            event = dataclasses.replace(event, event_id=f"{event.event_id}~{n}")
        yield Report(key=event.event_id, event=event, published=article.published)
