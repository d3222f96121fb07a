"""Fusion: reports of one incident from different articles become one event (a pure stage).

    reports = [r for c in coded for r in reports_from(c.article, c.events)]
    events = fuse_reports(reports)          # exactly what the store holds after ingesting them

``match`` decides whether two reports can be one incident, ``cluster`` partitions reports into
incidents without regard to their order, and ``reconcile`` turns one incident's reports into
one ``model.Event``. No database: the store calls the same functions on the reports it holds,
so ``fuse_reports`` over a corpus gives exactly the events the store ends with after ingesting
it one article at a time, in any order (``fuse_coded`` also skips repeated texts and keeps the
latest version of a revised article, as the store does: those two are the order-dependent cases).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from sitrep.fuse.cluster import candidate_pairs, group_pin, partition
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
    "credit",
    "date_span",
    "fuse_coded",
    "fuse_reports",
    "group_pin",
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


def credit(article_id: str, source_id: str, events: Iterable[Event]) -> list[Event]:
    """Events coded from article ``source_id`` credited to ``article_id`` (a new version of a
    stored article that came under another id but the same URL)."""
    if article_id == source_id:
        return list(events)
    out = []
    for event in events:
        evidence = {
            name: tuple(
                dataclasses.replace(e, article_id=article_id) if e.article_id == source_id else e for e in items
            )
            for name, items in event.evidence.items()
        }
        ids = tuple(sorted({article_id if a == source_id else a for a in event.article_ids}))
        out.append(dataclasses.replace(event, article_ids=ids, evidence=evidence))
    return out


def unique_reports(coded: Iterable[CodedArticle]) -> tuple[list[Report], int]:
    """The reports of the current version of every article, and how many articles were skipped
    as repeats, as the store does: a text met before (any version) is a repeat; the same id or
    URL with another text is a new version, whose reports replace the earlier version's."""
    current: dict[str, list[Report]] = {}  # article id -> its current version's reports
    urls: dict[str, str] = {}
    hashes: set[str] = set()
    skipped = 0
    for c in coded:
        digest, url = content_hash(c.article.text), normalise_url(c.article.url)
        if digest in hashes:
            skipped += 1
            continue
        hashes.add(digest)
        stored = c.article.id if c.article.id in current else urls.get(url, c.article.id) if url else c.article.id
        if url and url not in urls and stored not in urls.values():  # an article keeps its first URL
            urls[url] = stored
        article = dataclasses.replace(c.article, id=stored)
        current[stored] = list(reports_from(article, credit(stored, c.article.id, c.events)))
    return [r for reports in current.values() for r in reports], skipped


def fuse_coded(coded: Iterable[CodedArticle], rules: Rules = DEFAULT_RULES) -> list[Event]:
    """``fuse_reports`` over coded articles, skipping repeated articles (``unique_reports``)."""
    return fuse_reports(unique_reports(coded)[0], rules)
