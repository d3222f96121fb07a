"""Score whole news articles (FA-KES, ISAF) on their main event: one gold event per article.

A news story carries background, totals of the war and statements besides the event it reports,
so the rows are not aligned by place as in score.py. Per article, the coder's events are taken
in output order and the **main event** is the one with the most fatalities (ties: the first; all
0: the first). An article with no event counts 0 events and is wrong on every field its gold codes.

FA-KES fields (``n`` = rows whose gold codes the field):

==================  ====================================================================
fatalities          the main event's ``fatalities`` equals the gold's
fatalities_10pct    within 10 % of the gold (``|p - g| <= 0.1 g``; exact when the gold is 0)
admin1              same governorate (``same_governorate``: Damascus and Rif Dimashq are one)
event_date          within 2 days of the gold date (crowd coding is that noisy)
cause               ``SUB_EVENT_CAUSES[sub_event_type]`` equals the gold cause; gold "unknown"
                    rows are not scored
==================  ====================================================================

ISAF fields:

==================  ====================================================================
admin1              the main event's province (transliteration tolerant)
event_date          the exact day
killed              the sum of ``fatalities`` over ALL the article's events equals the gold
                    count, under the ``Convention`` chosen (below)
event_type          the main event's type is one of ``derived_acled_event_type``
arrests             rows whose gold type includes a detention: some event of the article is
                    ``Arrests`` (Strategic developments)
==================  ====================================================================

The ISAF coder counted vague words by its own rules (a bare plural "insurgents" = 2, "a couple" =
2, "several", "a few", "some", "a group", "multiple" = 3, "numerous", "a handful" = 4, "a large
number" = 5). The gold row does not say whether a vague word was used, so the switch is honest
about that: ``Convention.ISAF`` (the default) scores against the gold as given; ``Convention.ACLED``
also accepts, where the gold is 2-5, the counts ACLED's rules give the words that ISAF codes with
that number (``ISAF_VAGUE_AS_ACLED``), even when the article in fact gave the figure.

``events_per_article`` (mean events the coder gives an article; gold: one) is reported beside.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from enum import StrEnum

from sitrep.evaluate.gold import GoldFormat, GoldRow
from sitrep.evaluate.mappings import ISAF_VAGUE_AS_ACLED, SUB_EVENT_CAUSES, SYRIAN_GOVERNORATES
from sitrep.evaluate.score import (
    NO_EVENT,
    TOP_SUB_EVENT_CONFUSIONS,
    FieldScore,
    RowResult,
    Scorecard,
    events_by_article,
    same_place,
)
from sitrep.model import Event

logger = logging.getLogger(__name__)

__all__ = [
    "Convention",
    "DATE_WINDOW_DAYS",
    "FAKES_FIELDS",
    "ISAF_FIELDS",
    "cause_of",
    "killed_matches",
    "main_event",
    "normalise_governorate",
    "same_governorate",
    "score_news",
    "score_news_row",
]

FAKES_FIELDS = ("fatalities", "fatalities_10pct", "admin1", "event_date", "cause")
ISAF_FIELDS = ("admin1", "event_date", "killed", "event_type", "arrests")
DATE_WINDOW_DAYS = 2  # FA-KES: crowd-coded dates, +-2 days is the fair test (shared/dev README 12)
FATALITY_TOLERANCE = 0.10
ARRESTS = "Arrests"  # ACLED sub-event type (Strategic developments)

_ARTICLE = re.compile(r"^(?:al|ar|as|ad|an|ash|az|el)\s+")
_GOVERNORATE_WORDS = re.compile(r"\b(?:governorate|province|muhafazat|countryside of)\b")


class Convention(StrEnum):
    """How ISAF's vague-number gold counts are read (see the module docstring)."""

    ISAF = "isaf"  # the gold as given: ISAF's own vague-number rules
    ACLED = "acled"  # also accept ACLED's count for the vague words behind a gold of 2-5


def main_event(events: Sequence[Event]) -> Event | None:
    """The event with the most fatalities; ties (all 0 included) go to the first in output order."""
    if not events:
        return None
    return max(events, key=lambda ev: ev.fatalities)  # max keeps the first of equal keys


def cause_of(event: Event) -> str:
    """The FA-KES cause an event's sub-event type counts as ("" for none)."""
    return SUB_EVENT_CAUSES.get(event.sub_event_type, "")


def normalise_governorate(name: str) -> str:
    """One name per Syrian governorate: "Rif Dimashq", "Rural Damascus" → "damascus"; "Al-Hasakeh",
    "Hassakeh" → "al-hasakah"; "Dar'a" → "daraa". Other names come back folded."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"['’‘`ʿʾ]", "", plain).replace("-", " ")
    plain = " ".join(_GOVERNORATE_WORDS.sub(" ", plain).split())
    bare = _ARTICLE.sub("", plain)
    return SYRIAN_GOVERNORATES.get(plain) or SYRIAN_GOVERNORATES.get(bare) or bare


def same_governorate(gold: str, predicted: str) -> bool:
    """Same Syrian governorate, by the spelling table, else by score.py's transliteration-tolerant test."""
    if not predicted:
        return False
    return normalise_governorate(gold) == normalise_governorate(predicted) or same_place(gold, predicted)


