"""Evidence spans shown in their article: the words before, the span, the words after.

An event's ``evidence`` names character offsets into the article it came from. The detail view
needs both the short context (for a list of "which words said so") and the whole article with
every span marked (for reading). Offsets that do not fit the stored text (an article re-ingested
with different text) are clamped, never trusted to index out of range.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sitrep.model import Article, Event

__all__ = ["CONTEXT_CHARS", "article_texts", "evidence_in_context"]

CONTEXT_CHARS = 160
"""Characters of context shown on each side of an evidence span."""


def _spans(event: Event) -> Iterable[tuple[str, str, int, int, str]]:
    for field, spans in sorted(event.evidence.items()):
        for span in spans:
            yield field, span.article_id, span.start, span.end, span.text


def _clamp(start: int, end: int, size: int) -> tuple[int, int]:
    start = max(0, min(start, size))
    return start, max(start, min(end, size))


def evidence_in_context(
    event: Event, article: Callable[[str], Article | None], *, chars: int = CONTEXT_CHARS
) -> list[dict[str, Any]]:
    """One ``ContextOut`` dict per evidence span of ``event``, in field order.

    article (Callable): looks an article up by id (``Store.article``); a missing article leaves
        the span's own text with empty context.
    """
    cache: dict[str, Article | None] = {}
    out: list[dict[str, Any]] = []
    for field, article_id, start, end, text in _spans(event):
        if article_id not in cache:
            cache[article_id] = article(article_id)
        found = cache[article_id]
        before = after = ""
        if found is not None:
            start, end = _clamp(start, end, len(found.text))
            before = found.text[max(0, start - chars) : start]
            text = found.text[start:end]
            after = found.text[end : end + chars]
        out.append(
            {
                "field": field,
                "article_id": article_id,
                "start": start,
                "end": end,
                "before": before,
                "text": text,
                "after": after,
            }
        )
    return out


def article_texts(event: Event, article: Callable[[str], Article | None]) -> list[dict[str, Any]]:
    """Each supporting article's full text, with the spans the event's fields came from (sorted)."""
    spans: dict[str, list[dict[str, Any]]] = {}
    for field, article_id, start, end, _ in _spans(event):
        spans.setdefault(article_id, []).append({"field": field, "start": start, "end": end})
    out: list[dict[str, Any]] = []
    for article_id in dict.fromkeys([*event.article_ids, *spans]):
        found = article(article_id)
        if found is None:
            continue
        size = len(found.text)
        marks = []
        for span in spans.get(article_id, []):
            start, end = _clamp(span["start"], span["end"], size)
            if end > start:
                marks.append({"field": span["field"], "start": start, "end": end})
        marks.sort(key=lambda m: (m["start"], m["end"], m["field"]))
        out.append(
            {
                "article_id": found.id,
                "title": found.title,
                "source": found.source,
                "url": found.url,
                "published": found.published.isoformat(),
                "text": found.text,
                "spans": marks,
            }
        )
    return out
