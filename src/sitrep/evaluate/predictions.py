"""Score any coder: read its events from JSON Lines, and write the articles it must code.

    sitrep eval GOLD.csv --export-articles articles.jsonl     # the exact articles sitrep would code
    python3 other_coder.py articles.jsonl > events.jsonl      # any coder, one event per line
    sitrep eval GOLD.csv --predictions events.jsonl           # same rows, same rules

An event record needs only ``article_ids`` to be scored; every other field of
``shared/CONVENTIONS.md`` is read when present (``event_date``, ``event_type``,
``sub_event_type``, ``admin1``, ``admin2``, ``location``, ``latitude``, ``longitude``,
``fatalities``, ``actor1``, ``actor2``, ``time_precision``, ...). A missing or unreadable field is
empty (text), 0 (counts), None (coordinates) or ``date.min`` (a date that matches no gold date), so a
coder is scored wrong on what it did not give, never refused. ``article_ids`` may be a list or one
string (``"a;b"`` as in CSV output). Lines that are not JSON objects raise ``InputError`` (E001, E007);
a line over 16 MiB (E025) or nested past 64 levels (E026) is refused before it is parsed, as the
article readers refuse it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from sitrep.errors import Errors, InputError
from sitrep.evaluate.gold import GoldRow
from sitrep.evaluate.score import Coder
from sitrep.ingest.jsonl import bounded_lines, check_json
from sitrep.model import Article, Event, GeoPrecision, TimePrecision

logger = logging.getLogger(__name__)

__all__ = ["export_articles", "load_predictions", "prediction_coder", "to_event"]

_TEXT_FIELDS = (
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "civilian_targeting",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "source",
    "notes",
)
_INT_FIELDS = ("inter1", "inter2", "interaction", "iso", "fatalities_low", "fatalities_best", "fatalities_high")


def to_event(record: Mapping[str, Any], *, line: int = 0) -> Event:
    """One prediction record as an ``Event``; missing fields are empty (see the module docstring)."""
    ids = record.get("article_ids", ())
    if isinstance(ids, str):
        ids = [part.strip() for part in ids.split(";")]
    article_ids = tuple(str(i) for i in ids if str(i)) if isinstance(ids, list | tuple) else ()
    return Event(
        event_id=_text(record.get("event_id")) or f"prediction-{line}",
        article_ids=article_ids,
        event_date=_day(record.get("event_date")),
        time_precision=_precision(TimePrecision, record.get("time_precision"), TimePrecision.DAY),
        geo_precision=_precision(GeoPrecision, record.get("geo_precision"), GeoPrecision.REGION),
        latitude=_number(record.get("latitude")),
        longitude=_number(record.get("longitude")),
        fatalities=_count(record.get("fatalities")),
        confidence=_number(record.get("confidence")) or 0.5,
        **{name: _text(record.get(name)) for name in _TEXT_FIELDS},  # type: ignore[arg-type]
        **{name: _count(record.get(name)) for name in _INT_FIELDS},  # type: ignore[arg-type]
    )


def load_predictions(path: str | Path) -> list[Event]:
    """Read a JSON Lines file of event records (blank lines skipped) into ``Event``s, in file order."""
    p = Path(path)
    if not p.is_file():
        raise InputError(Errors.E006.format(source=str(p)), source=str(p))
    events: list[Event] = []
    with p.open("rb") as fh:
        for number, line in enumerate(bounded_lines(fh), start=1):
            if not line.strip():
                continue
            check_json(line, source=str(p), line=number)  # E025 a huge line, E026 deep nesting: before parsing
            raw = line.decode("utf-8", errors="replace")
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as exc:
                message = Errors.E001.format(source=str(p), line=number, detail=exc.msg)
                raise InputError(message, source=str(p), line=number) from exc
            if not isinstance(record, dict):
                message = Errors.E007.format(source=str(p), line=number, kind=type(record).__name__)
                raise InputError(message, source=str(p), line=number)
            events.append(to_event(record, line=number))
    logger.info("%s: %d predicted events", p, len(events))
    return events


def prediction_coder(events: Sequence[Event]) -> Coder:
    """A ``Coder`` that answers with ``events`` whatever it is given (scoring keeps each article's own)."""

    def code(articles: list[Article]) -> Iterable[Event]:
        return list(events)

    return code


def export_articles(rows: Iterable[GoldRow], path: str | Path) -> int:
    """Write the distinct articles of ``rows`` (first-row order) as JSON Lines ``{id, text, published}``:
    exactly what ``sitrep eval`` hands its coder. RETURNS (int): the number written."""
    seen: dict[str, Article] = {}
    for row in rows:
        seen.setdefault(row.article.id, row.article)
    with Path(path).open("w", encoding="utf-8") as fh:
        for art in seen.values():
            record = {"id": art.id, "text": art.text, "published": art.published.isoformat()}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(seen)


# --- tolerant value readers


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value).strip()


def _number(value: Any) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _count(value: Any) -> int:
    number = _number(value)
    if number is None or not math.isfinite(number):
        return 0
    return int(number)


def _day(value: Any) -> dt.date:
    text = _text(value)[:10]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return dt.date.min


_Precision = TypeVar("_Precision", TimePrecision, GeoPrecision)


def _precision(kind: type[_Precision], value: Any, default: _Precision) -> _Precision:
    try:
        return kind(_count(value))
    except ValueError:
        return default
