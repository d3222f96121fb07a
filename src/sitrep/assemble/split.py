"""Share a report's fatality figures among the events they belong to.

ACLED Codebook 2023, "Fatalities": a total reported for several events is split evenly across
them, the remainder going to the first, and the split is said in the notes ("20 fatalities split up
between 3 events"). A figure named for one place ("two police officers were killed in Quetta") is
that event's own, and part of the story's total, never added on top of it.

Who died decides which events share a total: soldiers and militants died where armed actors met
(Battles, Explosions/Remote violence), civilians where they were attacked or bombed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.extract.fatalities import combine_fatalities
from sitrep.model import Evidence, FatalityMention, StatedSplit
from sitrep.vocab.taxonomy import EventType

__all__ = ["NON_LETHAL_SUB_EVENT_TYPES", "Share", "apply_stated_split", "split_fatalities", "within_type"]

ARMED_SIDES = frozenset({"state", "rebel", "attacker"})
ARMED_TYPES = frozenset({EventType.BATTLES, EventType.EXPLOSIONS})
CIVILIAN_TYPES = frozenset(
    {EventType.VIOLENCE_AGAINST_CIVILIANS, EventType.EXPLOSIONS, EventType.RIOTS, EventType.PROTESTS}
)
VIOLENT_TYPES = ARMED_TYPES | CIVILIAN_TYPES
# ACLED Codebook 2023, Protests: a Peaceful protest has no violence, and a Protest with intervention is
# dispersed "without serious/lethal injuries"; deaths at a protest make it Excessive force against
# protesters (or a Violent demonstration). So deaths a protest report mentions under these two types
# are its cause or background ("protest over the killing of a trader"), never the protest's own.
NON_LETHAL_SUB_EVENT_TYPES = frozenset({"Peaceful protest", "Protest with intervention"})


@dataclass(frozen=True, slots=True)
class Share:
    """The fatalities coded on one event, and how they were reached."""

    low: int
    best: int
    high: int
    evidence: tuple[Evidence, ...] = ()
    split_note: str = ""


_Triple = tuple[int, int, int]


def _side(m: FatalityMention) -> str:
    if m.side in ARMED_SIDES:
        return "state" if m.side == "state" else "non_state"
    return m.side


def _by_side(mentions: Sequence[FatalityMention]) -> dict[str, _Triple]:
    groups: dict[str, list[FatalityMention]] = {}
    for m in mentions:
        groups.setdefault(_side(m), []).append(m)
    return {side: combine_fatalities(ms) for side, ms in groups.items()}


def _eligible(event_type: str, side: str) -> bool:
    if side in {"state", "non_state"}:
        return event_type in ARMED_TYPES
    if side == "civilian":
        return event_type in CIVILIAN_TYPES
    return event_type in VIOLENT_TYPES


def _even(total: int, n: int, i: int) -> int:
    """Even split of ``total`` over ``n`` events, the remainder to the first (ACLED)."""
    base, rest = divmod(total, n)
    return base + (rest if i == 0 else 0)


def split_fatalities(
    units: Sequence[tuple[str, Sequence[FatalityMention], Sequence[FatalityMention]]],
    *,
    pool: Sequence[tuple[FatalityMention, dt.date]],
    dates: Sequence[dt.date],
) -> list[Share]:
    """Code the fatalities of each event of one article.

    units: per event, (event type, its own figures, figures of a clause naming several places).
    pool: summary figures with their day, to be shared among that day's events.
    dates: the day of each event, parallel to ``units``.
    RETURNS (list[Share]): parallel to ``units``.
    """
    n = len(units)
    # A clause naming several places: its figure is split evenly among them.
    carriers: dict[int, list[int]] = {}
    mention_of: dict[int, FatalityMention] = {}
    for i, (_, _, shared) in enumerate(units):
        for m in shared:
            carriers.setdefault(id(m), []).append(i)
            mention_of[id(m)] = m
    totals: list[list[int]] = []
    evidence: list[list[Evidence]] = []
    local_sides: list[dict[str, _Triple]] = []
    for _, local, _ in units:
        sides = _by_side(local)
        local_sides.append(sides)
        lo, be, hi = combine_fatalities(local)
        totals.append([lo, be, hi])
        evidence.append([m.evidence for m in local])
    notes = [""] * n
    for key, owners in carriers.items():
        m = mention_of[key]
        for rank, i in enumerate(owners):
            for k, value in enumerate((m.low, m.best, m.high)):
                totals[i][k] += _even(value, len(owners), rank)
            evidence[i].append(m.evidence)
            if len(owners) > 1 and m.best:
                notes[i] = f"{m.best} fatalities split up between {len(owners)} events."
    for day in sorted({d for _, d in pool}):
        day_pool = _by_side([m for m, d in pool if d == day])
        day_evidence = [m.evidence for m, d in pool if d == day]
        members = [i for i in range(n) if dates[i] == day]
        sharers: set[int] = set()
        for side, figure in sorted(day_pool.items(), key=lambda kv: kv[0] == "unknown"):
            takers = [i for i in members if _eligible(units[i][0], side)] or members
            if not takers:
                continue
            if side == "unknown":
                already = sum(totals[i][1] for i in takers)
            else:
                already = sum(local_sides[i].get(side, (0, 0, 0))[1] for i in takers)
            rest = [max(0, figure[k] - already) for k in range(3)]
            if rest[1] == 0:
                continue
            tolled = [i for i in takers if totals[i][1] > 0]
            if side == "unknown" and len(tolled) == 1 and len(takers) > 1:
                # an unattributed toll of the day ("police put the death toll at 16") where only one
                # of the day's events has a toll of its own restates and updates that incident's
                # toll; it is shared only among events that are all told without one
                takers = tolled
            for rank, i in enumerate(takers):
                for k in range(3):
                    totals[i][k] += _even(rest[k], len(takers), rank)
                sharers.add(i)
        for i in sharers:
            evidence[i].extend(day_evidence)
            if len(sharers) > 1:
                total = sum(_by_day_best(day_pool))
                notes[i] = f"{total} fatalities reported across {len(sharers)} events, split up between them."
    return [
        Share(low=min(t[0], t[1]), best=t[1], high=max(t[2], t[1]), evidence=tuple(evidence[i]), split_note=notes[i])
        for i, t in enumerate(totals)
    ]


def _by_day_best(day_pool: dict[str, _Triple]) -> list[int]:
    known = [v[1] for k, v in day_pool.items() if k != "unknown"]
    unknown = day_pool.get("unknown", (0, 0, 0))[1]
    return [max(sum(known), unknown)]


def apply_stated_split(shares: Sequence[Share], stated: StatedSplit | None) -> list[Share]:
    """Follow the report's own word on its split when it says more than the events found show.

    ACLED notes record the split rule: "Fatalities are split across 3 events (4)" gives this event's
    figure, 4; "20 fatalities split up between 3 events" says the 20 are shared by three events even
    when fewer places could be told apart here, so the events found take the first shares of the
    three (remainder to the first, as the codebook splits) rather than the whole figure.
    """
    carriers = [i for i, s in enumerate(shares) if s.best > 0]
    if stated is None or not carriers:
        return list(shares)
    out = list(shares)
    if stated.share is not None:
        for i in carriers:
            s = shares[i]
            out[i] = Share(
                low=stated.share,
                best=stated.share,
                high=stated.share,
                evidence=(*s.evidence, stated.evidence),
                split_note=f"The report codes this event's share as {stated.share}.",
            )
        return out
    if len(carriers) >= stated.parts:
        return out
    totals = [sum(getattr(shares[i], k) for i in carriers) for k in ("low", "best", "high")]
    for rank, i in enumerate(carriers):
        s = shares[i]
        low, best, high = (_even(t, stated.parts, rank) for t in totals)
        note = f"{totals[1]} fatalities split up between {stated.parts} events, as the report states."
        out[i] = Share(
            low=min(low, best),
            best=best,
            high=max(high, best),
            evidence=(*s.evidence, stated.evidence),
            split_note=note,
        )
    return out


def within_type(share: Share, sub_event_type: str) -> Share:
    """The share an event of ``sub_event_type`` can carry: none for the non-lethal protest types."""
    if sub_event_type in NON_LETHAL_SUB_EVENT_TYPES and share.best:
        return Share(low=0, best=0, high=0)
    return share
