"""POST /articles: token-guarded, capped, validated per the input contract, then coded and stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx

from sitrep.api import ApiConfig
from sitrep.store import Store
from tests.api.conftest import TOKEN
from tests.api.live import live_server

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _article(n: int, **extra: str) -> dict[str, str]:
    return {
        "id": f"post-{n}",
        "published": "2026-10-06",
        "source": "Test Wire",
        "text": f"Gunmen killed {n + 1} policemen at a checkpoint in Quetta on Monday, officials said.",
        **extra,
    }


def test_one_article_is_coded_stored_and_queryable(write_api: tuple[httpx.Client, Store]) -> None:
    client, store = write_api
    response = client.post("/articles", json=_article(1), headers=AUTH)
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["articles_read"], report["articles_new"]) == (1, 1)
    assert report["events_created"] >= 1
    events = client.get("/events", params={"article_id": "post-1"}).json()["events"]
    assert events and events[0]["admin1"] == "Balochistan"
    assert store.article("post-1") is not None


def test_a_batch_is_one_request_and_a_repeat_is_counted_duplicate(write_api: tuple[httpx.Client, Store]) -> None:
    client, _ = write_api
    batch = [_article(1), _article(2)]
    assert client.post("/articles", json=batch, headers=AUTH).json()["articles_new"] == 2
    again = client.post("/articles", json=batch, headers=AUTH).json()
    assert (again["articles_read"], again["articles_new"], again["articles_duplicate"]) == (2, 0, 2)


def test_missing_or_wrong_token_is_refused_without_echoing_it(write_api: tuple[httpx.Client, Store]) -> None:
    client, store = write_api
    for headers in (
        {},
        {"Authorization": "Bearer guess-123456"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": f"Bearer {TOKEN}x"},
    ):
        response = client.post("/articles", json=_article(1), headers=headers)
        assert response.status_code == 401
        assert response.json()["error"] == "E061"
        assert response.headers["www-authenticate"] == "Bearer"
        assert "guess-123456" not in response.text and TOKEN not in response.text
    assert store.count() == 0


def test_writing_is_off_when_no_token_is_configured(api: httpx.Client) -> None:
    response = api.post("/articles", json=_article(1), headers={"Authorization": "Bearer anything"})
    assert response.status_code == 403
    assert response.json()["error"] == "E062"


def test_batch_over_max_batch_is_refused_before_coding(write_api: tuple[httpx.Client, Store]) -> None:
    client, store = write_api
    response = client.post("/articles", json=[_article(n) for n in range(4)], headers=AUTH)
    assert response.status_code == 413
    assert response.json()["error"] == "E064"
    assert store.count() == 0


def test_body_over_max_body_bytes_is_refused_by_declared_length(write_api: tuple[httpx.Client, Store]) -> None:
    client, _ = write_api
    big = _article(1, title="x" * 30_000)
    response = client.post("/articles", json=big, headers=AUTH)
    assert response.status_code == 413
    assert response.json()["error"] == "E063"


def test_body_over_max_body_bytes_is_refused_when_chunked(write_api: tuple[httpx.Client, Store]) -> None:
    client, store = write_api

    def chunks() -> Iterator[bytes]:
        yield b'{"id": "big", "published": "2026-10-06", "text": "'
        for _ in range(30):
            yield b"a" * 1000
        yield b'"}'

    response = client.post("/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"] == "E063"
    assert store.article("big") is None


def test_articles_that_break_the_input_contract_get_422_with_the_reader_code(
    write_api: tuple[httpx.Client, Store],
) -> None:
    client, store = write_api
    cases = [
        ({"id": "a", "published": "2026-10-06"}, "E002"),
        ({"id": "a", "text": "Gunmen attacked.", "published": "last Tuesday"}, "E003"),
        ({"id": "a", "text": ["not", "text"], "published": "2026-10-06"}, "E020"),
        ([_article(1), "not an object"], "E065"),
    ]
    for body, code in cases:
        response = client.post("/articles", json=body, headers=AUTH)
        assert response.status_code == 422, body
        assert response.json()["error"] == code
    response = client.post("/articles", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"})
    assert (response.status_code, response.json()["error"]) == (422, "E065")
    assert store.count() == 0


def test_an_article_not_about_violence_is_stored_skipped_and_counted(tmp_path: Path) -> None:
    # triage (issue 19), on by default: a match report is stored with its decision, not parsed,
    # and counted; the server builds its own pipeline from the settings, as `sitrep serve` does
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    config = ApiConfig(api_token=TOKEN, max_batch=3, max_body_bytes=20_000)
    with live_server(store, config=config) as base, httpx.Client(base_url=base, timeout=60) as client:
        _post_match(client, store)
    store.close()


def _post_match(client: httpx.Client, store: Store) -> None:
    match = {
        "id": "post-match",
        "published": "2026-10-06",
        "title": "Derby ends level",
        "text": "The striker shot wide in stoppage time and the league match ended goalless.",
    }
    report = client.post("/articles", json=[match, _article(7)], headers=AUTH).json()
    assert (report["articles_new"], report["articles_skipped"]) == (2, 1)
    assert [i["code"] for i in report["issues"] if i["article_id"] == "post-match"] == ["W080"]
    triage = store.triage("post-match")
    assert triage is not None and triage.decision == "skip"
