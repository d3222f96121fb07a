"""Fusion at corpus scale: ``sitrep.fuse`` cut into partitions that can be fused apart.

    coded ─dedup (first copy kept, as the store keeps it)→ reports
          ─partition by (country, admin1), then by time window→ windows
          ─fuse_reports per window (worker processes, or Ray tasks)→ events, sorted by event_id

Why the cut is exact: ``fuse.same_incident`` never matches reports of two countries or two
admin1s, nor reports whose date spans (``fuse.date_span``) lie more than ``rules.days`` apart,
and ``fuse.partition`` is a function of the connected components of that match graph. A window
is therefore closed at a *gap*: sorted by the first day of their spans, the next report starts
more than ``rules.days`` after the latest last day so far, so no report near the edge can match
one across it. Every component lies inside one window, and ``fuse_reports`` over each window
gives, together, exactly the events ``fuse_reports`` (and the store) gives over the whole corpus.
A report with no country matches nothing and is its own window.

The windows are as wide as the news makes them: a province reported every day without a gap of
``rules.days`` stays one window (bounded by ``max_window`` only in how work is grouped, never by
cutting a window). See docs/scale.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sitrep.engine.processes import map_jobs
from sitrep.fuse import Report, Rules, date_span, fuse_reports, unique_reports
from sitrep.model import Coded, Event
from sitrep.settings import Settings

__all__ = ["FusionCounts", "dedup_reports", "fuse_corpus", "fuse_windows", "windows"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FusionCounts:
    """What corpus fusion saw: articles skipped as repeats, windows, reports in the largest one."""

    duplicates: int = 0
    windows: int = 0
    largest_window: int = 0


def dedup_reports(coded: Iterable[Coded]) -> tuple[list[Report], int]:
    """The reports of every article not met before (``fuse.unique_reports``), and the repeats skipped."""
    return unique_reports(coded)


def windows(reports: Sequence[Report], rules: Rules) -> list[list[Report]]:
    """Reports cut into windows no match can cross (see the module docstring), largest first."""
    blocks: dict[tuple[str, str], list[tuple[int, int, Report]]] = defaultdict(list)
    out: list[list[Report]] = []
    for r in reports:
        if not r.event.country:
            out.append([r])
            continue
        first, last = date_span(r.event)
        blocks[(r.event.country, r.event.admin1)].append((first.toordinal(), last.toordinal(), r))
    for block in blocks.values():
        block.sort(key=lambda item: (item[0], item[2].key))
        current: list[Report] = []
        reach = 0
        for lo, hi, r in block:
            if current and lo > reach + rules.days:
                out.append(current)
                current = []
            reach = max(reach, hi) if current else hi
            current.append(r)
        if current:
            out.append(current)
    out.sort(key=len, reverse=True)
    return out


def _fuse(job: tuple[list[list[Report]], Rules]) -> list[Event]:
    groups, rules = job
    return [event for group in groups for event in fuse_reports(group, rules)]


def _jobs(parts: list[list[Report]], rules: Rules, size: int) -> Iterator[tuple[list[list[Report]], Rules]]:
    """Small windows packed into jobs of about ``size`` reports (a large window is a job alone)."""
    job: list[list[Report]] = []
    count = 0
    for part in parts:
        job.append(part)
        count += len(part)
        if count >= size:
            yield job, rules
            job, count = [], 0
    if job:
        yield job, rules


def fuse_windows(
    parts: list[list[Report]], rules: Rules, *, workers: int = 1, job_size: int = 2000, on_ray: bool = False
) -> list[Event]:
    """``fuse_reports`` over each window, on ``workers`` of the engine's processes (or as Ray tasks
    with ``on_ray``, on the Ray this process is connected to); every event, sorted by event id."""
    events: list[Event] = []
    jobs = list(_jobs(parts, rules, job_size))
    if on_ray and len(jobs) > 1:
        from sitrep.engine.ray import map_tasks

        for part in map_tasks(_fuse, jobs):
            events.extend(part)
    elif workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            events.extend(_fuse(job))
    else:
        for part in map_jobs(_fuse, jobs, workers=workers, ordered=False):
            events.extend(part)
    events.sort(key=lambda e: e.event_id)
    return events


def fuse_corpus(
    coded: Iterable[Coded],
    *,
    settings: Settings,
    workers: int = 1,
    on_ray: bool = False,
) -> tuple[list[Event], FusionCounts]:
    """The events a store holds after ingesting ``coded`` (``fuse.fuse_coded``), computed by window,
    with what the fusion saw (a pure function: the caller records the counts)."""
    rules = Rules(days=settings.fusion_days, km=settings.fusion_km)
    reports, duplicates = dedup_reports(coded)
    parts = windows(reports, rules)
    counts = FusionCounts(duplicates=duplicates, windows=len(parts), largest_window=len(parts[0]) if parts else 0)
    return fuse_windows(parts, rules, workers=workers, on_ray=on_ray), counts
