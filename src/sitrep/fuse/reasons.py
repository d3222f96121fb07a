"""Why each report joined its event, in words an analyst can check ("same place and day; toll
update (3); claim"). A function of the event's reports alone, like the fusion it explains."""

from __future__ import annotations

from collections.abc import Sequence

from sitrep.fuse.match import named, place_gap_km
from sitrep.fuse.reconcile import anchor
from sitrep.fuse.report import Report
from sitrep.fuse.updates import claims, toll_update

__all__ = ["FIRST", "join_reasons"]

FIRST = "first report"


def _reason(report: Report, first: Report) -> str:
    a, b = first.event, report.event
    gap = place_gap_km(a, b)
    if gap < 1:
        place = "same place"
    elif gap != float("inf"):
        place = f"{gap:.0f} km apart"
    else:
        place = "same district" if a.admin2 and a.admin2 == b.admin2 else "same province"
    days = abs((b.event_date - a.event_date).days)
    parts = [f"{place} and day" if days == 0 else f"{place}, {days} day{'s' if days > 1 else ''} apart"]
    update = toll_update(report)
    if update is not None:
        parts.append("toll update" + (f" ({update.total})" if update.total is not None else ""))
    if claims(report):
        parts.append("claim" + (f" ({b.actor1})" if named(b.actor1) else ""))
    elif named(b.actor1) and not named(a.actor1):
        parts.append(f"names the attacker ({b.actor1})")
    if named(b.actor1) and b.actor1 in (a.actor2, a.assoc_actor_2) and b.actor1 != a.actor1:
        parts.append("actors inverted")
    return "; ".join(parts)


def join_reasons(reports: Sequence[Report]) -> dict[str, str]:
    """Report key -> why it is part of the event these reports make (the first report: "first report")."""
    if not reports:
        return {}
    first = anchor(reports)
    return {r.key: FIRST if r.key == first.key else _reason(r, first) for r in reports}
