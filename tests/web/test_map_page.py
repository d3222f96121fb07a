"""The web page in real headless Chromium: offline, in step with the API, filters, timeline, panel."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.conftest import ARTIFACTS, Watched


def _api(base: str, path: str, **params: Any) -> Any:
    return httpx.get(f"{base}{path}", params=params, timeout=30).json()


def _located(base: str, **filters: Any) -> int:
    """Events the API would draw for these filters (GeoJSON features: events with coordinates)."""
    return len(_api(base, "/events", format="geojson", limit=100_000, **filters)["features"])


def test_page_loads_offline_with_one_marker_per_located_event(web: Watched) -> None:
    web.open()
    total = _api(web.base, "/events", limit=0)["total"]
    assert int(web.attr("#map", "data-total")) == total
    assert int(web.attr("#map", "data-markers")) == _located(web.base) == total
    assert int(web.attr("#timeline", "data-events")) == total
    assert web.page.locator(".leaflet-overlay-pane path").count() > 100, "country boundaries are drawn"
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "web-map.png"
    web.page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    assert web.blocked == [], "the page asked for something outside this server"
    assert web.errors == []


def test_event_type_filter_updates_map_timeline_and_url(web: Watched) -> None:
    web.open()
    everything = int(web.attr("#map", "data-markers"))
    web.page.select_option("select[name=event_type]", "Protests")
    web.wait_render(2)
    protests = _api(web.base, "/events", event_type="Protests", limit=0)["total"]
    assert 0 < protests < everything
    assert int(web.attr("#map", "data-markers")) == _located(web.base, event_type="Protests") == protests
    assert int(web.attr("#timeline", "data-events")) == protests
    assert "event_type=Protests" in web.page.url
    web.page.fill("input[name=actor]", "Baloch Liberation")
    web.page.press("input[name=actor]", "Enter")
    web.wait_render(3)
    both = _api(web.base, "/events", event_type="Protests", actor="Baloch Liberation", limit=0)["total"]
    assert int(web.attr("#map", "data-markers")) == both == 0
    assert web.errors == [] and web.blocked == []


def test_filters_in_the_url_are_restored_on_load(web: Watched) -> None:
    query = "admin1=Balochistan&event_type=Battles&start=2026-08-01&end=2026-09-30"
    web.open(query)
    assert web.page.input_value("select[name=admin1]") == "Balochistan"
    assert web.page.input_value("select[name=event_type]") == "Battles"
    assert web.page.input_value("input[name=start]") == "2026-08-01"
    expected = _located(web.base, admin1="Balochistan", event_type="Battles", start="2026-08-01", end="2026-09-30")
    assert expected > 0
    assert int(web.attr("#map", "data-markers")) == expected
    districts = web.page.locator("select[name=admin2] option").all_inner_texts()
    assert "Kech" in districts and "Mastung" in districts, "districts of the chosen province are offered"


def test_brushing_the_timeline_filters_the_map_to_those_weeks(web: Watched) -> None:
    web.open()
    bars = web.page.locator("#timeline rect.bar")
    first, third = bars.nth(0).bounding_box(), bars.nth(2).bounding_box()
    assert first is not None and third is not None
    y = first["y"] + first["height"] / 2 if first["height"] else third["y"] + 2
    web.page.mouse.move(first["x"] + 2, y)
    web.page.mouse.down()
    web.page.mouse.move(third["x"] + third["width"] / 2, y, steps=4)
    web.page.mouse.up()
    web.wait_render(2)
    start, end = web.page.input_value("input[name=start]"), web.page.input_value("input[name=end]")
    first_week = web.attr("#timeline rect.bar >> nth=0", "data-week")
    assert start == first_week and end > start
    assert f"start={start}" in web.page.url and f"end={end}" in web.page.url
    expected = _api(web.base, "/events", start=start, end=end, limit=0)["total"]
    assert 0 < expected < _api(web.base, "/events", limit=0)["total"]
    assert int(web.attr("#map", "data-markers")) == expected
    assert int(web.attr("#timeline", "data-events")) > expected, "the timeline keeps every week for context"


def test_clicking_a_marker_shows_the_event_with_its_evidence_highlighted(web: Watched) -> None:
    filters = {"actor": "Baloch Liberation Army", "start": "2026-09-07", "end": "2026-09-13"}
    page_of_one = _api(web.base, "/events", **filters)
    assert page_of_one["total"] == 1
    event = page_of_one["events"][0]
    assert len(event["article_ids"]) >= 2, "the Mastung attack was reported by several stories"
    web.open("&".join(f"{k}={v}" for k, v in filters.items()))
    web.page.locator("path.sitrep-marker").first.click(force=True)
    web.page.wait_for_selector(f"#panel[data-event-id='{event['event_id']}'] mark.evidence")
    assert web.page.inner_text("#panel td[data-field=location]") == event["location"]
    articles = web.page.locator("#panel article")
    assert articles.count() == len(event["article_ids"])
    detail = _api(web.base, f"/events/{event['event_id']}")
    for article in detail["articles"]:
        block = web.page.locator(f"#panel article[data-article-id='{article['article_id']}']")
        for field in ("location", "fatalities", "event_type"):
            covered = sorted({i for s in article["spans"] if s["field"] == field for i in range(s["start"], s["end"])})
            marked = block.locator(f"mark[data-fields~='{field}']").all_inner_texts()
            assert covered, (article["article_id"], field)
            assert "".join(marked) == "".join(article["text"][i] for i in covered), (article["article_id"], field)
    assert f"event={event['event_id']}" in web.page.url
    assert web.errors == [] and web.blocked == []


@pytest.mark.parametrize("format", ["csv", "geojson"])
def test_download_saves_the_current_selection(web: Watched, format: str, tmp_path: Path) -> None:
    web.open("event_type=Battles")
    with web.page.expect_download() as info:
        web.page.click(f"#download-{format}")
    saved = tmp_path / f"events.{format}"
    info.value.save_as(saved)
    expected = _api(web.base, "/events", event_type="Battles", limit=0)["total"]
    text = saved.read_text(encoding="utf-8")
    if format == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert len(rows) == expected and {r["event_type"] for r in rows} == {"Battles"}
    else:
        assert text.startswith('{"type":"FeatureCollection"') and f'"sitrep:total":{expected}' in text
