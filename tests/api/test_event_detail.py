"""GET /events/{id}: the event, its sources, its revisions, and its evidence in context."""

from __future__ import annotations

import httpx

from sitrep.model import Event
from sitrep.store import Store


def _fused(all_events: list[Event]) -> Event:
    return max(all_events, key=lambda e: (len(e.article_ids), e.event_id))


def test_fused_event_lists_every_supporting_article_as_a_source(api: httpx.Client, all_events: list[Event]) -> None:
    event = _fused(all_events)
    assert len(event.article_ids) >= 2
    detail = api.get(f"/events/{event.event_id}").json()
    assert detail["event"]["event_id"] == event.event_id
    assert sorted(s["article_id"] for s in detail["sources"]) == sorted(event.article_ids)
    for source in detail["sources"]:
        assert source["title"] and source["source"] and source["published"]
    assert detail["revisions"][0]["cause"] == "created"
    assert [r["seq"] for r in detail["revisions"]] == list(range(1, len(detail["revisions"]) + 1))


def test_each_evidence_span_comes_with_the_words_around_it(
    api: httpx.Client, all_events: list[Event], demo_store: Store
) -> None:
    event = _fused(all_events)
    detail = api.get(f"/events/{event.event_id}").json()
    spans = [(f, s.article_id, s.start, s.end) for f, ss in event.evidence.items() for s in ss]
    assert len(detail["evidence"]) == len(spans) > 0
    for context in detail["evidence"]:
        article = demo_store.article(context["article_id"])
        assert article is not None
        start, end = context["start"], context["end"]
        assert context["text"] == article.text[start:end]
        assert article.text[:start].endswith(context["before"])
        assert article.text[end:].startswith(context["after"])
        assert len(context["before"]) == min(start, 160)


def test_articles_come_whole_with_their_spans_for_highlighting(
    api: httpx.Client, all_events: list[Event], demo_store: Store
) -> None:
    event = _fused(all_events)
    detail = api.get(f"/events/{event.event_id}").json()
    assert sorted(a["article_id"] for a in detail["articles"]) == sorted(event.article_ids)
    for article in detail["articles"]:
        stored = demo_store.article(article["article_id"])
        assert stored is not None and article["text"] == stored.text
        for span in article["spans"]:
            assert 0 <= span["start"] < span["end"] <= len(article["text"])
    marked = {(a["article_id"], s["field"]) for a in detail["articles"] for s in a["spans"]}
    assert {(s.article_id, f) for f, ss in event.evidence.items() for s in ss} <= marked
