"""RSS/Atom feeds and OPML lists: bytes from a stranger to ``FeedItem`` records and feed URLs.

    items = parse_feed(body, url="https://news.example/rss")     # FeedItem(article_id, link, title, ...)
    feeds = parse_opml(Path("feeds.opml").read_bytes(), source="feeds.opml")   # the xmlUrl of each outline

XML can attack its parser: entity expansion ("billion laughs") and external entities that read
local files or reach internal hosts. So:

* a feed is refused (E071) when it declares entities or carries an inline DTD, before feedparser
  sees a byte; the check reads the text in the encoding the document itself announces (BOM or
  UTF-16/32 byte pattern), so ``<!ENTITY`` cannot hide in another encoding. A plain
  ``<!DOCTYPE rss PUBLIC ...>`` line, as old RSS 0.91 feeds have, is allowed (nothing is fetched);
* feedparser is handed a byte stream, never a string it could take for a URL or a file name;
* OPML is parsed with defusedxml (entities, DTDs and external references forbidden).

An item's ``article_id`` is stable across polls and feeds: a hash of its normalised link (or of
the feed URL and its guid when it has no link), so the same story met twice is one article.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import io
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from sitrep.errors import Errors, InputError
from sitrep.ingest.html import extract_html
from sitrep.ingest.text import CONTROLS, strip_controls
from sitrep.ingest.urls import normalise_url

__all__ = ["FeedItem", "article_id_for", "check_xml_safety", "parse_feed", "parse_opml"]

_ENTITY = re.compile(r"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(r"<!DOCTYPE[^>\[]*(\[|>)", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF8, "utf-8"),
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedItem:
    """One entry of a feed: where the story is and what the feed says about it.

    published (date | None): the entry's date, None when the feed gives none.
    summary (str): the entry's description as plain text (used when the page cannot be read).
    updated (datetime | None): when the feed says the entry last changed (Atom ``updated``, RSS
        ``pubDate`` otherwise), in UTC; a story re-published with a raised toll carries a later one.
    """

    article_id: str
    link: str
    title: str
    published: dt.date | None
    summary: str
    feed_url: str
    guid: str = ""
    updated: dt.datetime | None = None


def _sniff_text(data: bytes) -> str:
    """The document as text in the encoding its first bytes announce (only to look for declarations)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    head = data[:4]
    if head[:4] == b"\x00\x00\x00<":
        return data.decode("utf-32-be", errors="replace")
    if head[:4] == b"<\x00\x00\x00":
        return data.decode("utf-32-le", errors="replace")
    if head[:2] == b"\x00<":
        return data.decode("utf-16-be", errors="replace")
    if head[:2] == b"<\x00":
        return data.decode("utf-16-le", errors="replace")
    return data.decode("latin-1")  # every ASCII-compatible encoding shows '<!ENTITY' as these bytes


def check_xml_safety(data: bytes, *, url: str) -> None:
    """Raise ``InputError`` E071 when ``data`` declares entities or has an inline DTD."""
    text = _sniff_text(data)
    doctype = _DOCTYPE.search(text)
    if _ENTITY.search(text) or (doctype is not None and doctype.group(1) == "["):
        raise InputError(Errors.E071.format(url=url), source=url)


def article_id_for(link: str, *, feed_url: str = "", guid: str = "") -> str:
    """A stable article id for a feed entry: ``web-`` and 20 hex digits of a hash of its link."""
    key = normalise_url(link) if link else f"{feed_url}#{guid}"
    return "web-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def _date(entry: Any) -> dt.date | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value: time.struct_time | None = entry.get(name)
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None


def _updated(entry: Any) -> dt.datetime | None:
    for name in ("updated_parsed", "published_parsed"):
        value: time.struct_time | None = dict.get(entry, name)  # no feedparser fallback between the two
        if value:
            try:
                return dt.datetime(*value[:6], tzinfo=dt.UTC)
            except ValueError:
                continue
    return None


def _plain(markup: str) -> str:
    """Text of a feed field, without the control characters a lenient parse may let through."""
    return strip_controls(extract_html(markup).text if "<" in markup else markup.strip())[0]


def parse_feed(data: bytes, *, url: str) -> list[FeedItem]:
    """The entries of an RSS or Atom document, in feed order; raises ``InputError`` E071/E072.

    A feed with syntax errors that feedparser still reads (its "bozo" flag) keeps the entries it
    recovered; a broken or foreign document that yields no entry with a link or id is refused (E072).
    """
    import feedparser

    check_xml_safety(data, url=url)
    parsed = feedparser.parse(
        io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True, response_headers={"content-location": url}
    )
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = CONTROLS.sub("", str(entry.get("link", "") or "")).strip()
        if link:
            link = urljoin(url, link)
        guid = CONTROLS.sub("", str(entry.get("id", "") or "")).strip()
        if not link and not guid:
            continue
        article_id = article_id_for(link, feed_url=url, guid=guid)
        if article_id in seen:
            continue
        seen.add(article_id)
        items.append(
            FeedItem(
                article_id=article_id,
                link=link,
                title=_plain(str(entry.get("title", "") or "")),
                published=_date(entry),
                summary=_plain(str(entry.get("summary", "") or "")),
                feed_url=url,
                guid=guid,
                updated=_updated(entry),
            )
        )
    if not items and (parsed.bozo or not parsed.get("version")):
        detail = str(parsed.get("bozo_exception", "")) or "no feed element"
        raise InputError(Errors.E072.format(url=url, detail=detail[:200]), source=url)
    return items


def parse_opml(data: bytes, *, source: str) -> list[str]:
    """The feed URLs (``xmlUrl``) of every outline of an OPML document, in order, each once."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, ElementTree.ParseError, ValueError) as exc:
        raise InputError(Errors.E073.format(source=source, detail=exc), source=source) from exc
    urls: list[str] = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url and url not in urls:
            urls.append(url)
    return urls
