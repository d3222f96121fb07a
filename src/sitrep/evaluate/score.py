"""Score coded events against gold rows: align, compare field by field, count.

Per gold row, the predicted events of that row's article are candidates. ``align`` picks one:
the event at the same place name, else the nearest by coordinates, else the first. An article
with no event scores wrong on every field the gold codes, and is counted under ``no_event``.
Rows that share a text each align to their own best event.

Fields (scored only where the gold codes them; ``n`` says how many rows that was):

==============  ========================================================================
event_type      one of the gold's accepted types (old ACLED "Riots/Protests": either)
sub_event_type  exact
event_date      the exact day; within [start, end] when the gold gives a range (UCDP)
time_precision  exact (1 day, 2 week, 3 month)
fatalities      ``Event.fatalities``: exact (ACLED, GTD) or low <= it <= high (UCDP)
admin1, admin2  equal after ``normalise_place``
admin1_exact    ACLED gold only: the very name ACLED writes, case and spacing aside (what a join or
                an ``--admin1`` filter needs; data/gazetteer/admin1_acled.toml)
coordinates     within 25 km (haversine) of the gold point
coordinates_50km  within 50 km (the UCDP target: its headlines often name only a region)
actor1, actor2  equal after ``normalise_actor``; empty = empty counts only for actor2
interaction     exact ACLED interaction code
==============  ========================================================================

Admin names are compared after mapping historical units to today's (``data/gazetteer/regions.toml``:
FATA merged into Khyber Pakhtunkhwa in 2018, NWFP renamed in 2010), since the gazetteer codes
today's units. With ``known`` (``coverage.GazetteerCoverage``), the place fields are also counted
apart for rows whose gold place the gazetteer holds and rows whose place it lacks.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache

from sitrep.evaluate.gold import GoldFormat, GoldRow, half_of
from sitrep.geo.admin1 import admin1_spellings
from sitrep.geo.distance import distance_km
from sitrep.geo.regions import load_regions
from sitrep.geo.text import skeleton
from sitrep.model import Article, Event

logger = logging.getLogger(__name__)

__all__ = [
    "Coder",
    "FIELDS",
    "FieldScore",
    "MAX_DISTANCE_KM",
    "NO_EVENT",
    "PLACE_FIELDS",
    "RowResult",
    "Scorecard",
    "align",
    "evaluate",
    "filter_rows",
    "normalise_actor",
    "normalise_place",
    "same_place",
    "score",
    "score_row",
]

Coder = Callable[[list[Article]], Iterable[Event]]

FIELDS = (
    "event_type",
    "sub_event_type",
    "event_date",
    "time_precision",
    "fatalities",
    "admin1",
    "admin1_exact",
    "admin2",
    "coordinates",
    "coordinates_50km",
    "actor1",
    "actor2",
    "interaction",
)
MAX_DISTANCE_KM = 25.0
WIDE_DISTANCE_KM = 50.0
SHORT_NAME_RATIO = 0.8  # spelling similarity two admin names with a short common skeleton need
PLACE_FIELDS = ("admin1", "admin2", "coordinates", "coordinates_50km")
IN_GAZETTEER, NOT_IN_GAZETTEER = "gold place in gazetteer", "gold place not in gazetteer"
NO_EVENT = "(no event)"
TOP_SUB_EVENT_CONFUSIONS = 10

_PLACE_WORDS = re.compile(r"\b(?:district|province|agency|division|tehsil|city|town|village|area)\b")
_PLACE_ALIASES = {
    "khyber pakhtunkwa": "khyber pakhtunkhwa",
    "north west frontier": "khyber pakhtunkhwa",
    "nwfp": "khyber pakhtunkhwa",
    "ajk": "azad jammu and kashmir",
    "azad kashmir": "azad jammu and kashmir",
    "islamabad capital territory": "islamabad",
}
_ACLED_FORMATS = frozenset({GoldFormat.ACLED, GoldFormat.ACLED_OLD, GoldFormat.ACLED_NOTES})
# "Military Forces of Pakistan (2018-)" / "(2018-2022)" / "(2016-) Supreme Political Council"
_REGIME = re.compile(r"^(?P<name>.*?)\s*\((?P<start>\d{4})-(?:\d{4})?\)\s*(?P<rest>.*)$")


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldScore:
    """Correct answers out of the ``n`` rows whose gold codes this field."""

    field: str
    correct: int
    n: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.n if self.n else None


@dataclass(frozen=True, slots=True, kw_only=True)
class RowResult:
    """How one gold row fared: the event it was aligned to ("" for none) and each scored field."""

    row_id: str
    article_id: str
    event_id: str
    fields: Mapping[str, bool]
    gold_event_type: str | None = None
    predicted_event_type: str = NO_EVENT
    gold_sub_event_type: str | None = None
    predicted_sub_event_type: str = NO_EVENT
    in_gazetteer: bool | None = None  # the gold place is in the gazetteer; None when not checked


@dataclass(frozen=True, slots=True, kw_only=True)
class Scorecard:
    """Everything the report prints; ``gold``, ``format``, ``filters`` and ``skipped`` describe the input.

    event_type_confusion (Mapping[str, Mapping[str, int]]): gold type → predicted type → rows.
    place_split (Mapping[str, tuple[FieldScore, ...]]): the place fields counted apart for rows whose
        gold place is / is not in the gazetteer; empty when that was not checked.
    sub_event_confusions (tuple[tuple[str, str, int], ...]): the commonest (gold, predicted, rows)
        pairs that disagree, most frequent first (FA-KES: gold cause, predicted sub-event type).
    events_per_article (float | None): news formats: mean events the coder gave an article.
    """

    rows: int
    articles: int
    events: int
    no_event: int
    fields: tuple[FieldScore, ...]
    event_type_confusion: Mapping[str, Mapping[str, int]]
    sub_event_confusions: tuple[tuple[str, str, int], ...]
    results: tuple[RowResult, ...]
    gold: str = ""
    format: str = ""
    filters: Mapping[str, str] = field(default_factory=dict)
    skipped: Mapping[str, int] = field(default_factory=dict)
    place_split: Mapping[str, tuple[FieldScore, ...]] = field(default_factory=dict)
    events_per_article: float | None = None


# --- normalisation


def _fold(text: str) -> str:
    """Casefold, strip diacritics and punctuation, collapse spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("&", " and ")
    plain = re.sub(r"[^\w()\-]+", " ", plain)
    return " ".join(plain.split())


