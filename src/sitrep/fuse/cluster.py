"""Which reports are one incident: a partition of reports that does not depend on their order.

Pairs that ``same_incident`` accepts are edges. Joining every edge (connected components)
would be order-free too, but chains then run away: an attack on Monday ~ one on Tuesday ~ one
on Wednesday in the same town would become one event, and A~B~C could pull two events that
one article coded apart (assemble split them on purpose) into one. So edges are taken
strongest first (closest days, then closest places, then report keys), and an edge joins two
groups only when every report of one is the same incident as every report of the other
(complete linkage) and no article has reports in both. The edge order is a total order on the reports' own fields, so
the partition is a function of the set of reports: the same in any arrival order, whether it
is computed over a whole corpus (``fuse_reports``) or, as the store does, again over the
connected component that a new report touches (edges never cross components).

``pins`` (report key -> event id) are an analyst's decisions: reports pinned to one event start
in one group, whatever the rules say (a merge), and two groups pinned to different events never
join (a split, or two reviewed events). A group joins a pinned one when it is the same incident
as any of its reports (the analyst vouched for the pinned group being one incident, so complete
linkage is not asked of it). A pinned group takes its pin as its event id.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence

from sitrep.fuse.match import DEFAULT_RULES, Rules, date_span, place_gap_km, same_incident
from sitrep.fuse.report import Report

__all__ = ["candidate_pairs", "group_pin", "partition"]

NO_PINS: Mapping[str, str] = {}

_Edge = tuple[int, float, str, str]


def candidate_pairs(reports: Sequence[Report], rules: Rules = DEFAULT_RULES) -> Iterator[tuple[Report, Report]]:
    """Pairs of reports that ``same_incident`` accepts; compares only reports of one country and
    admin1 whose date spans come within ``rules.days`` (a sweep, not all pairs)."""
    blocks: dict[tuple[str, str], list[tuple[int, int, Report]]] = defaultdict(list)
    for r in reports:
        if r.event.country:
            first, last = date_span(r.event)
            blocks[(r.event.country, r.event.admin1)].append((first.toordinal(), last.toordinal(), r))
    for block in blocks.values():
        block.sort(key=lambda item: (item[0], item[2].key))
        for i, (_, hi, a) in enumerate(block):
            for lo_b, _, b in block[i + 1 :]:
                if lo_b > hi + rules.days:
                    break
                if same_incident(a.event, b.event, rules):
                    yield (a, b) if a.key < b.key else (b, a)


def _edge(a: Report, b: Report) -> _Edge:
    gap = place_gap_km(a.event, b.event)
    days = abs((a.event.event_date - b.event.event_date).days)
    return (days, round(gap, 3) if math.isfinite(gap) else math.inf, a.key, b.key)


def group_pin(group: Sequence[Report], pins: Mapping[str, str]) -> str | None:
    """The event an analyst pinned this group's reports to, if any (one pin per group)."""
    return next((pins[r.key] for r in group if r.key in pins), None)


def partition(
    reports: Sequence[Report], rules: Rules = DEFAULT_RULES, pins: Mapping[str, str] = NO_PINS
) -> list[tuple[Report, ...]]:
    """Groups of reports, one per incident, each sorted by key; groups sorted by first key.
    ``pins`` (key -> event id): reports pinned alike start together, pinned apart stay apart."""
    by_key = {r.key: r for r in reports}
    parent = {key: key for key in by_key}
    members: dict[str, list[str]] = {key: [key] for key in by_key}
    articles: dict[str, set[str]] = {key: {r.article_id} for key, r in by_key.items()}
    pinned: dict[str, str] = {}  # group root -> its pin
    firsts: dict[str, str] = {}
    for key in sorted(by_key):
        pin = pins.get(key)
        if pin is None:
            continue
        first = firsts.setdefault(pin, key)
        pinned[first] = pin
        if first != key:
            parent[key] = first
            members[first].extend(members.pop(key))
            articles[first] |= articles.pop(key)
    edges = sorted(_edge(a, b) for a, b in candidate_pairs(list(by_key.values()), rules))
    linked = {(ka, kb) for _, _, ka, kb in edges}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def all_linked(ga: list[str], gb: list[str]) -> bool:
        return all((x, y) in linked if x < y else (y, x) in linked for x in ga for y in gb)

    for _, _, ka, kb in edges:
        ra, rb = root(ka), root(kb)
        if ra == rb or articles[ra] & articles[rb] or (ra in pinned and rb in pinned):
            continue  # one article's reports stay apart; so do two analyst decisions
        if ra not in pinned and rb not in pinned and not all_linked(members[ra], members[rb]):
            continue  # an analyst's event takes a report like one of its own; others need all
        keep, gone = (ra, rb) if ra < rb else (rb, ra)
        if gone in pinned:
            pinned[keep] = pinned.pop(gone)
        parent[gone] = keep
        articles[keep] |= articles.pop(gone)
        members[keep].extend(members.pop(gone))
    groups: dict[str, list[Report]] = defaultdict(list)
    for key in sorted(by_key):
        groups[root(key)].append(by_key[key])
    return sorted((tuple(g) for g in groups.values()), key=lambda g: g[0].key)
