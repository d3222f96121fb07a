"""Shared records: the typed data that flows one way through sitrep's stages.

    Article ─ingest→ (spaCy Doc, inside nlp/extract) ─extract→ Mention records
        ─geo→ Place ─assemble→ Event ─fuse/store/export→

Every record is a frozen, slotted, keyword-only dataclass: it pickles cleanly to
worker processes, hashes and compares by value, and is "changed" only through
``dataclasses.replace``. No logic lives here beyond tiny properties.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum

__all__ = [
    "ActorMention",
    "Article",
    "Coded",
    "DateMention",
    "Event",
    "Evidence",
    "FatalityMention",
    "Frame",
    "GeoPrecision",
    "Issue",
    "Place",
    "PlaceMention",
    "Reading",
    "StatedSplit",
    "TimePrecision",
    "Triage",
    "TriggerMention",
]


def _record(cls: type) -> type:
    return dataclass(frozen=True, slots=True, kw_only=True)(cls)


class TimePrecision(IntEnum):
    """ACLED ``time_precision``: 1 the day is known, 2 the week or a range, 3 the month."""

    DAY = 1
    WEEK = 2
    MONTH = 3


class GeoPrecision(IntEnum):
    """ACLED ``geo_precision``: 1 the town, 2 a nearby or part-of place, 3 a larger region."""

    PLACE = 1
    NEAR = 2
    REGION = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One news report as read from input.

    id (str): the caller's identifier, echoed back on every event.
    text (str): plain body text; all evidence offsets index into it.
    published (date): publication day; relative dates resolve against it.
    """

    id: str
    text: str
    published: dt.date
    title: str = ""
    source: str = ""
    url: str = ""
    language: str = "en"


