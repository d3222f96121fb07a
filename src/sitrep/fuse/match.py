"""Whether two reports can describe one incident: dates, places, types and actors all agree.

Each test names the rule it follows:

* **dates** (ACLED ``time_precision``): a report's day widens to the span its precision allows
  (1: the day; 2: the week around it, ±3 days; 3: its calendar month); two reports agree when
  their spans lie within ``Rules.days`` of each other (outlets often differ by a day).
* **places** (ACLED's event unit is one location; UCDP GED's ``where_prec``): the same country
  and admin1, and the same named location, or the same admin2 with either report known only
  to the district (geo_precision 3) or both points within ``Rules.km``.
* **types** (ACLED codebook, "Event type hierarchy"): the same event type; or two political
  violence types (Battles, Explosions/Remote violence, Violence against civilians), which one
  incident can be coded as from different accounts; or Protests and Riots (a protest that
  turned violent). Strategic developments only match the same sub-event type.
* **actors** (ACLED: an event is one actor pair): where both reports name the same side, the
  names agree, unless one report names the other's actor in the other role (swapped roles, or
  the victim coded as the attacker). An unnamed or "Unidentified" actor agrees with anyone.

Reports from the same article never match: ``assemble`` split them on purpose.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass

from sitrep.geo.distance import distance_km
from sitrep.model import Event, GeoPrecision, TimePrecision
from sitrep.vocab.taxonomy import ORGANISED_VIOLENCE, EventType

__all__ = ["DEFAULT_RULES", "Rules", "date_span", "same_incident"]

POLITICAL_VIOLENCE = ORGANISED_VIOLENCE
DEMONSTRATIONS = frozenset({EventType.PROTESTS, EventType.RIOTS})
STRATEGIC = EventType.STRATEGIC_DEVELOPMENTS
UNNAMED_PREFIX = "Unidentified"


@dataclass(frozen=True, slots=True, kw_only=True)
class Rules:
    """Fusion tolerances (settings ``fusion_days`` and ``fusion_km``)."""

    days: int = 1
    km: float = 10.0


DEFAULT_RULES = Rules()


def date_span(event: Event) -> tuple[dt.date, dt.date]:
    """The first and last day the event's date and time_precision allow."""
    day = event.event_date
    if event.time_precision == TimePrecision.WEEK:
        return day - dt.timedelta(days=3), day + dt.timedelta(days=3)
    if event.time_precision == TimePrecision.MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    return day, day


def dates_agree(a: Event, b: Event, rules: Rules) -> bool:
    a_lo, a_hi = date_span(a)
    b_lo, b_hi = date_span(b)
    slack = dt.timedelta(days=rules.days)
    return a_lo - slack <= b_hi and b_lo - slack <= a_hi


def place_gap_km(a: Event, b: Event) -> float:
    """Distance between the two points, 0 for one named place, inf when either has no point."""
    if a.location and a.location.casefold() == b.location.casefold():
        return 0.0
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return math.inf
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)


def places_agree(a: Event, b: Event, rules: Rules) -> bool:
    if not a.country or a.country != b.country or a.admin1 != b.admin1:
        return False
    if a.location and a.location.casefold() == b.location.casefold() and a.admin2 == b.admin2:
        return True
    if not a.admin2 or a.admin2 != b.admin2:
        return False
    if GeoPrecision.REGION in (a.geo_precision, b.geo_precision):
        return True
    return place_gap_km(a, b) <= rules.km


def types_agree(a: Event, b: Event) -> bool:
    if a.event_type == b.event_type:
        return a.event_type != STRATEGIC or a.sub_event_type == b.sub_event_type
    pair = {a.event_type, b.event_type}
    return pair <= POLITICAL_VIOLENCE or pair <= DEMONSTRATIONS


def named(actor: str) -> bool:
    """A real name: not empty and not ACLED's "Unidentified ..." placeholder."""
    return bool(actor) and not actor.startswith(UNNAMED_PREFIX)


def _names(event: Event) -> set[str]:
    names = {event.actor1, event.actor2}
    for assoc in (event.assoc_actor_1, event.assoc_actor_2):
        names.update(part.strip() for part in assoc.split(";"))
    return {n for n in names if named(n)}


def actors_agree(a: Event, b: Event) -> bool:
    """Actors block a match only when both reports name a side and contradict each other: an
    unnamed side agrees with anyone, and a name the other report gives in the other role (the
    victim coded as the attacker, or roles swapped) is the same actor seen another way."""
    a_names, b_names = _names(a), _names(b)
    for x, y in ((a.actor1, b.actor1), (a.actor2, b.actor2)):
        if named(x) and named(y) and x != y and x not in b_names and y not in a_names:
            return False
    return True


def same_incident(a: Event, b: Event, rules: Rules = DEFAULT_RULES) -> bool:
    """True when reports ``a`` and ``b`` (from different articles) can be one incident."""
    if set(a.article_ids) & set(b.article_ids):
        return False
    return dates_agree(a, b, rules) and places_agree(a, b, rules) and types_agree(a, b) and actors_agree(a, b)
