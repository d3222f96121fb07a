"""One fused event from the reports of one incident: which report each field comes from.

Every choice is a total order on the reports' own fields (ties end on the report key), so the
fused event does not depend on the order reports arrived in. The rules:

* **id**: the event id of the earliest report (published first, then article id, then key).
  A report published later never changes it, so ids stay stable as an incident is followed;
  the store keeps the id a backfilled earlier report displaces as an alias.
* **fatalities** (ACLED codebook, "Fatalities": when reports differ, code the most
  conservative, lowest credible figure): the lowest ``fatalities`` of the reports that give a
  figure (a report that does not mention deaths is not a report of zero deaths). A toll update
  (``fuse.updates``: "the death toll rose to 15", "a wounded constable died") gives the running
  total and supersedes the counts published before it, which stay in the low/high range.
* **fatalities_low / fatalities_high** (UCDP GED low/high estimates): the lowest low and the
  highest high across those reports.
* **fatalities_best** (UCDP GED best estimate: the most reliable figure): from the most
  specific report (the narrowest low-high range), the most recent of those.
* **event_type / sub_event_type / disorder_type** (ACLED codebook, "Event type hierarchy"):
  the highest type any report gives, the most recent report of it.
* **date** (ACLED ``time_precision``): from the report with the finest precision, the most
  recent of those, toll updates last (they are dated by the later death); **place** (ACLED
  ``geo_precision``): likewise, among reports with a point.
* **actors**: from the report naming the most actors (ACLED codes named actors over
  "Unidentified"), the most recent of those; a side it leaves unnamed is filled from a report
  that names it (a claim of responsibility); ``civilian_targeting`` follows actor 2 and type.
* **article_ids, source, evidence**: every report's, merged; **confidence**: the highest.
* **notes**: the notes of the most specific report, then a sentence saying what was fused
  and how the figures were reconciled.

A single report is returned unchanged: a story only one article tells is exactly what
``sitrep extract`` codes from it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from sitrep.fuse.match import named
from sitrep.fuse.report import Report
from sitrep.fuse.updates import Update, toll_update
from sitrep.model import Event, Evidence
from sitrep.vocab.taxonomy import EventType

__all__ = ["anchor", "reconcile"]

PLACE_EXTRAS = ("where_prec",)  # place fields other stages add to Event: they follow the place chosen
CIVILIAN_INTER = 7
CIVILIAN_TARGET_TYPES = frozenset({EventType.VIOLENCE_AGAINST_CIVILIANS, EventType.EXPLOSIONS})


def _rank(event_type: str) -> int:
    from sitrep.extract.classify import event_rank

    try:
        return event_rank(event_type)
    except KeyError:
        return 99


def anchor(reports: Sequence[Report]) -> Report:
    """The earliest report: its event id is the fused event's id."""
    return min(reports, key=lambda r: (r.published, r.article_id, r.key))


def _pick(reports: Sequence[Report], specific: Callable[[Report], Any]) -> Report:
    """The most specific report by ``specific`` (lower is better), then the most recent, then
    the most confident, then the smallest key."""
    return min(reports, key=lambda r: (specific(r), -r.published.toordinal(), -r.event.confidence, r.key))


def _gives_figure(report: Report) -> bool:
    e = report.event
    return "fatalities" in e.evidence or e.fatalities_high > 0 or e.fatalities > 0


def _evidence(reports: Sequence[Report]) -> dict[str, tuple[Evidence, ...]]:
    spans: dict[str, set[Evidence]] = {}
    for r in reports:
        for name, items in r.event.evidence.items():
            spans.setdefault(name, set()).update(items)
    return {
        name: tuple(sorted(items, key=lambda e: (e.article_id, e.start, e.end, e.text)))
        for name, items in sorted(spans.items())
    }


def _figure(report: Report, update: Update | None, before: int) -> tuple[int, int, int, int]:
    """A report's (fatalities, low, best, high); a toll update gives the running total: its
    stated total, or (later deaths without one) the earlier reports' count plus its own."""
    e = report.event
    own = (e.fatalities, e.fatalities_low, e.fatalities_best, e.fatalities_high)
    if update is None:
        return own
    total = update.total if update.total is not None else before + e.fatalities
    total = max(total, e.fatalities)
    return (total, total, total, max(total, e.fatalities_high))


