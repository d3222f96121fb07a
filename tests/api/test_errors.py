"""Bad requests get a 4xx naming the parameter and the reason, with a stable code (errors.py)."""

from __future__ import annotations

import httpx
import pytest

BAD = [
    ("/events", {"start": "2026-13-01"}, "start"),
    ("/events", {"end": "yesterday"}, "end"),
    ("/events", {"start": "2026-09-01", "end": "2026-08-01"}, "end"),
    ("/events", {"bbox": "60,24,70"}, "bbox"),
    ("/events", {"bbox": "west,24,70,31"}, "bbox"),
    ("/events", {"bbox": "60,40,70,31"}, "bbox"),
    ("/events", {"bbox": "60,24,70,95"}, "bbox"),
    ("/events", {"bbox": "nan,24,70,31"}, "bbox"),
    ("/events", {"format": "xml"}, "format"),
    ("/events", {"order": "location"}, "order"),
    ("/events", {"limit": "1001"}, "limit"),
    ("/events", {"limit": "-1"}, "limit"),
    ("/events", {"offset": "-5"}, "offset"),
    ("/events", {"limit": "ten"}, "limit"),
    ("/events", {"min_fatalities": "-1"}, "min_fatalities"),
    ("/events", {"fields": "event_id,colour"}, "fields"),
    ("/events", {"evnt_type": "Battles"}, "evnt_type"),
    ("/events", {"actor": "x" * 201}, "actor"),
    ("/stats", {"by": "month"}, "by"),
    ("/stats", {}, "by"),
    ("/stats", {"by": "week", "start": "not-a-date"}, "start"),
]


@pytest.mark.parametrize(("path", "params", "name"), BAD, ids=[f"{p}:{','.join(q) or 'none'}" for p, q, _ in BAD])
def test_bad_parameter_is_a_400_that_names_it(api: httpx.Client, path: str, params: dict[str, str], name: str) -> None:
    response = api.get(path, params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "E060"
    assert f"'{name}'" in body["detail"]


def test_csv_limit_may_exceed_a_json_page_up_to_the_export_cap(api: httpx.Client) -> None:
    assert api.get("/events", params={"format": "csv", "limit": 5000}).status_code == 200
    response = api.get("/events", params={"format": "csv", "limit": 10_000_000})
    assert response.status_code == 400 and "'limit'" in response.json()["detail"]


def test_unknown_event_is_a_404_with_its_code(api: httpx.Client) -> None:
    response = api.get("/events/ev-does-not-exist")
    assert response.status_code == 404
    assert response.json()["error"] == "E066"


def test_unknown_path_is_a_json_404(api: httpx.Client) -> None:
    response = api.get("/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"] == "HTTP404"


INJECTIONS = ["' OR '1'='1", "x'; DROP TABLE events; --", "%' OR 1=1 --", "\\", '"; SELECT 1; --', "_%"]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_sql_injection_strings_in_every_text_filter_match_nothing(api: httpx.Client, payload: str) -> None:
    for name in ("country", "admin1", "admin2", "event_type", "sub_event_type", "actor", "text", "article_id"):
        response = api.get("/events", params={name: payload})
        assert response.status_code == 200, (name, response.text)
        assert response.json()["total"] == 0, name
    assert api.get("/health").json()["events"] > 0  # and nothing was dropped
