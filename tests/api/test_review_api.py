"""The review loop over HTTP on both back ends: each action with an editor's token, optimistic
concurrency (ETag / version, 409 when stale), roles (a reader cannot write: 403; a wrong token:
401; the old write token acts as an admin), the review state in ``GET /events/{id}``, and a
client that mirrors the store through ``GET /events?updated_since=...`` (cursor paging) and
``GET /deletions`` only."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from sitrep.api import ApiConfig
from sitrep.codec import event_to_dict
from sitrep.export import review_to_dict
from sitrep.model import Coded
from sitrep.pipeline import Pipeline
from sitrep.store import Store
from tests.api.conftest import TOKEN
from tests.api.live import live_server
from tests.store.sound import assert_sound
from tests.store.stories import STORIES


@pytest.fixture(scope="module")
def coded(pipeline: Pipeline) -> list[Coded]:
    return list(pipeline.run(STORIES))


@pytest.fixture
def served(
    store_url: str, coded: list[Coded], pipeline: Pipeline
) -> Iterator[tuple[httpx.Client, Store, dict[str, str]]]:
    store = Store(store_url)
    store.ingest_coded([c for c in coded if c.article.id != "wire-4"])
    tokens = {role: store.add_user(f"{role}-1", role) for role in ("reader", "editor", "admin")}
    with (
        live_server(store, config=ApiConfig(api_token=TOKEN), pipeline=pipeline) as base,
        httpx.Client(base_url=base, timeout=60) as client,
    ):
        yield client, store, tokens
    store.close()


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _attack(store: Store) -> str:
    return next(e.event_id for e in store.events() if "wire-1" in e.article_ids)


def test_each_action_over_http_with_roles_and_versions(served: tuple[httpx.Client, Store, dict[str, str]]) -> None:
    client, store, tokens = served
    editor = _auth(tokens["editor"])
    attack = _attack(store)
    detail = client.get(f"/events/{attack}")
    etag = detail.headers["etag"]
    assert detail.json()["review"]["reviewed"] is False and detail.json()["review"]["locked"] == []
    edit = {"set": {"fatalities": 3}, "why": "ministry figure"}
    assert client.patch(f"/events/{attack}", json=edit).status_code == 401  # no token
    wrong = client.patch(f"/events/{attack}", json=edit, headers=_auth("sitrep_0123456789abcdef_" + "x" * 43))
    assert (wrong.status_code, wrong.json()["error"]) == (401, "E077")
    reader = client.patch(f"/events/{attack}", json=edit, headers=_auth(tokens["reader"]))
    assert (reader.status_code, reader.json()["error"]) == (403, "E076")
    done = client.patch(f"/events/{attack}", json=edit, headers={**editor, "If-Match": etag})
    assert done.status_code == 200, done.text
    assert done.json()["event"]["fatalities"] == 3 and done.json()["review"]["locked"] == ["fatalities"]
    stale = client.patch(f"/events/{attack}", json={**edit, "version": etag.strip('"')}, headers=editor)
    assert (stale.status_code, stale.json()["error"]) == (409, "E075")
    bad = client.patch(f"/events/{attack}", json={"set": {"event_id": "x"}}, headers=editor)
    assert (bad.status_code, bad.json()["error"]) == (400, "E074")
    assert client.post(f"/events/{attack}/confirm", json={"why": "ok"}, headers=editor).status_code == 200
    review = client.get(f"/events/{attack}").json()["review"]
    assert review["reviewed"] is True and review["reviewed_by"] == "editor-1" and review["locked"] == ["fatalities"]
    download = list(csv.DictReader(io.StringIO(client.get("/events", params={"format": "csv"}).text)))
    assert {(r["event_id"], r["reviewed"], r["reviewed_by"]) for r in download if r["reviewed"] == "true"} == {
        (attack, "true", "editor-1")
    }, "a CSV download ends with the review columns"
    revisions = client.get(f"/events/{attack}").json()["revisions"]
    assert any(
        r["cause"] == "corrected" and r["user"] == "editor-1" and r["reason"] == "ministry figure" for r in revisions
    )
    other = next(e.event_id for e in store.events() if e.event_id != attack)
    merged = client.post("/events/merge", json={"ids": [attack, other], "why": "same"}, headers=_auth(TOKEN))
    assert merged.status_code == 200, merged.text  # the old write token is an admin
    assert client.get(f"/events/{other}").json()["event"]["event_id"] == attack
    split = client.post(f"/events/{attack}/split", json={"reports": ["daily-5"]}, headers=editor)
    assert split.status_code == 200, split.text
    new_id = split.json()["event_id"]
    assert client.post(f"/events/{new_id}/reject", json={"why": "background"}, headers=editor).status_code == 200
    assert client.get(f"/events/{new_id}").status_code == 404
    gone = {d["event_id"]: (d["reason"], d["successor"]) for d in client.get("/deletions").json()["deletions"]}
    assert gone[new_id] == ("rejected", "")
    if other != new_id:
        assert gone[other] == ("merged", attack)
    assert client.post(f"/events/{new_id}/restore", headers=editor).status_code == 200
    assert new_id not in {d["event_id"] for d in client.get("/deletions").json()["deletions"]}
    assert (
        client.post(
            "/articles", json={"id": "x", "text": "t", "published": "2026-03-03"}, headers=_auth(tokens["reader"])
        ).status_code
        == 403
    )
    assert_sound(store)


def _sync(client: httpx.Client, mirror: dict[str, dict[str, Any]], cursor: str | None, since: str) -> str:
    """One poll: every page of changes after ``cursor`` (or since the start), then deletions."""
    while True:
        params: dict[str, Any] = {"limit": 2}
        params.update({"cursor": cursor} if cursor else {"updated_since": "1970-01-01T00:00:00Z"})
        page = client.get("/events", params=params).json()
        for event in page["events"]:
            event.pop("timestamp")
            mirror[event["event_id"]] = event
        cursor = page["next_cursor"] or cursor
        if len(page["events"]) < 2:
            break
    for gone in client.get("/deletions", params={"since": since}).json()["deletions"]:
        mirror.pop(gone["event_id"], None)
    assert cursor is not None
    return cursor


def test_a_client_mirrors_the_store_through_the_api_only(
    served: tuple[httpx.Client, Store, dict[str, str]], coded: list[Coded]
) -> None:
    client, store, tokens = served
    editor = _auth(tokens["editor"])

    def truth() -> dict[str, dict[str, Any]]:
        return {e.event_id: event_to_dict(e) | review_to_dict(store.review(e.event_id)) for e in store.events()}

    mirror: dict[str, dict[str, Any]] = {}
    started = dt.datetime.now(dt.UTC).isoformat()
    cursor = _sync(client, mirror, None, "1970-01-01T00:00:00Z")
    assert mirror == truth()
    attack = _attack(store)
    other = next(e.event_id for e in store.events() if e.event_id != attack)
    steps = [
        lambda: client.patch(f"/events/{attack}", json={"set": {"fatalities": 4}}, headers=editor),
        lambda: store.ingest_coded(coded),  # a new report (wire-4) and repeats
        lambda: client.post("/events/merge", json={"ids": [attack, other]}, headers=editor),
        lambda: client.post(f"/events/{attack}/split", json={"reports": ["daily-5"]}, headers=editor),
        lambda: client.post(f"/events/{attack}/reject", headers=editor),
        lambda: client.post(f"/events/{attack}/restore", headers=editor),
        lambda: client.post(f"/events/{attack}/confirm", headers=editor),
    ]
    for step in steps:
        step()
        cursor = _sync(client, mirror, cursor, started)
        started = dt.datetime.now(dt.UTC).isoformat()
        assert mirror == truth()
    assert_sound(store)
