"""The review mode in real headless Chromium: an editor works the queue, a reader sees no controls.

The server is the real API over a store of the coded demo stories, with two users made by the
store (an editor and a reader). The editor signs in with a token typed into the page (kept in
sessionStorage), corrects an event's toll and place, confirms it from the keyboard, merges two
events and rejects one, and the test checks each result through the API, on the map and in the
event's history; an edit on a stale view is refused with a clear 409. The CSP header is the one
the page has always had, and no page asked for anything it forbids.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, expect

from sitrep.model import Coded
from sitrep.store import Store
from tests.api.live import live_server
from tests.web.conftest import ARTIFACTS, Watched, watch

STRICT_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; object-src 'none'"
)
"""The page's CSP, written out: a change that loosens it must change this test too."""

SCREENSHOT = Path(__file__).resolve().parents[1] / "artifacts" / "review-mode.png"


class Site:
    def __init__(self, base: str, tokens: dict[str, str]) -> None:
        self.base = base
        self.tokens = tokens

    def get(self, path: str, **params: Any) -> Any:
        response = httpx.get(f"{self.base}{path}", params=params, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, demo_coded: list[Coded]) -> Iterator[Site]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('review-web') / 'review.db'}")
    store.ingest_coded(demo_coded)
    tokens = {"editor": store.add_user("ana", "editor"), "reader": store.add_user("rita", "reader")}
    with live_server(store) as base:
        yield Site(base, tokens)
    store.close()


@pytest.fixture
def page(browser: Browser, site: Site) -> Iterator[Watched]:
    yield from watch(browser, site.base)


def _sign_in(web: Watched, token: str) -> None:
    web.page.click("#signin")
    web.page.fill("#token-form input[name=token]", token)
    web.page.press("#token-form input[name=token]", "Enter")


def _writes(web: Watched) -> list[str]:
    """Every request the page sends that is not a read."""
    sent: list[str] = []
    web.page.on("request", lambda r: sent.append(f"{r.method} {r.url}") if r.method not in ("GET", "HEAD") else None)
    return sent


def _done(web: Watched, word: str) -> None:
    """Wait for the page to say the action is done (after it redrew the map and the panel)."""
    message = web.page.locator(".review-message")
    expect(message).to_have_attribute("data-kind", "ok", timeout=30_000)
    expect(message).to_contain_text(word)


