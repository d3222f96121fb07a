"""ACLED's unit of analysis: turn an article's frames into events, one per place, day and type.

Rules (ACLED Codebook 2023, "Event definition" and "Event type hierarchy"):

- one event per named location, per day, per actor pair, per event type; several tactics by the
  same actors at one place and day are one event, typed by the highest in the hierarchy;
- an event is dated when it happened: a clause that names its own day ("this week", "on 9 May")
  keeps it — background events ("a day after ... killing 41 ... this week") are coded on their
  own date, never merged into the story's main day;
- a summary sentence ("attacks across Balochistan province killed 47") describes the located
  events on its day, not a further event: its figures are shared among them (see ``split.py``);
  only when a day has no located event is it coded at the region's level (geo precision 3).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from sitrep.assemble.actors import ActorCoder, CodedActors
from sitrep.assemble.interop import crosswalk
from sitrep.assemble.notes import write_notes
from sitrep.assemble.split import Share, apply_stated_split, split_fatalities, within_type
from sitrep.errors import Warnings
from sitrep.extract.classify import Typing, classify, disorder_type
from sitrep.geo.distance import distance_km
from sitrep.geo.precision import where_prec
from sitrep.model import (
    DateMention,
    Event,
    Evidence,
    FatalityMention,
    Frame,
    GeoPrecision,
    Issue,
    Place,
    PlaceMention,
    Reading,
    TimePrecision,
)
from sitrep.vocab.taxonomy import ORGANISED_VIOLENCE, EventType

if TYPE_CHECKING:
    from sitrep.assemble.learned import Decision, Typer

__all__ = ["assemble"]

ADMIN_WORDS = frozenset(
    {
        "district",
        "province",
        "county",
        "tehsil",
        "state",
        "region",
        "governorate",
        "municipality",
        "city",
        "town",
        "village",
        "area",
        "lga",
        "commune",
        "department",
        "prefecture",
        "upazila",
    }
)
# Where an event goes when the story names no place sitrep can resolve, and no country either:
# it is still coded (type, date, actors, figures), with empty location fields and a warning.
UNLOCATED = Place(name="", country="", iso=0, geo_precision=GeoPrecision.REGION)
# Features of a place that is itself a province or country mention (a summary's place).
COUNTRY_FEATURES = frozenset({"PCLI", "PCL", "COUNTRY"})
REGION_FEATURES = COUNTRY_FEATURES | {"ADM1"}
# Trigger classes of the state's reply to a protest (dispersal, arrests): a Protest with intervention.
INTERVENTION_LABELS = frozenset({"intervention", "arrest"})
# What else such a sentence may tell and still be that reply: the protest itself and the crowd
# fleeing ("other"); force, only beside a dispersal ("assaulted the demonstrators and fired tear
# gas": an arrest beside an "attack" is as often the protest's cause, told as background). A
# killing is never among them: deaths make it another event, or Excessive force.
WITH_INTERVENTION = INTERVENTION_LABELS | {"protest", "other"}
WITH_DISPERSAL = WITH_INTERVENTION | {"attack"}
AREA_LEVELS = {"ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin3"}
# Words that may stand between the names of a list of places.
LIST_WORDS = ADMIN_WORDS | {
    ",",
    "and",
    "or",
    "as",
    "well",
    "districts",
    "provinces",
    "villages",
    "towns",
    "areas",
    "the",
    "of",
    "in",
    "also",
    "both",
    "respectively",
}
HISTORY_DAYS = 7
SAME_TOWN_KM = 15.0  # a quarter and its city ("Salah al-Din district of Aleppo", "Aleppo")
LEAD_SENTENCES = 3  # the headline and lead, where a story states when its incident happened
# Clause roles (extract/story.py) that never make an event: tolls over a period, acts ascribed
# to someone's record, photo captions.
NOT_INCIDENTS = frozenset({"aggregate", "background", "caption"})
VIOLENT_TYPES = ORGANISED_VIOLENCE
# Words just before a date that make it approximate ("Around 5 May", "As reported on 1 May").
HEDGES = ("around", "as reported", "reported on", "or around", "week of", "between")


@dataclass
class _Unit:
    """Working state of one event while it is assembled."""

    place: Place
    place_evidence: list[Evidence]
    date: dt.date
    precision: TimePrecision
    date_evidence: list[Evidence]
    frames: list[Frame] = field(default_factory=list)
    region_level: bool = False
    typing: Typing | None = None
    local: list[FatalityMention] = field(default_factory=list)
    shared: list[FatalityMention] = field(default_factory=list)  # from multi-place clauses
    decision: Decision | None = None  # a learned typer's (``typer``), when one was given


def assemble(
    reading: Reading,
    places: Mapping[PlaceMention, Place | None],
    *,
    region: Place | None,
    actors: ActorCoder,
    typer: Typer | None = None,
) -> tuple[list[Event], list[Issue]]:
    """Build the events of one article.

    places (Mapping[PlaceMention, Place | None]): each place mention resolved by the geo stage.
    region (Place | None): where an event with no named place of its own is coded (the article's
        province or country, precision 3); None when the article names none.
    typer (Typer | None): a trained model (``learned.LearnedTyper``) that types the events the rules found
        (``learned.py``); None codes with the rules alone.
    RETURNS (tuple[list[Event], list[Issue]]): the events and the problems met.
    """
    issues: list[Issue] = []
    text = reading.article.text
    main = _main_date(reading, text)
    units: dict[tuple[object, ...], _Unit] = {}
    unlocated: list[tuple[Frame, DateMention]] = []
    last_places: dict[int, list[tuple[Place, Evidence]]] = {}
    for frame in reading.frames:
        live = [t for t in frame.triggers if not (t.negated or t.hypothetical)]
        if not live or frame.role in NOT_INCIDENTS:
            continue
        date = _frame_date(frame, main, text)
        located = _frame_places(frame, places, text, region)
        if not located and frame.sentence in last_places:
            located = last_places[frame.sentence]  # ", but the attack was repelled": same place
        if located:
            last_places[frame.sentence] = located
        elif frame.reported and not frame.dates and not frame.fatalities:
            continue  # a statement with nothing of its own: not an event
        if not located:
            unlocated.append((frame, date))
            continue
        for place, evidence in located:
            key = (
                place.name,
                round(place.latitude, 3),
                round(place.longitude, 3),
                place.geo_precision,
                date.date,
                date.precision,
            )
            unit = units.get(key)
            if unit is None:
                unit = units[key] = _Unit(
                    place=place,
                    place_evidence=[],
                    date=date.date,
                    precision=date.precision,
                    date_evidence=[date.evidence],
                    region_level=place.feature in REGION_FEATURES,
                )
            unit.frames.append(frame)
            unit.place_evidence.append(evidence)
            if len(located) == 1:
                unit.local.extend(frame.fatalities)
            else:
                unit.shared.extend(frame.fatalities)
    # an incident recalled from more than a week before the story's day is history, coded when it
    # was news (UCDP GED and ACLED code from reports of the time), not again from a later story
    units = {k: u for k, u in units.items() if (main.date - u.date).days <= HISTORY_DAYS}
    unlocated = [(f, d) for f, d in unlocated if (main.date - d.date).days <= HISTORY_DAYS]
    unlocated = _join_interventions(units.values(), unlocated)
    for unit in units.values():
        unit.typing = _typing(unit.frames, actors)
    finals = _merge_contained([u for u in units.values() if u.typing is not None], actors)
    finals = _fold_elaborations(finals, main, actors)
    pool = _absorb_summaries(finals, unlocated, region, actors)
    finals = [u for u in finals if u.typing is not None]
    _attach_orphan_fatalities(reading, pool, main)
    if typer is not None:
        _learned_typing(reading, finals, typer)
    shares = split_fatalities(
        [(u.typing.event_type if u.typing else "", u.local, u.shared) for u in finals],
        pool=[(m, d) for m, d in pool],
        dates=[u.date for u in finals],
    )
    shares = apply_stated_split(shares, reading.stated_split)
    events = [_event(reading, unit, share, actors, main) for unit, share in zip(finals, shares, strict=True)]
    # an incident of an earlier day recalled with no toll of its own ("a week after the shelling of
    # Maarat al-Numan") adds nothing the report of its day did not: context, not an event of this
    # story (a recalled raid with its toll is kept, at its own week)
    events = [e for e in events if e.fatalities > 0 or e.story_role != "background"]
    if any(u.place is UNLOCATED for u in finals):
        issues.append(
            Issue(
                code="W006", message=Warnings.W006.format(article_id=reading.article.id), article_id=reading.article.id
            )
        )
    events.sort(key=lambda e: (e.event_date, e.event_id))
    return events, issues


# --- dates --------------------------------------------------------------------------------------


def _main_date(reading: Reading, text: str) -> DateMention:
    """The story's main day: the first date of an event clause of its lead, else the first date of
    its lead, else the report's day (the dateline's, else the publication day) at week precision
    (ACLED codes "as reported" events to the report's week). A date deep in the body ("this week",
    in the ninth paragraph) dates only its own clause."""
    lead = [d for d in reading.dates if d.sentence < LEAD_SENTENCES]
    for frame in reading.frames:
        if frame.sentence >= LEAD_SENTENCES:
            break
        if frame.dates and not frame.reported and frame.role not in NOT_INCIDENTS:
            return _hedged(_acts_day(frame.dates), text)
    if lead:
        return _hedged(_acts_day(lead), text)
    return DateMention(
        date=reading.reference_date or reading.article.published,
        precision=TimePrecision.WEEK,
        sentence=0,
        evidence=Evidence(article_id=reading.article.id, start=0, end=0, text=""),
    )


def _frame_date(frame: Frame, main: DateMention, text: str) -> DateMention:
    own = [d for d in frame.dates if frame.span.start <= d.evidence.start < frame.span.end] or list(frame.dates)
    return _hedged(_acts_day(own), text) if own else main


def _acts_day(dates: Sequence[DateMention]) -> DateMention:
    """The first day that dates the act itself, not a statement about it ("Today, forces confirmed
    a leader was arrested Sunday": Sunday)."""
    return next((d for d in dates if not d.of_statement), dates[0])


def _hedged(mention: DateMention, text: str) -> DateMention:
    """ACLED time precision 2 for a day the report only approximates ("Around 5 May", "as reported")."""
    before = text[max(0, mention.evidence.start - 24) : mention.evidence.start].lower()
    after = text[mention.evidence.end : mention.evidence.end + 24].lower()
    if mention.precision == TimePrecision.DAY and (
        any(h in before for h in HEDGES) or after.startswith((" (as reported", " (or around", " (week of"))
    ):
        return DateMention(
            date=mention.date, precision=TimePrecision.WEEK, sentence=mention.sentence, evidence=mention.evidence
        )
    return mention


# --- places -------------------------------------------------------------------------------------


def _frame_places(
    frame: Frame, places: Mapping[PlaceMention, Place | None], text: str, region: Place | None
) -> list[tuple[Place, Evidence]]:
    """The resolved places of a clause, without the areas that only locate another of them
    ("in Tump (Kech, Balochistan)": Tump; Kech and Balochistan are its admin areas). Places joined
    by "and" are each a location ("in Pasni and Gwadar").

    A named district, tehsil or village the gazetteer cannot place ("Balincha, Tump and Kharan
    districts") is still a location: it keeps its name and falls back to the story's province at
    geo precision 3 (ACLED: code the smallest area that is certain), never to a guessed town.
    """
    found: list[tuple[Place, Evidence]] = []
    for mention in frame.places:
        place = places.get(mention)
        if place is None:
            if region is None or not mention.qualifier:
                continue
            place = replace(region, name=mention.name, feature="", geo_precision=GeoPrecision.REGION)
        if any(p.name == place.name and p.latitude == place.latitude for p, _ in found):
            continue
        if found and _names_admin_of(mention, place, found[-1], text):
            continue  # "Dawlat Abad district, Balkh": Balkh is the province, not the town
        if found and _second_of_between(mention, found[-1][1], text):
            continue  # "between Takhar and Kunduz provinces": one event, at the first
        found.append((place, mention.evidence))
    found = _drop_misplaced(found, text)
    kept = [(p, e) for p, e in found if not any(_locates(p, e, q, f, text) for q, f in found if q is not p)]
    if any(p.feature not in COUNTRY_FEATURES for p, _ in kept):
        # a country beside a finer place names a side ("forces of India and Pakistan exchanged fire
        # in Poonch district"), not where it happened: the most precise place is the location
        kept = [(p, e) for p, e in kept if p.feature not in COUNTRY_FEATURES]
    elif region is not None and region.feature not in COUNTRY_FEATURES:
        # the country alone ("killed 15 in Syria"), in a story about one of its provinces: the
        # province is the smallest area that is certain (ACLED precision 3), not the capital
        kept = [(region if p.feature in COUNTRY_FEATURES and p.iso == region.iso else p, e) for p, e in kept]
    return _coordinated(kept, text)


def _words_between(text: str, first: Evidence, second: Evidence) -> list[str]:
    """The lower-case words between two mentions, without commas and brackets."""
    gap = text[first.end : second.start]
    return gap.translate(_PUNCT_TO_SPACE).lower().split()


_PUNCT_TO_SPACE = str.maketrans({",": " ", "(": " ", ")": " "})


def _drop_misplaced(found: list[tuple[Place, Evidence]], text: str) -> list[tuple[Place, Evidence]]:
    """Trust the admin area the text gives over a guess for the place it locates.

    "Shahpur sector (Poonch district, J&K)": a Shahpur that is not in Poonch is a namesake, so the
    event goes to Poonch district; a name that only fell back to the province gives way to any
    district or town the same clause names.
    """
    out: list[tuple[Place, Evidence]] = []
    for k, (place, at) in enumerate(found):
        nxt = found[k + 1] if k + 1 < len(found) else None
        if nxt is not None and nxt[0].feature in AREA_LEVELS and place.feature in {"", "PPL"}:
            raw = text[at.end : nxt[1].start]
            gap = _words_between(text, at, nxt[1])
            level = AREA_LEVELS[nxt[0].feature]
            inside = (
                place.feature != "" and place.iso == nxt[0].iso and (getattr(place, level) == getattr(nxt[0], level))
            )
            located_by = "(" in raw or "of" in gap  # "X (Poonch district", "X village of Y district"
            if located_by and all(w in LIST_WORDS | {"sector"} for w in gap) and not inside:
                continue
        out.append((place, at))
    return out


def _coordinated(places: list[tuple[Place, Evidence]], text: str) -> list[tuple[Place, Evidence]]:
    """The first place of a clause and those listed with it ("in Kot, Khogyani and Dih Bala
    districts"); a place named elsewhere in the clause ("... attacked two men in Colonia Santa
    Anita") is a detail of the same event, not another event (ACLED: one event per location)."""
    if len(places) < 2:
        return places
    chain = [places[0]]
    for place, at in places[1:]:
        if all(word in LIST_WORDS for word in _words_between(text, chain[-1][1], at)):
            chain.append((place, at))
    return chain


def _second_of_between(mention: PlaceMention, previous: Evidence, text: str) -> bool:
    """ACLED codes an event "between X and Y" once, at X."""
    before = text[max(0, previous.start - 9) : previous.start].lower()
    between = _words_between(text, previous, mention.evidence)
    return "between" in before and between[-1:] == ["and"]


def _names_admin_of(mention: PlaceMention, resolved: Place, previous: tuple[Place, Evidence], text: str) -> bool:
    """True when a name right after a place ("X, Balkh", "X (Kech, Balochistan)", "X district of
    Hakkari") is one of its admin areas, whatever town of that name the gazetteer also has. The
    name may be spelt as written or as the gazetteer spells what it resolved to ("Tillabery",
    resolved to the town Tillaberi, is the region Tillaberi of "Torodi")."""
    place, at = previous
    between = _words_between(text, at, mention.evidence)
    if any(word not in ADMIN_WORDS | {"of"} for word in between):
        return False
    admins = {place.admin1.casefold(), place.admin2.casefold(), place.admin3.casefold()} - {""}
    return bool({mention.name.casefold(), resolved.name.casefold()} & admins)


def _locates(area: Place, area_at: Evidence, place: Place, place_at: Evidence, text: str) -> bool:
    """True when ``area`` is written as an admin area of ``place`` ("Pasni (Gwadar)", "Tump, Kech")."""
    if area.feature.startswith("PPL") or area is place or area.iso != place.iso:
        return False
    level = {"ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin3"}.get(area.feature)
    if level is not None:
        inside = bool(getattr(area, level)) and getattr(area, level) == getattr(place, level)
    else:
        inside = area.feature in {"PCLI", "PCL", "COUNTRY"}
    if not inside:
        return False
    first, second = sorted((area_at, place_at), key=lambda e: e.start)
    between = _words_between(text, first, second)
    return "and" not in between and "or" not in between


# --- typing -------------------------------------------------------------------------------------


def _join_interventions(
    units: Iterable[_Unit], unlocated: list[tuple[Frame, DateMention]]
) -> list[tuple[Frame, DateMention]]:
    """Join the state's reply to a protest, told in a sentence with no place of its own ("Police
    dispersed the protesters"), to the one protest of that day: ACLED codes them as one event, a
    Protest with intervention (Codebook 2023, Protests). Returns the frames still unlocated."""
    protests = [
        u for u in units if not u.region_level and any(t.label == "protest" for f in u.frames for t in f.triggers)
    ]
    kept: list[tuple[Frame, DateMention]] = []
    for frame, date in unlocated:
        labels = {t.label for t in frame.triggers if not (t.negated or t.hypothetical)}
        hosts = [u for u in protests if u.date == date.date]
        allowed = WITH_DISPERSAL if "intervention" in labels else WITH_INTERVENTION
        if labels & INTERVENTION_LABELS and labels <= allowed and len(hosts) == 1:
            hosts[0].frames.append(frame)
            hosts[0].local.extend(frame.fatalities)
            continue
        kept.append((frame, date))
    return kept


def _merge_contained(units: list[_Unit], actors: ActorCoder) -> list[_Unit]:
    """One violent incident told at two grains on one day is one event, at the finer place: the
    headline's "Aleppo" and the lead's "Salah al-Din district of Aleppo", the body's "Hasaka
    province" and the lead's "city of Hasaka" (ACLED: one event per location and day; a story
    restates its incident as it goes). Places apart, or of different kinds of violence, stay apart."""
    merged: list[_Unit] = []
    for unit in sorted(units, key=_grain):
        host = next((m for m in merged if _same_incident(m, unit)), None)
        if host is None:
            merged.append(unit)
            continue
        host.frames.extend(unit.frames)
        host.local.extend(unit.local)
        host.shared.extend(unit.shared)
        host.place_evidence.extend(unit.place_evidence)
        host.typing = _typing(host.frames, actors)
    order = {id(u): i for i, u in enumerate(units)}
    return sorted((m for m in merged if m.typing is not None), key=lambda u: order[id(u)])


def _fold_elaborations(units: list[_Unit], main: DateMention, actors: ActorCoder) -> list[_Unit]:
    """A body clause that states neither a day nor a toll of its own, and whose place is only a
    province, a country or somewhere abroad, elaborates the lead's incident ("the jets struck
    across Idlib province") or gives context ("Washington is leading a coalition fighting IS"):
    it is no event of its own. A violent one joins the lead's violent incident of
    its day; the rest are dropped. A body clause with its own day or toll ("On Sunday, a bomb in
    Kharan killed three") is another incident and stays (news structure: the lead tells the
    incident, the body adds detail, related incidents come with their own when and toll)."""
    leads = [u for u in units if _story_role(u, main) == "incident" and not u.region_level]
    if not leads:
        return units
    kept: list[_Unit] = []
    for unit in units:
        if unit in leads or _story_role(unit, main) != "related" or _specific(unit) or _own_town(unit, leads):
            kept.append(unit)
            continue
        host = next((h for h in leads if h.date == unit.date and _both_violent(h, unit)), None)
        if host is not None:
            host.frames.extend(unit.frames)
            host.typing = _typing(host.frames, actors)
    return [u for u in kept if u.typing is not None]


def _own_town(unit: _Unit, leads: Sequence[_Unit]) -> bool:
    """A town or district of the lead's country, named for this clause ("In Mastung district,
    insurgents stormed a prison"): a place of its own, not a country, province or a place abroad."""
    countries = {u.place.iso for u in leads}
    return unit.place.iso in countries and unit.place.feature not in REGION_FEATURES and not unit.region_level


def _specific(unit: _Unit) -> bool:
    """The unit's clauses give a day or a toll of their own."""
    for frame in unit.frames:
        if any(frame.span.start <= d.evidence.start < frame.span.end for d in frame.dates):
            return True
        if any(m.best > 0 for m in frame.fatalities):
            return True
    return False


def _both_violent(a: _Unit, b: _Unit) -> bool:
    return (
        a.typing is not None
        and b.typing is not None
        and a.typing.event_type in VIOLENT_TYPES
        and b.typing.event_type in VIOLENT_TYPES
    )


def _grain(unit: _Unit) -> tuple[int, int]:
    """Finer places first (a town before its district, a district before its province); among
    towns, the one the story names first."""
    rank = {"PPL": 0, "ADM3": 1, "ADM2": 2, "ADM1": 3}.get(unit.place.feature, 4)
    return rank, min((f.sentence for f in unit.frames), default=0)


def _same_incident(fine: _Unit, coarse: _Unit) -> bool:
    if fine.date != coarse.date or fine.typing is None or coarse.typing is None:
        return False
    kinds = {fine.typing.event_type, coarse.typing.event_type}
    if len(kinds) > 1 and not kinds <= VIOLENT_TYPES:
        return False
    a, b = fine.place, coarse.place
    if a is UNLOCATED or b is UNLOCATED or a.iso != b.iso or not a.iso:
        return False
    level = AREA_LEVELS.get(b.feature)
    if level is not None:
        return bool(getattr(a, level)) and getattr(a, level) == getattr(b, level)
    if b.feature == "PPL" and a.admin1 == b.admin1:
        return distance_km(a.latitude, a.longitude, b.latitude, b.longitude) <= SAME_TOWN_KM
    return False


def _typing(frames: Sequence[Frame], actors: ActorCoder) -> Typing | None:
    """The unit's type by ACLED's hierarchy; but when fighting told beside it would make a Battle of
    an explosion, air strike or shelling whose own clause carries the toll ("air strikes killed 85
    civilians ... as fighting went on"), the clause that tells the deaths says what they died of."""
    typing = _typing_of(frames)
    if typing is None or typing.event_type != EventType.BATTLES or len(frames) < 2:
        return typing
    tolled = [f for f in frames if any(m.best > 0 for m in f.fatalities)]
    if not tolled:
        return typing
    lead = max(tolled, key=lambda f: max(m.best for m in f.fatalities))
    own = _typing_of([lead])
    return own if own is not None and own.event_type == EventType.EXPLOSIONS else typing


def _typing_of(frames: Sequence[Frame]) -> Typing | None:
    labels = {t.label for f in frames for t in f.triggers if not (t.negated or t.hypothetical)}
    targets = {f.target for f in frames}
    target = "armed" if "armed" in targets else ("civilian" if "civilian" in targets else "")
    agents = {a.inter for f in frames for a in f.actors if a.role in {"agent", "party"}}
    # deaths make a protest Excessive force only when a death is one of the unit's own acts, not its
    # reason ("protest after a gas leak killed 11": the killing trigger was dropped as the reason)
    civilian_deaths = bool(labels & {"kill", "attack"}) and any(
        m.side in {"civilian", "unknown"} and m.best > 0 for f in frames for m in f.fatalities
    )
    crowd = any(f.agent == "civilian" for f in frames)
    return classify(labels, target=target, agent_inters=agents, civilian_deaths=civilian_deaths, crowd=crowd)


def _learned_typing(reading: Reading, units: Sequence[_Unit], typer: Typer) -> None:
    """Let the model type each event from its clauses, the article's lead and the rules' typing
    of it (one call per article)."""
    from sitrep.extract.lead import model_input

    texts = [model_input(reading.lead, [f.span for f in u.frames]) for u in units]
    for unit, probs in zip(units, typer.probabilities(texts, [u.typing for u in units]), strict=True):
        assert unit.typing is not None
        unit.decision = typer.decide(unit.typing, probs)
        unit.typing = unit.decision.typing


def _absorb_summaries(
    units: list[_Unit], unlocated: list[tuple[Frame, DateMention]], region: Place | None, actors: ActorCoder
) -> list[tuple[FatalityMention, dt.date]]:
    """Fold summary clauses into the located events of their day; code the rest at region level.

    RETURNS: the summary figures, each with its day, to be shared among that day's events.
    """
    pool: list[tuple[FatalityMention, dt.date]] = []
    specific_days = {u.date for u in units if not u.region_level}
    carried = {id(m) for u in units if not u.region_level for m in u.local + u.shared}
    for unit in units:
        if unit.region_level and unit.date in specific_days and unit.typing is not None:
            if unit.typing.event_type in VIOLENT_TYPES or _same_type(unit, units):
                # a figure the located events already carry is not shared out again
                pool.extend((m, unit.date) for m in unit.local + unit.shared if id(m) not in carried)
                unit.typing = None
    leftovers: dict[tuple[dt.date, TimePrecision], list[tuple[Frame, DateMention]]] = {}
    for frame, date in unlocated:
        if date.date in specific_days:
            pool.extend((m, date.date) for m in frame.fatalities)
        else:
            leftovers.setdefault((date.date, date.precision), []).append((frame, date))
    where = region or UNLOCATED
    for (day, precision), items in leftovers.items():
        frames = [f for f, _ in items]
        same = [u for u in units if u.typing is not None and u.date == day and u.place == where]
        if same:  # the story's region already has an event that day: one place, one day, one event
            same[0].frames.extend(frames)
            same[0].local.extend(m for f in frames for m in f.fatalities)
            continue
        unit = _Unit(
            place=where,
            place_evidence=[],
            date=day,
            precision=precision,
            date_evidence=[items[0][1].evidence],
            frames=frames,
            region_level=True,
        )
        unit.local = [m for f in frames for m in f.fatalities]
        unit.typing = _typing(frames, actors)
        if unit.typing is not None:
            units.append(unit)
    return pool


def _same_type(unit: _Unit, units: Sequence[_Unit]) -> bool:
    return any(
        u is not unit
        and not u.region_level
        and u.date == unit.date
        and u.typing is not None
        and unit.typing is not None
        and u.typing.event_type == unit.typing.event_type
        for u in units
    )


def _attach_orphan_fatalities(reading: Reading, pool: list[tuple[FatalityMention, dt.date]], main: DateMention) -> None:
    """Figures in sentences with no trigger ("1 fatality.", "confirmed the deaths of 10") are
    summaries of the main day: they join its pool."""
    in_frames = {id(m) for f in reading.frames for m in f.fatalities}
    framed = {(m.evidence.start, m.evidence.end) for f in reading.frames for m in f.fatalities}
    dated_sentences = {d.sentence: d for d in reading.dates}
    for m in reading.fatalities:
        if id(m) in in_frames or (m.evidence.start, m.evidence.end) in framed:
            continue
        own = dated_sentences.get(m.sentence)
        day = own.date if own is not None else main.date
        pool.append((m, day))


# --- the event record ---------------------------------------------------------------------------


def _event(reading: Reading, unit: _Unit, share: Share, actors: ActorCoder, main: DateMention) -> Event:
    assert unit.typing is not None
    typing = unit.typing
    share = within_type(share, typing.sub_event_type)
    place = unit.place
    coded: CodedActors = actors.code(unit.frames, reading, typing=typing, country=place.country, date=unit.date)
    trig_evidence = tuple(
        t.evidence
        for f in unit.frames
        for t in f.triggers
        if t.label in typing.decided_by and not (t.negated or t.hypothetical)
    ) or tuple(t.evidence for f in unit.frames for t in f.triggers)
    evidence: dict[str, tuple[Evidence, ...]] = {
        "event_date": tuple(e for e in unit.date_evidence if e.end > e.start) or (unit.frames[0].span,),
        "event_type": trig_evidence,
        "sub_event_type": trig_evidence,
        "location": tuple(unit.place_evidence) or (unit.frames[0].span,),
        "notes": tuple(f.span for f in unit.frames),
    }
    if coded.evidence1:
        evidence["actor1"] = coded.evidence1
    if coded.evidence2:
        evidence["actor2"] = coded.evidence2
    if share.evidence:
        evidence["fatalities"] = share.evidence
    civilian = coded.inter2 == 7 and typing.event_type in {EventType.VIOLENCE_AGAINST_CIVILIANS, EventType.EXPLOSIONS}
    event_id = _event_id(reading.article.id, unit, typing, coded.actor1)
    notes = write_notes(unit.frames, date=unit.date, place=place, share=share)
    codes = crosswalk(typing.sub_event_type, " ".join(e.text for e in trig_evidence))
    return Event(
        event_id=event_id,
        article_ids=(reading.article.id,),
        event_date=unit.date,
        time_precision=unit.precision,
        disorder_type=disorder_type(typing.event_type, typing.sub_event_type),
        event_type=typing.event_type,
        sub_event_type=typing.sub_event_type,
        actor1=coded.actor1,
        assoc_actor_1=coded.assoc1,
        inter1=coded.inter1,
        actor2=coded.actor2,
        assoc_actor_2=coded.assoc2,
        inter2=coded.inter2,
        interaction=coded.interaction,
        civilian_targeting="Civilian targeting" if civilian else "",
        iso=place.iso,
        country=place.country,
        region=place.region,
        admin1=place.admin1,
        admin2=place.admin2,
        admin3=place.admin3,
        location=place.name,
        latitude=None if place is UNLOCATED else place.latitude,
        longitude=None if place is UNLOCATED else place.longitude,
        geo_precision=place.geo_precision,
        fatalities=share.best,
        fatalities_low=share.low,
        fatalities_best=share.best,
        fatalities_high=share.high,
        source=reading.article.source,
        notes=notes,
        evidence=evidence,
        confidence=_confidence(unit, coded, background=unit.date != main.date)
        if unit.decision is None or unit.decision.confidence is None
        else unit.decision.confidence,
        plover_event_type=codes.plover_event_type,
        plover_mode=codes.plover_mode,
        cameo_root=codes.cameo_root,
        where_prec=where_prec(None if place is UNLOCATED else place),
        story_role=_story_role(unit, main),
        typed_by=unit.decision.typed_by if unit.decision else "",
        label=unit.decision.label if unit.decision else "",
    )


def _story_role(unit: _Unit, main: DateMention) -> str:
    """ "background" for an incident recalled from an earlier day, "incident" for what the lead
    reports, "related" for another incident the body reports on the story's days."""
    if (main.date - unit.date).days > 1:
        return "background"
    if any(f.sentence < LEAD_SENTENCES or f.role == "headline" for f in unit.frames):
        return "incident"
    return "related"


def _event_id(article_id: str, unit: _Unit, typing: Typing, actor1: str) -> str:
    """Stable: the same article and event give the same id on every run."""
    key = "|".join(
        [
            article_id,
            unit.date.isoformat(),
            unit.place.name,
            f"{unit.place.latitude:.3f}",
            f"{unit.place.longitude:.3f}",
            typing.event_type,
            typing.sub_event_type,
            actor1,
        ]
    )
    return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _confidence(unit: _Unit, coded: CodedActors, *, background: bool) -> float:
    """A first, uncalibrated score: how much of the event the text states outright. An event on
    another day than the story's main one is background, told in passing: less sure."""
    score = 0.45 - (0.1 if background else 0.0)
    triggers = [t for f in unit.frames for t in f.triggers if not (t.negated or t.hypothetical)]
    if any(t.label != "attack" for t in triggers):
        score += 0.15
    if unit.place.geo_precision == GeoPrecision.PLACE:
        score += 0.15
    elif unit.place.geo_precision == GeoPrecision.NEAR:
        score += 0.1
    if unit.precision == TimePrecision.DAY:
        score += 0.1
    if coded.evidence1:
        score += 0.1
    if all(t.attempted for t in triggers):
        score -= 0.05
    if unit.region_level:
        score -= 0.1
    return round(max(0.05, min(0.95, score)), 2)