def _figures(reports: Sequence[Report], updates: dict[str, Update]) -> tuple[dict[str, int], str]:
    counted = [r for r in reports if _gives_figure(r) or r.key in updates]
    if not counted:
        return {"fatalities": 0, "fatalities_low": 0, "fatalities_best": 0, "fatalities_high": 0}, ""
    # an update supersedes the counts published before it (they are earlier totals, not rival ones)
    last = max((r.published for r in counted if r.key in updates), default=None)
    earlier = [r for r in counted if last is not None and r.published < last]
    superseded = {r.key for r in earlier}
    before = max((r.event.fatalities for r in earlier), default=0)
    figure = {r.key: _figure(r, updates.get(r.key), before) for r in counted}
    current = [r for r in counted if r.key not in superseded] or counted
    best = figure[_pick(current, lambda r: figure[r.key][3] - figure[r.key][1]).key][2]
    figures = {
        "fatalities": min(figure[r.key][0] for r in current),
        "fatalities_low": min(figure[r.key][1] for r in counted),
        "fatalities_high": max(figure[r.key][3] for r in counted),
    }
    figures["fatalities_best"] = min(max(best, figures["fatalities_low"]), figures["fatalities_high"])
    given = sorted({figure[r.key][0] for r in counted})
    if len(given) == 1:
        text = f"All {len(counted)} reports giving a figure report {given[0]} fatalities."
    else:
        text = (
            f"Reports give {', '.join(map(str, given))} fatalities: coded {figures['fatalities']} "
            f"({'the latest toll update' if earlier else 'lowest credible figure'}), best estimate "
            f"{figures['fatalities_best']} (most specific, most recent report), range {figures['fatalities_low']}-"
            f"{figures['fatalities_high']}."
        )
    return figures, text


def _actors(reports: Sequence[Report]) -> dict[str, Any]:
    """Actor fields from the report naming the most actors (most recent of those); a side it
    leaves unnamed is filled from the most recent report naming that side with another actor
    (a claim of responsibility names the attacker an earlier report did not)."""
    acted = _pick(
        reports,
        lambda r: (
            -sum(named(a) for a in (r.event.actor1, r.event.actor2, r.event.assoc_actor_1, r.event.assoc_actor_2))
        ),
    ).event
    sides = {
        1: (acted.actor1, acted.assoc_actor_1, acted.inter1),
        2: (acted.actor2, acted.assoc_actor_2, acted.inter2),
    }
    for side in (1, 2):
        if named(sides[side][0]):
            continue
        other = sides[3 - side][0]
        fillers = [
            r for r in reports if named(getattr(r.event, f"actor{side}")) and getattr(r.event, f"actor{side}") != other
        ]
        if fillers:
            e = _pick(fillers, lambda r: 0).event
            sides[side] = (getattr(e, f"actor{side}"), getattr(e, f"assoc_actor_{side}"), getattr(e, f"inter{side}"))
    (actor1, assoc1, inter1), (actor2, assoc2, inter2) = sides[1], sides[2]
    changed = (actor1, actor2) != (acted.actor1, acted.actor2)
    return dict(
        actor1=actor1,
        assoc_actor_1=assoc1,
        inter1=inter1,
        actor2=actor2,
        assoc_actor_2=assoc2,
        inter2=inter2,
        interaction=_interaction(inter1, inter2) if changed else acted.interaction,
    )


def _interaction(inter1: int, inter2: int) -> int:
    from sitrep.vocab.actors import interaction_code

    return interaction_code(inter1, inter2) if inter1 or inter2 else 0


def reconcile(reports: Sequence[Report]) -> Event:
    """The fused event of one incident's reports (see the module docstring for each rule)."""
    if not reports:
        raise ValueError("reconcile needs at least one report")
    if len(reports) == 1:
        return reports[0].event
    first = anchor(reports)
    typed = _pick(reports, lambda r: _rank(r.event.event_type))
    # a toll update is dated by the later death it tells of: the others date the incident
    updates = {r.key: u for r in reports if (u := toll_update(r)) is not None}
    dated = _pick([r for r in reports if r.key not in updates] or reports, lambda r: int(r.event.time_precision))
    located = _pick(reports, lambda r: (r.event.latitude is None, int(r.event.geo_precision)))
    actors = _actors(reports)
    lead = _pick(reports, lambda r: int(r.event.time_precision) + int(r.event.geo_precision))
    figures, figure_text = _figures(reports, updates)
    article_ids = tuple(sorted({a for r in reports for a in r.event.article_ids}))
    sources = sorted({r.event.source for r in reports if r.event.source})
    summary = f"Fused from {len(reports)} reports ({', '.join(article_ids)})."
    notes = " ".join(part for part in (lead.event.notes, summary, figure_text) if part)
    place = located.event
    extras = {name: getattr(place, name) for name in PLACE_EXTRAS if hasattr(place, name)}
    return dataclasses.replace(
        typed.event,
        **extras,
        event_id=first.event.event_id,
        article_ids=article_ids,
        event_date=dated.event.event_date,
        time_precision=dated.event.time_precision,
        **actors,
        civilian_targeting="Civilian targeting"
        if (actors["inter2"] == CIVILIAN_INTER and typed.event.event_type in CIVILIAN_TARGET_TYPES)
        else "",
        iso=place.iso,
        region=place.region,
        country=place.country,
        admin1=place.admin1,
        admin2=place.admin2,
        admin3=place.admin3,
        location=place.location,
        latitude=place.latitude,
        longitude=place.longitude,
        geo_precision=place.geo_precision,
        source="; ".join(sources),
        notes=notes,
        evidence=_evidence(reports),
        confidence=max(r.event.confidence for r in reports),
        fatalities=figures["fatalities"],
        fatalities_low=figures["fatalities_low"],
        fatalities_best=figures["fatalities_best"],
        fatalities_high=figures["fatalities_high"],
    )
