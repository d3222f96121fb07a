"""One fused event from the reports of one incident: which report each field comes from.

Every choice is a total order on the reports' own fields (ties end on the report key), so the
fused event does not depend on the order reports arrived in. The rules:

* **id**: the event id of the earliest report (published first, then article id, then key).
  A report published later never changes it, so ids stay stable as an incident is followed;
  the store keeps the id a backfilled earlier report displaces as an alias.
* **fatalities** (ACLED codebook, "Fatalities": when reports differ, code the most
  conservative, lowest credible figure): the lowest ``fatalities`` of the reports that give a
  figure (a report that does not mention deaths is not a report of zero deaths).
* **fatalities_low / fatalities_high** (UCDP GED low/high estimates): the lowest low and the
  highest high across those reports.
* **fatalities_best** (UCDP GED best estimate: the most reliable figure): from the most
  specific report (the narrowest low-high range), the most recent of those.
* **event_type / sub_event_type / disorder_type** (ACLED codebook, "Event type hierarchy"):
  the highest type any report gives, the most recent report of it.
* **date** (ACLED ``time_precision``): from the report with the finest precision, the most
  recent of those; **place** (ACLED ``geo_precision``): likewise, among reports with a point.
* **actors**: from the report naming the most actors (ACLED codes named actors over
  "Unidentified"), the most recent of those; ``civilian_targeting`` follows actor 2 and type.
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
from sitrep.model import Event, Evidence

__all__ = ["anchor", "reconcile"]

PLACE_EXTRAS = ("where_prec",)  # place fields other stages add to Event: they follow the place chosen
CIVILIAN_INTER = 7
CIVILIAN_TARGET_TYPES = frozenset({"Violence against civilians", "Explosions/Remote violence"})


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


def _figures(reports: Sequence[Report]) -> tuple[dict[str, int], str]:
    counted = [r for r in reports if _gives_figure(r)]
    if not counted:
        return {"fatalities": 0, "fatalities_low": 0, "fatalities_best": 0, "fatalities_high": 0}, ""
    best = _pick(counted, lambda r: r.event.fatalities_high - r.event.fatalities_low).event.fatalities_best
    figures = {
        "fatalities": min(r.event.fatalities for r in counted),
        "fatalities_low": min(r.event.fatalities_low for r in counted),
        "fatalities_high": max(r.event.fatalities_high for r in counted),
    }
    figures["fatalities_best"] = min(max(best, figures["fatalities_low"]), figures["fatalities_high"])
    given = sorted({r.event.fatalities for r in counted})
    if len(given) == 1:
        text = f"All {len(counted)} reports giving a figure report {given[0]} fatalities."
    else:
        text = (
            f"Reports give {', '.join(map(str, given))} fatalities: coded {figures['fatalities']} "
            f"(lowest credible figure), best estimate {figures['fatalities_best']} "
            f"(most specific, most recent report), range {figures['fatalities_low']}-"
            f"{figures['fatalities_high']}."
        )
    return figures, text


def reconcile(reports: Sequence[Report]) -> Event:
    """The fused event of one incident's reports (see the module docstring for each rule)."""
    if not reports:
        raise ValueError("reconcile needs at least one report")
    if len(reports) == 1:
        return reports[0].event
    first = anchor(reports)
    typed = _pick(reports, lambda r: _rank(r.event.event_type))
    dated = _pick(reports, lambda r: int(r.event.time_precision))
    located = _pick(reports, lambda r: (r.event.latitude is None, int(r.event.geo_precision)))
    acted = _pick(
        reports,
        lambda r: (
            -sum(named(a) for a in (r.event.actor1, r.event.actor2, r.event.assoc_actor_1, r.event.assoc_actor_2))
        ),
    )
    lead = _pick(reports, lambda r: int(r.event.time_precision) + int(r.event.geo_precision))
    figures, figure_text = _figures(reports)
    article_ids = tuple(sorted({a for r in reports for a in r.event.article_ids}))
    sources = sorted({r.event.source for r in reports if r.event.source})
    summary = f"Fused from {len(reports)} reports ({', '.join(article_ids)})."
    notes = " ".join(part for part in (lead.event.notes, summary, figure_text) if part)
    place = located.event
    actors = acted.event
    extras = {name: getattr(place, name) for name in PLACE_EXTRAS if hasattr(place, name)}
    return dataclasses.replace(
        typed.event,
        **extras,
        event_id=first.event.event_id,
        article_ids=article_ids,
        event_date=dated.event.event_date,
        time_precision=dated.event.time_precision,
        actor1=actors.actor1,
        assoc_actor_1=actors.assoc_actor_1,
        inter1=actors.inter1,
        actor2=actors.actor2,
        assoc_actor_2=actors.assoc_actor_2,
        inter2=actors.inter2,
        interaction=actors.interaction,
        civilian_targeting="Civilian targeting"
        if (actors.inter2 == CIVILIAN_INTER and typed.event.event_type in CIVILIAN_TARGET_TYPES)
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
