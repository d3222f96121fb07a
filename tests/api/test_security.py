"""Headers, CORS, read tokens and logs: what the API promises a shared server (issue 8's access rules)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sitrep.api import ApiConfig
from sitrep.store import Store
from tests.api.live import live_server

WEB_SOURCES = Path(__file__).resolve().parents[2] / "web" / "src"


def test_every_response_carries_a_csp_without_inline_script(api: httpx.Client) -> None:
    for path in ("/", "/events?limit=1", "/static/app.js", "/health", "/events/nope"):
        headers = api.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp, path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "http" not in csp, path
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"


def test_the_page_has_no_inline_script_and_no_favicon_request(api: httpx.Client) -> None:
    html = api.get("/").text
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.S)
    assert scripts and all(body.strip() == "" for body in scripts)
    assert all(src.startswith("/static/") for src in re.findall(r'\bsrc="([^"]+)"', html))
    assert '<link rel="icon" href="data:,">' in html


def test_page_sources_never_write_markup_from_strings() -> None:
    sources = list(WEB_SOURCES.glob("*.js"))
    assert sources
    for path in sources:
        code = re.sub(r"(^|\s)//.*$", "", path.read_text(encoding="utf-8"), flags=re.M)  # comments may name them
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in code, f"{path.name} uses {sink}"


def test_cors_is_off_by_default(api: httpx.Client) -> None:
    response = api.get("/events", params={"limit": 1}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = api.options(
        "/articles", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_allows_only_the_configured_origins(demo_store: Store) -> None:
    config = ApiConfig(cors_origins=("https://dash.example",))
    with live_server(demo_store, config=config) as base, httpx.Client(base_url=base) as client:
        ok = client.get("/events", params={"limit": 1}, headers={"Origin": "https://dash.example"})
        assert ok.headers["access-control-allow-origin"] == "https://dash.example"
        other = client.get("/events", params={"limit": 1}, headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


@pytest.fixture
def read_locked(demo_store: Store) -> Iterator[httpx.Client]:
    with (
        live_server(demo_store, config=ApiConfig(read_token="reader-secret-91")) as base,
        httpx.Client(base_url=base) as client,
    ):
        yield client


def test_read_token_guards_data_but_not_the_page_or_health(read_locked: httpx.Client) -> None:
    for path in ("/events", "/events/anything", "/stats?by=week"):
        response = read_locked.get(path)
        assert response.status_code == 401, path
        assert response.json()["error"] == "E061"
    auth = {"Authorization": "Bearer reader-secret-91"}
    assert read_locked.get("/events", headers=auth).status_code == 200
    assert read_locked.get("/stats", params={"by": "week"}, headers=auth).status_code == 200
    for path in ("/", "/health", "/static/app.js", "/openapi.json"):
        assert read_locked.get(path).status_code == 200, path


def test_no_token_reaches_the_logs(demo_store: Store, tmp_path: Path) -> None:
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Keep(level=logging.DEBUG)
    config = ApiConfig(api_token="write-secret-55", read_token="read-secret-66")
    with live_server(demo_store, config=config, log_level="debug") as base, httpx.Client(base_url=base) as client:
        loggers = [logging.getLogger(n) for n in ("", "uvicorn", "uvicorn.access", "uvicorn.error", "sitrep")]
        for logger in loggers:
            logger.addHandler(handler)
        try:
            client.get("/events", headers={"Authorization": "Bearer read-secret-66"})
            client.get("/events", headers={"Authorization": "Bearer wrong-secret-77"})
            client.post("/articles", json=[], headers={"Authorization": "Bearer write-secret-55"})
            client.post("/articles", json=[], headers={"Authorization": "Bearer wrong-secret-88"})
        finally:
            for logger in loggers:
                logger.removeHandler(handler)
    assert any("/events" in r for r in records), "the access log should have been captured"
    for secret in ("write-secret-55", "read-secret-66", "wrong-secret-77", "wrong-secret-88"):
        assert not any(secret in r for r in records), secret
    assert "write-secret-55" not in repr(config) and "read-secret-66" not in repr(config)


def test_openapi_schema_documents_every_endpoint_and_no_cdn_docs_page(api: httpx.Client) -> None:
    schema = api.get("/openapi.json").json()
    assert {"/events", "/events/{event_id}", "/stats", "/articles", "/health"} <= set(schema["paths"])
    params = {p["name"] for p in schema["paths"]["/events"]["get"]["parameters"]}
    assert {
        "start",
        "end",
        "country",
        "admin1",
        "admin2",
        "event_type",
        "sub_event_type",
        "actor",
        "bbox",
        "min_fatalities",
        "text",
        "article_id",
        "limit",
        "offset",
        "order",
        "format",
    } <= params
    assert api.get("/docs").status_code == 404
