"""Fusion: reports of one incident from different articles become one event (a pure stage).

    reports = [r for c in coded for r in reports_from(c.article, c.events)]
    events = fuse_reports(reports)          # exactly what the store holds after ingesting them

``match`` decides whether two reports can be one incident, ``cluster`` partitions reports into
incidents without regard to their order, and ``reconcile`` turns one incident's reports into
one ``model.Event``. No database: the store calls the same functions on the reports it holds,
so ``fuse_reports`` over a corpus gives exactly the events the store ends with after ingesting
it one article at a time, in any order (``fuse_coded`` also skips repeated articles as the
store does; there the first copy met is the one kept).
"""

from __future__ import annotations

from collections.abc import Iterable

from sitrep.fuse.cluster import candidate_pairs, partition
from sitrep.fuse.dedup import content_hash, normalise_url
from sitrep.fuse.match import DEFAULT_RULES, Rules, date_span, same_incident
from sitrep.fuse.reconcile import anchor, reconcile
from sitrep.fuse.report import CodedArticle, Report, reports_from
from sitrep.model import Event

__all__ = [
    "DEFAULT_RULES",
    "CodedArticle",
    "Report",
    "Rules",
    "anchor",
    "candidate_pairs",
    "content_hash",
    "date_span",
    "fuse_coded",
    "fuse_reports",
    "normalise_url",
    "partition",
    "reconcile",
    "reports_from",
    "rules_from_settings",
    "same_incident",
    "unique_reports",
]


def rules_from_settings() -> Rules:
    """The fusion tolerances in the user's settings (``fusion_days``, ``fusion_km``)."""
    from sitrep.settings import load_settings

    settings = load_settings()
    return Rules(days=settings.fusion_days, km=settings.fusion_km)


def fuse_reports(reports: Iterable[Report], rules: Rules = DEFAULT_RULES) -> list[Event]:
    """One event per incident, sorted by event id; the same for any order of ``reports``."""
    return sorted((reconcile(group) for group in partition(list(reports), rules)), key=lambda e: e.event_id)


def unique_reports(coded: Iterable[CodedArticle]) -> tuple[list[Report], int]:
    """The reports of every article not met before (by id, normalised text or URL), in order,
    and how many articles were skipped as repeats (the first copy is kept, as the store keeps
    the first one ingested)."""
    ids: set[str] = set()
    hashes: set[str] = set()
    urls: set[str] = set()
    reports: list[Report] = []
    skipped = 0
    for c in coded:
        digest, url = content_hash(c.article.text), normalise_url(c.article.url)
        if c.article.id in ids or digest in hashes or (url and url in urls):
            skipped += 1
            continue
        ids.add(c.article.id)
        hashes.add(digest)
        if url:
            urls.add(url)
        reports.extend(reports_from(c.article, c.events))
    return reports, skipped


def fuse_coded(coded: Iterable[CodedArticle], rules: Rules = DEFAULT_RULES) -> list[Event]:
    """``fuse_reports`` over coded articles, skipping repeated articles (``unique_reports``)."""
    return fuse_reports(unique_reports(coded)[0], rules)
