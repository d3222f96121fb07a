"""Hostile values in requests, on SQLite and PostgreSQL alike: NUL and other control characters,
over-long codes, deep nesting, and whatever the code did not foresee. Every answer is a coded JSON
error (E0##), never a 500 page or a traceback, and the store stays as it was."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx
import pytest

from sitrep.api import ApiConfig
from sitrep.pipeline import Pipeline
from sitrep.store import EventQuery, Store
from tests.api.conftest import TOKEN
from tests.api.live import live_server

AUTH = {"Authorization": f"Bearer {TOKEN}"}
TEXT_FILTERS = ("country", "admin1", "admin2", "event_type", "sub_event_type", "actor", "text", "article_id")
CONTROLS = ["\x00", "Quetta\x00", "\x1b[31m", "a\x7fb"]


@pytest.mark.parametrize("value", CONTROLS, ids=["nul", "trailing-nul", "escape", "del"])
def test_control_characters_in_every_text_filter_are_a_400_naming_it(api: httpx.Client, value: str) -> None:
    for name in TEXT_FILTERS:
        for path, extra in (("/events", {}), ("/stats", {"by": "day"})):
            response = api.get(path, params={name: value, **extra})
            assert response.status_code == 400, (path, name, response.text)
            assert response.json()["error"] == "E060"
            assert f"'{name}'" in response.json()["detail"]
    assert api.get("/health").json()["events"] > 0


def test_an_event_id_with_a_nul_is_a_400_naming_it(api: httpx.Client) -> None:
    response = api.get("/events/ev-%00")
    assert response.status_code == 400
    assert response.json()["error"] == "E060" and "'event_id'" in response.json()["detail"]


def test_the_store_matches_nothing_for_a_nul_on_both_back_ends(demo_store: Store) -> None:
    for name in TEXT_FILTERS:
        query = EventQuery(**{name: "Pakistan\x00"})
        assert demo_store.count(query) == 0 and demo_store.events(query) == []


@pytest.fixture
def write_both(store_url: str, pipeline: Pipeline) -> Iterator[tuple[httpx.Client, Store]]:
    """A live server accepting writes over an empty store, once on SQLite and once on PostgreSQL."""
    store = Store(store_url)
    config = ApiConfig(api_token=TOKEN, max_batch=3, max_body_bytes=20_000)
    with (
        live_server(store, config=config, pipeline=pipeline) as base,
        httpx.Client(base_url=base, timeout=60) as client,
    ):
        yield client, store
    store.close()


STORY = "Gunmen killed three policemen at a checkpoint in Quetta on Monday, officials said."


def test_posted_articles_with_control_characters_or_long_codes_get_coded_answers(
    write_both: tuple[httpx.Client, Store],
) -> None:
    client, store = write_both
    ok = client.post(
        "/articles",
        json={"id": "nul-1", "published": "2026-10-06", "title": "T\x00", "text": STORY.replace(" at", "\x00 at")},
        headers=AUTH,
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["articles_new"] == 1
    assert "W007" in {i["code"] for i in ok.json()["issues"]}
    stored = store.article("nul-1")
    assert stored is not None and "\x00" not in stored.text + stored.title
    refused = [
        ({"id": "nul-\x00", "published": "2026-10-06", "text": STORY}, "E023"),
        ({"id": "u", "published": "2026-10-06", "text": STORY, "url": "http://x/\x00"}, "E023"),
        ({"id": "l", "published": "2026-10-06", "text": STORY, "language": "x" * 17}, "E024"),
        ({"id": "l", "published": "2026-10-06", "text": STORY, "language": "e\x00"}, "E023"),
    ]
    for article, code in refused:
        response = client.post("/articles", json=article, headers=AUTH)
        assert response.status_code == 422, (article, response.text)
        assert response.json()["error"] == code
    assert store.article_count() == 1


def test_a_body_of_2000_nested_brackets_is_a_422_not_a_crash(write_both: tuple[httpx.Client, Store]) -> None:
    client, store = write_both
    for body in ("[" * 2000 + "]" * 2000, '{"id": ' + "{" * 2000 + "}" * 2000 + "}"):
        response = client.post("/articles", content=body, headers={**AUTH, "Content-Type": "application/json"})
        assert response.status_code == 422, response.text
        assert response.json()["error"] == "E026"
    assert client.get("/health").status_code == 200 and store.article_count() == 0


class _Broken(Store):
    def count(self, query: EventQuery | None = None) -> int:
        raise RuntimeError("a bug nobody foresaw")


def test_an_unforeseen_exception_is_a_json_500_whose_request_id_the_log_names(
    tmp_path: object, caplog: pytest.LogCaptureFixture
) -> None:
    store = _Broken(f"sqlite:///{tmp_path}/broken.db")
    with live_server(store) as base, httpx.Client(base_url=base) as client, caplog.at_level(logging.ERROR):
        response = client.get("/events")
        given = client.get("/events", headers={"X-Request-ID": "client-chosen-42"})
    store.close()
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    assert "content-security-policy" in response.headers
    body = response.json()
    request_id = response.headers["x-request-id"]
    assert body["error"] == "E069" and request_id in body["detail"]
    assert "a bug nobody foresaw" not in response.text and "Traceback" not in response.text
    logged = [r for r in caplog.records if r.name == "sitrep.api.security"]
    assert any(request_id in r.getMessage() and r.exc_info for r in logged)
    assert given.headers["x-request-id"] == "client-chosen-42" and "client-chosen-42" in given.json()["detail"]