@dataclass(frozen=True, slots=True, kw_only=True)
class Triage:
    """The triage stage's decision on one article, made before any parse (``sitrep.triage``).

    decision (str): "parse" (it may report political violence, a demonstration or a strategic
        development) or "skip" (clearly about something else: no parse, no events).
    score (float): the summed weights of the lexicon cues found in its title and first paragraphs.
    reason (str): the cues that decided it, e.g. "killed (kill +1.0), bomb (explosive +1.5)".
    """

    decision: str
    score: float
    reason: str

    @property
    def skipped(self) -> bool:
        return self.decision == "skip"


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """A character span of an article that a coded field came from."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Issue:
    """A recorded problem with one article: coded by ``errors.Warnings`` (W###) or ``errors.Errors``."""

    code: str
    message: str
    article_id: str = ""
    source: str = ""
    line: int = 0


# --- Mentions: what extract finds in one sentence ---------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class TriggerMention:
    """An event word ("stormed", "hurled a grenade") with the lexicon entry that fired."""

    label: str  # the trigger class from lexicons/triggers.toml, e.g. "grenade", "armed_clash"
    rule_id: str
    sentence: int  # index of the sentence in the document
    evidence: Evidence
    negated: bool = False
    attempted: bool = False
    hypothetical: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class FatalityMention:
    """A count of people killed, normalised by the ACLED/UCDP vague-number rules."""

    low: int
    best: int
    high: int
    side: str  # "state", "rebel", "civilian", "attacker", "unknown"
    sentence: int
    evidence: Evidence
    vague: bool = False  # the count is a coded word ("dozens"), not a figure


@dataclass(frozen=True, slots=True, kw_only=True)
class DateMention:
    """A day, week or month the text says something happened on."""

    date: dt.date
    precision: TimePrecision
    sentence: int
    evidence: Evidence
    of_statement: bool = False  # dates a statement about the event ("said on Monday"), not the act


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorMention:
    """A named or generic actor, mapped to the registry's ACLED name."""

    name: str  # ACLED-style name, e.g. "BLA: Baloch Liberation Army"
    inter: int  # ACLED inter code, 1..8
    role: str  # "agent", "target" or "" when the sentence does not say
    sentence: int
    evidence: Evidence
    generic: bool = False  # a generic actor filled in per country ("Police Forces of {country}")


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceMention:
    """A toponym as written, before it is resolved against the gazetteer."""

    name: str
    sentence: int
    evidence: Evidence
    qualifier: str = ""  # "district", "province", "tehsil", ... when the text names one


@dataclass(frozen=True, slots=True)
class StatedSplit:
    """The text says how its figure is shared: "20 fatalities split up between 3 events",
    "Fatalities are split across 3 events (4)" — the ACLED notes' way of recording the split rule."""

    parts: int
    share: int | None  # the figure this event takes, when the text gives it in brackets
    evidence: Evidence


# --- Places and events -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A resolved location, to the admin levels the gazetteer knows."""

    name: str
    country: str
    iso: int  # ISO 3166-1 numeric
    region: str = ""  # ACLED's region of the country ("Southern Asia"; Afghanistan: "Caucasus and Central Asia")
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    latitude: float = 0.0
    longitude: float = 0.0
    geo_precision: GeoPrecision = GeoPrecision.PLACE
    feature: str = ""  # GeoNames-style class: "PPL", "ADM1", "ADM2", "ADM3", "PCLI"
    geonameid: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One coded event, with the ACLED fields of ``shared/CONVENTIONS.md``.

    evidence (Mapping[str, tuple[Evidence, ...]]): for each coded field, the spans it came from.
    """

    event_id: str
    article_ids: tuple[str, ...]
    event_date: dt.date
    time_precision: TimePrecision
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int = 0
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int = 0
    interaction: int = 0
    civilian_targeting: str = ""
    iso: int = 0
    region: str = ""
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: GeoPrecision = GeoPrecision.REGION
    fatalities: int = 0
    fatalities_low: int = 0
    fatalities_best: int = 0
    fatalities_high: int = 0
    source: str = ""
    notes: str = ""
    evidence: Mapping[str, tuple[Evidence, ...]] = field(default_factory=dict)
    confidence: float = 0.5
    # PLOVER event type and mode and the nearest CAMEO root code (data/taxonomy/plover.toml), for
    # POLECAT/GDELT tooling.
    plover_event_type: str = ""
    plover_mode: str = ""
    cameo_root: str = ""
    # UCDP GED ``where_prec`` beside ACLED's geo_precision: 1 the place itself, 2 within about 25 km
    # of it ("near X"), 3 a district (ADM2/ADM3), 4 a province (ADM1), 5 a larger or linear area,
    # 6 only the country (also for an event with no resolvable place), 7 international waters/air.
    where_prec: int = 6
    # The event's role in the story it was read from: "incident" (what the story reports, on its
    # main day), "related" (another incident the story reports that day), "background" (an earlier
    # incident recalled in passing, coded on its own day).
    story_role: str = "incident"
    # Learned typing (``--model``, sitrep.assemble.learned): "model" when a trained model set the
    # type, "rules" when the rules kept theirs beside a model; "" when no model was given. With a
    # model, ``confidence`` is its calibrated probability of the type. ``label`` is the model's own
    # label when its label set is a team's taxonomy, not ACLED's sub-event types. Both are written
    # only when set (codec.OPTIONAL_FIELDS), so output without a model is as it always was.
    typed_by: str = ""
    label: str = ""

    @property
    def year(self) -> int:
        return self.event_date.year


# --- What extract hands to geo and assemble ------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Frame:
    """What one clause says happened: its triggers and the mentions bound to them.

    target (str): "armed" or "civilian" when the text says whom the violence was aimed at, else "".
    agent (str): "armed" or "civilian" when the text says who did it ("villagers attacked", "two
        groups clashed"), else "".
    reported (bool): the clause only reports speech (a statement, accusation or denial).
    """

    article_id: str
    sentence: int
    clause: int
    span: Evidence
    triggers: tuple[TriggerMention, ...]
    places: tuple[PlaceMention, ...] = ()
    actors: tuple[ActorMention, ...] = ()
    fatalities: tuple[FatalityMention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    target: str = ""
    agent: str = ""  # "armed" or "civilian": who did it, when the words say
    reported: bool = False
    # the clause's role in the story (extract/story.py): "" an incident, "headline", "background"
    # (an act ascribed to someone's record), "aggregate" (a toll over a period: never an event),
    # "caption" (a photo caption)
    role: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Reading:
    """Everything extract found in one article, for the geo and assemble stages."""

    article: Article
    frames: tuple[Frame, ...]
    places: tuple[PlaceMention, ...] = ()
    actors: tuple[ActorMention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    fatalities: tuple[FatalityMention, ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()  # character range of each sentence
    country_hints: tuple[str, ...] = ()  # nationalities and national actors' countries, for geo
    issues: tuple[Issue, ...] = ()
    reference_date: dt.date | None = None  # the day relative dates resolved against (the dateline's)
    stated_split: StatedSplit | None = None  # the report's own word on how its figure is shared
    lead: Evidence | None = None  # the article's opening sentences (extract/lead.py), for a learned typer


@dataclass(frozen=True, slots=True)
class Coded:
    """One article coded: what the pipeline gives per article and what the store takes.

    events (tuple[Event, ...]): the article's events, not fused with any other article's.
    issues (tuple[Issue, ...]): what coding met (an ``E###`` issue means the article was not coded).
    triage (Triage | None): the triage decision; None when triage was off (``--no-triage``).
    """

    article: Article
    events: tuple[Event, ...]
    issues: tuple[Issue, ...]
    triage: Triage | None = None