def killed_matches(gold: int, predicted: int, convention: Convention) -> bool:
    """Whether a predicted ISAF killed count is right under ``convention``."""
    if predicted == gold:
        return True
    return convention is Convention.ACLED and predicted in ISAF_VAGUE_AS_ACLED.get(gold, frozenset())


def score_news_row(
    row: GoldRow, events: Sequence[Event], *, convention: Convention = Convention.ISAF
) -> tuple[Event | None, dict[str, bool]]:
    """The main event of the row's article and, for each field its gold codes, whether it is right.

    events (Sequence[Event]): all the events the coder gave this row's article, in output order.
    RETURNS (tuple): the main event (None when there is none) and the field checks.
    """
    ev = main_event(events)
    checks: dict[str, bool] = {}
    if row.format is GoldFormat.FAKES:
        if row.fatalities is not None:
            gold = row.fatalities
            checks["fatalities"] = ev is not None and ev.fatalities == gold
            checks["fatalities_10pct"] = ev is not None and abs(ev.fatalities - gold) <= FATALITY_TOLERANCE * gold
        if row.admin1:
            checks["admin1"] = ev is not None and same_governorate(row.admin1, ev.admin1)
        if row.event_date is not None:
            checks["event_date"] = ev is not None and abs((ev.event_date - row.event_date).days) <= DATE_WINDOW_DAYS
        if row.cause is not None:
            checks["cause"] = ev is not None and cause_of(ev) == row.cause
        return ev, checks
    if row.admin1:
        checks["admin1"] = ev is not None and same_place(row.admin1, ev.admin1)
    if row.event_date is not None:
        checks["event_date"] = ev is not None and ev.event_date == row.event_date
    if row.fatalities is not None:
        killed = sum(e.fatalities for e in events)
        checks["killed"] = ev is not None and killed_matches(row.fatalities, killed, convention)
    if row.event_type is not None:
        checks["event_type"] = ev is not None and ev.event_type in row.accepted_event_types
    if row.arrest:
        checks["arrests"] = any(e.sub_event_type == ARRESTS for e in events)
    return ev, checks


def score_news(
    rows: Sequence[GoldRow], events: Iterable[Event], *, convention: Convention = Convention.ISAF
) -> Scorecard:
    """Score every news row on its article's main event and count the results.

    The fields are ``FAKES_FIELDS`` or ``ISAF_FIELDS`` by the rows' format;
    ``Scorecard.events_per_article`` is the mean number of events per article.
    """
    wanted = {row.article.id for row in rows}
    by_article, n_events = events_by_article(events, wanted)
    names = FAKES_FIELDS if rows and rows[0].format is GoldFormat.FAKES else ISAF_FIELDS
    correct: Counter[str] = Counter()
    total: Counter[str] = Counter()
    confusion: dict[str, Counter[str]] = {}
    cause_confusion: Counter[tuple[str, str]] = Counter()
    results: list[RowResult] = []
    no_event = 0
    for row in rows:
        article_events = by_article.get(row.article.id, [])
        event, checks = score_news_row(row, article_events, convention=convention)
        no_event += event is None
        for name, ok in checks.items():
            total[name] += 1
            correct[name] += ok
        pred_type = event.event_type if event else NO_EVENT
        pred_sub = event.sub_event_type if event else NO_EVENT
        if row.event_type is not None:
            confusion.setdefault(row.event_type, Counter())[pred_type] += 1
        if row.cause is not None and not checks.get("cause", True):
            cause_confusion[(row.cause, pred_sub)] += 1
        results.append(
            RowResult(
                row_id=row.row_id,
                article_id=row.article.id,
                event_id=event.event_id if event else "",
                fields=checks,
                gold_event_type=row.event_type,
                predicted_event_type=pred_type,
                predicted_sub_event_type=pred_sub,
            )
        )
    top_causes = sorted(cause_confusion.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_SUB_EVENT_CONFUSIONS]
    per_article = sum(len(by_article.get(aid, [])) for aid in wanted) / len(wanted) if wanted else None
    return Scorecard(
        rows=len(rows),
        articles=len(wanted),
        events=n_events,
        no_event=no_event,
        fields=tuple(FieldScore(field=f, correct=correct[f], n=total[f]) for f in names),
        event_type_confusion={g: dict(sorted(c.items())) for g, c in sorted(confusion.items())},
        sub_event_confusions=tuple((g, p, n) for (g, p), n in top_causes),
        results=tuple(results),
        events_per_article=per_article,
    )