def normalise_place(name: str) -> str:
    """A place name for comparison: "Kurram Agency" → "kurram", "Khyber Pakhtunkwa Province" →
    "khyber pakhtunkhwa", "Quetta District" → "quetta"."""
    folded = _fold(name).replace("-", " ")
    folded = " ".join(_PLACE_WORDS.sub(" ", folded).split())
    return _PLACE_ALIASES.get(folded) or _successors().get(folded, folded)


@cache
def _successors() -> dict[str, str]:
    """Historical unit → today's admin1, both normalised ("federally administered tribal areas" →
    "khyber pakhtunkhwa"), from the geocoder's own regions file."""
    out: dict[str, str] = {}
    for old, new in load_regions().successors().items():
        out.setdefault(_bare_place(old), _bare_place(new))
    return out


def _bare_place(name: str) -> str:
    return " ".join(_PLACE_WORDS.sub(" ", _fold(name).replace("-", " ")).split())


def normalise_actor(name: str) -> str:
    """An actor name for comparison. Regime-dated state forces keep the name and START year only,
    because ACLED closes a regime period retroactively: "Military Forces of Pakistan (2018-)" and
    "Military Forces of Pakistan (2018-2022)" both become "military forces of pakistan (2018)"."""
    folded = _fold(name)
    m = _REGIME.match(folded)
    if m is None:
        return folded
    rest = f" {m['rest']}" if m["rest"] else ""
    return f"{m['name']} ({m['start']}){rest}"


# --- alignment and per-row scoring


def align(row: GoldRow, events: Sequence[Event]) -> Event | None:
    """The predicted event that best matches the gold row's place, or None when there is none.

    Same normalised location name first; else the nearest event by coordinates (when the gold and
    some events have them); else any event. Ties go to the coder's own higher ``confidence`` (a
    story's main event over its background), never to anything read from the gold row.
    """
    if not events:
        return None
    if row.location:
        want = normalise_place(row.location)
        same = [ev for ev in events if ev.location and normalise_place(ev.location) == want]
        if same:
            return max(same, key=lambda ev: ev.confidence)
    if row.latitude is not None and row.longitude is not None:
        lat, lon = row.latitude, row.longitude
        placed = [ev for ev in events if ev.latitude is not None and ev.longitude is not None]
        if placed:
            return min(
                placed,
                key=lambda ev: (round(distance_km(lat, lon, ev.latitude or 0.0, ev.longitude or 0.0)), -ev.confidence),
            )
    return max(events, key=lambda ev: ev.confidence)