def test_an_editor_corrects_confirms_merges_and_rejects_from_the_review_queue(page: Watched, site: Site) -> None:
    web = page
    violations: list[str] = []
    web.page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    response = web.page.goto(f"{web.base}/")
    assert response is not None and response.headers["content-security-policy"] == STRICT_CSP
    web.wait_render(1)
    _sign_in(web, site.tokens["editor"])
    expect(web.page.locator("#who")).to_have_text("ana (editor)")
    web.page.click("#review-toggle")

    # the queue: as the API orders it (flagged first, then lowest confidence), each with its reason
    web.page.wait_for_selector("#queue[data-state=ready]")
    queue = site.get("/review", limit=200)["queue"]
    listed = web.page.locator("#queue li.queue-item")
    assert [listed.nth(i).get_attribute("data-event-id") for i in range(listed.count())] == [
        q["event"]["event_id"] for q in queue
    ]
    confidences = [q["event"]["confidence"] for q in queue if not q["review"]["flag"]]
    assert confidences == sorted(confidences)
    assert listed.first.locator(".reason").inner_text() == queue[0]["reason"]
    web.page.wait_for_selector(f"#panel[data-event-id='{queue[0]['event']['event_id']}'] .review-tools")
    # open, from the queue, an event in Pakistan that is not in Peshawar
    first = next(
        q["event"]["event_id"]
        for q in queue
        if q["event"]["country"] == "Pakistan" and q["event"]["location"] != "Peshawar"
    )
    web.page.click(f"#queue li[data-event-id='{first}'] button")
    web.page.wait_for_selector(f"#panel[data-event-id='{first}'] .review-tools")
    expect(web.page.locator("#queue li.current")).to_have_attribute("data-event-id", first)
    assert web.page.locator("#panel .review-layout .evidence-side mark.evidence").count() > 0, (
        "the form sits beside the highlighted evidence"
    )
    expect(web.page.locator("#panel .review-mark")).to_contain_text("Not reviewed")

    # correct the toll and the place (the gazetteer fills province, district and point)
    form = web.page.locator("#edit-form")
    toll = {"fatalities": "3", "fatalities_low": "3", "fatalities_best": "4", "fatalities_high": "6"}
    for name, value in toll.items():
        form.locator(f"input[name={name}]").fill(value)
    form.locator("input[name=location]").fill("Peshawar")
    web.page.fill("#panel input[name=why]", "ministry figure; the attack was in Peshawar")
    form.locator("button.save").click()
    _done(web, "Saved")
    event = site.get(f"/events/{first}")
    coded = event["event"]
    assert (coded["fatalities"], coded["fatalities_low"], coded["fatalities_best"], coded["fatalities_high"]) == (
        3,
        3,
        4,
        6,
    )
    assert (coded["location"], coded["admin1"]) == ("Peshawar", "Khyber Pakhtunkhwa")
    assert {"fatalities", "fatalities_best", "location", "admin1"} <= set(event["review"]["locked"])
    expect(web.page.locator("#panel td[data-field=location]")).to_contain_text("Peshawar (analyst)")
    # the map was redrawn from the store: the marker stands on Peshawar and says 3 killed
    selected = web.page.locator(f"#map[data-selected='{first}']")
    expect(selected).to_have_attribute("data-selected-at", f"{coded['latitude']:.4f},{coded['longitude']:.4f}")
    expect(selected).to_have_attribute("data-selected-fatalities", "3")

    # someone else edits the event: the page's next edit is refused, clearly, and nothing changes
    other_edit = httpx.patch(
        f"{site.base}/events/{first}",
        json={"set": {"notes": "Edited elsewhere."}, "why": "desk"},
        headers={"Authorization": f"Bearer {site.tokens['editor']}"},
        timeout=30,
    )
    assert other_edit.status_code == 200, other_edit.text
    form.locator("input[name=fatalities_high]").fill("7")
    form.locator("button.save").click()
    conflict = web.page.locator(".review-message[data-kind=conflict]")
    expect(conflict).to_contain_text("E075")
    expect(conflict).to_contain_text("nothing was saved")
    assert site.get(f"/events/{first}")["event"]["fatalities_high"] == 6
    conflict.locator("button.reload").click()
    expect(web.page.locator("#edit-form textarea[name=notes]")).to_have_value("Edited elsewhere.")

    # confirm from the keyboard (C): the reviewed-by mark, the green ring on the map, the history
    web.page.locator("#panel h2").click()
    web.page.keyboard.press("c")
    _done(web, "Confirmed")
    expect(web.page.locator("#panel .review-mark.reviewed")).to_contain_text("Reviewed by ana")
    expect(web.page.locator(f"#map[data-selected='{first}']")).to_have_attribute("data-selected-reviewed", "true")
    history = web.page.locator("#panel ol.revisions")
    expect(history.locator("li[data-cause=corrected]").first).to_contain_text("by ana")
    expect(history.locator("li[data-cause=corrected]").first).to_contain_text("ministry figure")
    expect(history.locator("li[data-cause=confirmed]")).to_contain_text("by ana")
    assert site.get(f"/events/{first}")["review"]["reviewed_by"] == "ana"
    # the screenshot docs/review.md shows (docs/img/review-mode.png): queue, form beside the evidence, map
    ARTIFACTS.mkdir(exist_ok=True)
    web.page.screenshot(path=str(SCREENSHOT))
    assert first not in {q["event"]["event_id"] for q in site.get("/review", limit=200)["queue"]}
    assert site.get("/events", reviewed="true", fields="event_id,reviewed,reviewed_by")["events"] == [
        {"event_id": first, "reviewed": True, "reviewed_by": "ana"}
    ]

    # next (N) opens the head of the queue; merge the following event into it
    web.page.keyboard.press("n")
    queue = site.get("/review", limit=200)["queue"]
    keep, gone = queue[0]["event"]["event_id"], queue[1]["event"]["event_id"]
    web.page.wait_for_selector(f"#panel[data-event-id='{keep}'] .review-tools")
    markers = int(web.attr("#map", "data-total"))
    web.page.fill("#panel .merge-form input[name=other]", gone)
    web.page.fill("#panel input[name=why]", "one attack, two wires")
    web.page.click("#panel .merge-form button.merge")
    _done(web, "Merged")
    assert int(web.attr("#map", "data-total")) == markers - 1
    assert site.get(f"/events/{gone}")["event"]["event_id"] == keep
    deleted = {d["event_id"]: d["successor"] for d in site.get("/deletions")["deletions"]}
    assert deleted[gone] == keep
    merged = site.get(f"/events/{keep}")["event"]
    assert set(queue[1]["event"]["article_ids"]) <= set(merged["article_ids"])
    expect(web.page.locator("#panel ol.revisions")).to_contain_text("by ana")
    expect(web.page.locator("#panel article")).to_have_count(len(merged["article_ids"]))

    # reject: it leaves the map and the exports; the next event of the queue opens
    web.page.fill("#panel input[name=why]", "background paragraph")
    web.page.click("#panel .review-buttons button.reject")
    web.page.wait_for_selector(f"#panel[data-event-id]:not([data-event-id='{keep}']) .review-tools")
    assert int(web.attr("#map", "data-total")) == markers - 2
    assert httpx.get(f"{site.base}/events/{keep}", timeout=30).status_code == 404
    # the only console error is Chromium logging the refused (409) edit
    assert web.errors == ["Failed to load resource: the server responded with a status of 409 (Conflict)"]
    assert web.blocked == [] and violations == []


