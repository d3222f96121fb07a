"""Which stored article an incoming one is: a duplicate (its text is stored, as any version of
any article: W040), a new version of a stored article (the same id or URL with another text), or
new. ``revise`` keeps the stored version in ``article_versions`` and withdraws its reports; the
caller (``fusion.ingest_article``) stores the new version's reports and fuses them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, Table, bindparam, null, or_, select, union_all

from sitrep.errors import Warnings
from sitrep.fuse import content_hash, normalise_url
from sitrep.model import Article, Issue
from sitrep.store.tables import ArticleRow, ArticleVersionRow, ReportRow

__all__ = ["Stored", "find_duplicate", "match_stored", "revise"]

_A: Table = ArticleRow.__table__  # type: ignore[assignment]
_AV: Table = ArticleVersionRow.__table__  # type: ignore[assignment]
_R: Table = ReportRow.__table__  # type: ignore[assignment]
_FIND_ARTICLE = select(_A.c.id, _A.c.content_hash, _A.c.url_key).where(
    or_(_A.c.id == bindparam("a_id"), _A.c.content_hash == bindparam("a_hash"), _A.c.url_key == bindparam("a_url"))
)
# the same, and any earlier version with this text (one round trip per article)
_FIND_STORED = union_all(
    _FIND_ARTICLE,
    select(_AV.c.article_id, _AV.c.content_hash, null()).where(_AV.c.content_hash == bindparam("a_hash")),
)
_CURRENT = select(_A).where(_A.c.id == bindparam("a_id"))
_ARTICLE_REPORTS = select(_R.c.key, _R.c.event_id).where(_R.c.article_id == bindparam("a_id"))
_DROP_REPORTS = _R.delete().where(_R.c.article_id == bindparam("a_id"))


@dataclass(frozen=True, slots=True)
class Stored:
    """What the store holds that an incoming article matches: a duplicate, or an earlier version."""

    duplicate: Issue | None = None
    previous: str | None = None  # the id of the article this one is a new version of


def match_stored(conn: Connection, article: Article) -> Stored:
    digest, url = content_hash(article.text), normalise_url(article.url)
    rows = conn.execute(_FIND_STORED, {"a_id": article.id, "a_hash": digest, "a_url": url or None}).all()
    # the text of the current or an earlier version of any article: a re-publication, not a revision
    same_text = next((row.id for row in rows if row.content_hash == digest), None)
    if same_text is not None:
        issue = Issue(
            code="W040", message=Warnings.W040.format(article_id=article.id, stored=same_text), article_id=article.id
        )
        return Stored(duplicate=issue)
    if not rows:
        return Stored()
    # the same id first, then the same URL
    previous = next((row for row in rows if row.id == article.id), rows[0])
    return Stored(previous=previous.id)


def find_duplicate(conn: Connection, article: Article) -> Issue | None:
    """W040 when the store already holds this article's normalised text (any version of any
    article); the same id or URL with another text is a new version, not a duplicate."""
    return match_stored(conn, article).duplicate


def revise(conn: Connection, article: Article, stored_id: str, now: dt.datetime) -> tuple[int, dict[str, set[str]]]:
    """Keep the stored version of ``stored_id`` in ``article_versions``, make ``article`` its
    current text, and withdraw the old version's reports. Returns (new version, their events)."""
    current = conn.execute(_CURRENT, {"a_id": stored_id}).one()
    conn.execute(
        _AV.insert(),
        {
            "article_id": stored_id,
            "version": current.version,
            "content_hash": current.content_hash,
            "url": current.url,
            "title": current.title,
            "published": current.published,
            "text": current.text,
            "ingested_at": current.ingested_at,
        },
    )
    url = normalise_url(article.url)
    url_free = (
        not url
        or url == current.url_key
        or conn.execute(_FIND_ARTICLE, {"a_id": None, "a_hash": None, "a_url": url}).first() is None
    )
    conn.execute(
        _A.update()
        .where(_A.c.id == stored_id)
        .values(
            content_hash=content_hash(article.text),
            url_key=current.url_key or (url if url and url_free else None),  # an article keeps its first URL
            url=article.url or current.url,
            title=article.title,
            source=article.source or current.source,
            language=article.language,
            published=article.published,
            text=article.text,
            ingested_at=now,
            version=current.version + 1,
        )
    )
    touched: dict[str, set[str]] = defaultdict(set)
    for row in conn.execute(_ARTICLE_REPORTS, {"a_id": stored_id}):
        touched[row.event_id].add(row.key)
    conn.execute(_DROP_REPORTS, {"a_id": stored_id})
    return current.version + 1, touched