def score_row(row: GoldRow, event: Event | None) -> dict[str, bool]:
    """Each field the gold row codes → whether ``event`` got it right (all False when None)."""
    checks: dict[str, bool] = {}
    ev = event
    if row.event_type is not None:
        checks["event_type"] = ev is not None and ev.event_type in row.accepted_event_types
    if row.sub_event_type is not None:
        checks["sub_event_type"] = ev is not None and ev.sub_event_type == row.sub_event_type
    if row.event_date is not None:
        end = row.event_date_end or row.event_date
        checks["event_date"] = ev is not None and row.event_date <= ev.event_date <= end
    if row.time_precision is not None:
        checks["time_precision"] = ev is not None and int(ev.time_precision) == row.time_precision
    if row.fatalities_low is not None and row.fatalities_high is not None:
        checks["fatalities"] = ev is not None and row.fatalities_low <= ev.fatalities <= row.fatalities_high
    elif row.fatalities is not None:
        checks["fatalities"] = ev is not None and ev.fatalities == row.fatalities
    if row.admin1:
        checks["admin1"] = ev is not None and (
            same_place(row.admin1, ev.admin1)
            # a gold file spelled as the gazetteer's source was (GTD's "North-West" for ACLED's
            # "Nord-Ouest"): the same division under the crosswalk
            or any(same_place(row.admin1, name) for name in admin1_spellings().sources_anywhere(ev.admin1))
        )
        if row.format in _ACLED_FORMATS:
            checks["admin1_exact"] = ev is not None and _spelled_alike(row.admin1, ev.admin1)
    if row.admin2:
        checks["admin2"] = ev is not None and same_place(row.admin2, ev.admin2)
    if row.latitude is not None and row.longitude is not None:
        checks["coordinates"] = (
            ev is not None
            and ev.latitude is not None
            and ev.longitude is not None
            and distance_km(row.latitude, row.longitude, ev.latitude, ev.longitude) <= MAX_DISTANCE_KM
        )
        checks["coordinates_50km"] = (
            ev is not None
            and ev.latitude is not None
            and ev.longitude is not None
            and distance_km(row.latitude, row.longitude, ev.latitude, ev.longitude) <= WIDE_DISTANCE_KM
        )
    if row.actor1:
        checks["actor1"] = ev is not None and bool(ev.actor1) and _same_actor(row.actor1, ev.actor1)
    if row.actor2 is not None:
        checks["actor2"] = ev is not None and _same_actor(row.actor2, ev.actor2)
    if row.interaction is not None:
        checks["interaction"] = ev is not None and ev.interaction == row.interaction
    return checks


def _spelled_alike(gold: str, predicted: str) -> bool:
    """The same name letter for letter, case and runs of spaces aside."""
    return " ".join(gold.casefold().split()) == " ".join(predicted.casefold().split())


def same_place(gold: str, predicted: str) -> bool:
    """Same admin name, allowing transliteration variants ("Saydabad" / "Sayyidabad", "Nimruz" /
    "Nimroz"): coders and gazetteers romanise Pashto, Urdu and Arabic names differently."""
    if not predicted:
        return False
    a, b = normalise_place(gold), normalise_place(predicted)
    if a == b:
        return True
    ka, kb = _translit_key(a), _translit_key(b)
    if ka != kb or not ka:
        return False
    # a short skeleton ("Obe" / "Obeh", "Sayyad" / "Sayad": "ab", "sd") is shared by unrelated names
    # too, so there the spellings themselves must also be close
    return len(ka) >= 3 or SequenceMatcher(None, a, b).ratio() >= SHORT_NAME_RATIO


_JOINERS = re.compile(r"(?:-ye|-e|-i)\b|\b(?:ye|e|i)\b")


def _translit_key(name: str) -> str:
    """A romanisation-blind key: joiners ("-e", "-ye"), spaces and an "h" that only lengthens a vowel
    ("Shakar Darah", "Muhammad Aghah") are dropped; then geo's transliteration skeleton."""
    text = _JOINERS.sub(" ", name)
    text = re.sub(r"(?<![kgsctpzd])h", "", text.replace(" ", ""))
    return skeleton(text.replace("y", "i"))


def _same_actor(gold: str, predicted: str) -> bool:
    return normalise_actor(gold) == normalise_actor(predicted)


# --- whole runs


def filter_rows(
    rows: Iterable[GoldRow],
    *,
    country: str | Sequence[str] | None = None,
    region: str | Sequence[str] | None = None,
    limit: int | None = None,
    half: str | None = None,
) -> list[GoldRow]:
    """Keep rows whose country and region (ACLED's region names) are among those given, case
    ignored; then the first ``limit``. A row passes when it matches any country OR any region, so
    ``country="Afghanistan", region="Southern Asia"`` keeps South Asian and Afghan rows. ``half``
    ("a" or "b") keeps the rows whose text falls in that half by its hash (``gold.half_of``): train
    on one half (``sitrep train --half a``), score on the other."""
    countries = _casefolded(country)
    regions = _casefolded(region)
    kept: list[GoldRow] = []
    for row in rows:
        if limit is not None and len(kept) >= limit:
            break
        if (countries or regions) and not (row.country.casefold() in countries or row.region.casefold() in regions):
            continue
        if half is not None and half_of(row.article.text) != half:
            continue
        kept.append(row)
    return kept


