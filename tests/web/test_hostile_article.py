"""Article text is hostile input: script, event handlers and javascript: URLs must never run.

An article carrying all three is coded by the real pipeline (built as a record, so the HTML the
file readers would strip reaches the store as text), then shown on the map and in the event panel
with its evidence highlighted. The test proves none of it runs, and that the CSP reported nothing
because nothing even tried.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Dialog

from sitrep.model import Article
from sitrep.pipeline import Pipeline
from sitrep.store import Store
from tests.api.live import live_server
from tests.web.conftest import Watched, watch

HOSTILE = Article(
    id="hostile-1",
    published=dt.date(2026, 10, 6),
    title="Attack <img src=x onerror=\"window.__pwned='title'\"> in Quetta",
    source="<svg onload=\"window.__pwned='source'\"></svg>Wire",
    url="javascript:window.__pwned='url'",
    text=(
        "Gunmen killed two policemen at a checkpoint in Quetta on Monday "
        "<script>window.__pwned='script'</script> <img src=x onerror=\"window.__pwned='img'\"> "
        "officials said. <a href=\"javascript:window.__pwned='link'\">details</a>"
    ),
)


@pytest.fixture(scope="module")
def hostile_base(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Iterator[str]:
    coded = list(pipeline.run([HOSTILE]))
    assert coded[0].events, "the hostile story must still code into an event to reach the map"
    store = Store(str(tmp_path_factory.mktemp("hostile") / "h.db"))
    store.ingest_coded(coded)
    with live_server(store) as base:
        yield base
    store.close()


@pytest.fixture
def hostile(browser: Browser, hostile_base: str) -> Iterator[Watched]:
    yield from watch(browser, hostile_base)


def test_script_onerror_and_javascript_urls_in_an_article_never_run(hostile: Watched, tmp_path: Path) -> None:
    page = hostile.page
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    hostile.open()
    assert hostile.attr("#map", "data-markers") == "1"
    marker = page.locator("path.sitrep-marker").first
    marker.hover(force=True)
    marker.click(force=True)
    page.wait_for_selector("#panel mark.evidence")
    page.wait_for_timeout(300)  # give any injected handler the chance to fire

    assert page.evaluate("() => window.__pwned") is None
    assert dialogs == [] and violations == []
    panel = page.locator("#panel")
    assert panel.locator("script, img, svg, iframe").count() == 0
    text = panel.inner_text()
    assert "<script>window.__pwned='script'</script>" in text, "the markup is shown as text"
    assert "onerror=" in text and "<svg onload=" in text
    hrefs = [a.get_attribute("href") or "" for a in panel.locator("a").all()]
    assert not any(h.strip().lower().startswith("javascript:") for h in hrefs)
    marked = " ".join(panel.locator("mark.evidence").all_inner_texts())
    assert "<script>" in marked, "the hostile words sit inside a highlighted span too"
    assert hostile.blocked == []

    detail = httpx.get(f"{hostile.base}/events/{page.get_attribute('#panel', 'data-event-id')}").json()
    assert detail["articles"][0]["text"] == HOSTILE.text, "the API returns the text as stored, unaltered"