def test_a_reader_sees_no_edit_controls(page: Watched, site: Site) -> None:
    web = page
    writes = _writes(web)
    event = site.get("/events", limit=1, order="event_id")["events"][0]["event_id"]
    web.open(f"review=1&event={event}")  # asking for review mode without a token changes nothing
    web.page.wait_for_selector(f"#panel[data-event-id='{event}'] .review-mark")
    assert web.page.locator("#review-toggle").is_hidden()
    assert web.page.locator("#queue").is_hidden()
    assert web.page.locator(".review-tools, #edit-form, .merge-form, button.confirm").count() == 0

    _sign_in(web, site.tokens["reader"])
    expect(web.page.locator("#who")).to_have_text("rita (reader)")
    web.page.wait_for_selector(f"#panel[data-event-id='{event}'] .review-mark")
    assert web.page.locator("#review-toggle").is_hidden()
    assert web.page.locator("#queue").is_hidden()
    assert web.page.locator(".review-tools, #edit-form, .merge-form, button.confirm").count() == 0
    web.page.locator("#panel h2").click()
    web.page.keyboard.press("c")
    web.page.keyboard.press("n")
    web.page.wait_for_timeout(300)
    assert writes == [], "a reader's page never tries to write"
    # and the server would refuse it anyway
    refused = httpx.post(
        f"{site.base}/events/{event}/confirm",
        json={"why": "x"},
        headers={"Authorization": f"Bearer {site.tokens['reader']}"},
        timeout=30,
    )
    assert (refused.status_code, refused.json()["error"]) == (403, "E076")
    assert web.errors == [] and web.blocked == []


def test_a_wrong_token_is_refused_and_shows_no_controls(page: Watched, site: Site) -> None:
    web = page
    web.open()
    _sign_in(web, "sitrep_0123456789abcdef_" + "x" * 43)
    expect(web.page.locator("#token-error")).to_contain_text("not valid")
    assert web.page.locator("#review-toggle").is_hidden()
    assert web.page.locator("#who").inner_text() == ""