def _casefolded(values: str | Sequence[str] | None) -> set[str]:
    if values is None:
        return set()
    items = [values] if isinstance(values, str) else list(values)
    return {v.strip().casefold() for v in items if v.strip()}


def evaluate(
    rows: Sequence[GoldRow], code: Coder, *, known: Callable[[GoldRow], bool | None] | None = None
) -> Scorecard:
    """Code the rows' articles (each distinct article once, in first-row order) and score them.

    known (callable | None): whether a row's gold place is in the gazetteer (see ``score``).
    """
    articles: dict[str, Article] = {}
    for row in rows:
        articles.setdefault(row.article.id, row.article)
    logger.info("coding %d articles for %d gold rows", len(articles), len(rows))
    events = list(code(list(articles.values()))) if articles else []
    return score(rows, events, known=known)


def events_by_article(events: Iterable[Event], wanted: set[str]) -> tuple[dict[str, list[Event]], int]:
    """The events of each wanted article (an event fused from several is listed under each), and
    how many events touch any wanted article."""
    by_article: dict[str, list[Event]] = {}
    n_events = 0
    for ev in events:
        hit = False
        for aid in dict.fromkeys(ev.article_ids):
            if aid in wanted:
                by_article.setdefault(aid, []).append(ev)
                hit = True
        n_events += hit
    return by_article, n_events


def score(
    rows: Sequence[GoldRow], events: Iterable[Event], *, known: Callable[[GoldRow], bool | None] | None = None
) -> Scorecard:
    """Align every gold row to the events of its article and count the results.

    known (callable | None): whether a row's gold place is in the gazetteer; with it, the place
        fields are also counted apart for the two groups (``Scorecard.place_split``).
    """
    wanted = {row.article.id for row in rows}
    by_article, n_events = events_by_article(events, wanted)
    correct: Counter[str] = Counter()
    total: Counter[str] = Counter()
    confusion: dict[str, Counter[str]] = {}
    sub_confusion: Counter[tuple[str, str]] = Counter()
    results: list[RowResult] = []
    split: dict[str, tuple[Counter[str], Counter[str]]] = {}
    no_event = 0
    for row in rows:
        event = align(row, by_article.get(row.article.id, []))
        no_event += event is None
        checks = score_row(row, event)
        for name, ok in checks.items():
            total[name] += 1
            correct[name] += ok
        in_gazetteer = known(row) if known is not None else None
        if in_gazetteer is not None:
            group = split.setdefault(IN_GAZETTEER if in_gazetteer else NOT_IN_GAZETTEER, (Counter(), Counter()))
            for name in PLACE_FIELDS:
                if name in checks:
                    group[0][name] += checks[name]
                    group[1][name] += 1
        pred_type = event.event_type if event else NO_EVENT
        pred_sub = event.sub_event_type if event else NO_EVENT
        if row.event_type is not None:
            confusion.setdefault(row.event_type, Counter())[pred_type] += 1
        if row.sub_event_type is not None and pred_sub != row.sub_event_type:
            sub_confusion[(row.sub_event_type, pred_sub)] += 1
        results.append(
            RowResult(
                row_id=row.row_id,
                article_id=row.article.id,
                event_id=event.event_id if event else "",
                fields=checks,
                gold_event_type=row.event_type,
                predicted_event_type=pred_type,
                gold_sub_event_type=row.sub_event_type,
                predicted_sub_event_type=pred_sub,
                in_gazetteer=in_gazetteer,
            )
        )
    top_sub = sorted(sub_confusion.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_SUB_EVENT_CONFUSIONS]
    return Scorecard(
        rows=len(rows),
        articles=len(wanted),
        events=n_events,
        no_event=no_event,
        fields=tuple(FieldScore(field=f, correct=correct[f], n=total[f]) for f in FIELDS),
        event_type_confusion={g: dict(sorted(c.items())) for g, c in sorted(confusion.items())},
        sub_event_confusions=tuple((g, p, n) for (g, p), n in top_sub),
        results=tuple(results),
        place_split={
            name: tuple(FieldScore(field=f, correct=split[name][0][f], n=split[name][1][f]) for f in PLACE_FIELDS)
            for name in (IN_GAZETTEER, NOT_IN_GAZETTEER)
            if name in split
        },
    )
