"""Browser fixtures: Debian's Chromium driven by Playwright over a live sitrep server.

The browser is launched from ``/usr/bin/chromium`` (never ``playwright install``). Every page
blocks requests to anything but the test server and records what it blocked, its console errors
and its Content-Security-Policy violations, so each test can assert that nothing left the machine
and nothing was refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, Route, sync_playwright

from sitrep.model import Coded
from sitrep.store import Store
from tests.api.live import live_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@dataclass
class Watched:
    """A page and what it tried: requests blocked for leaving the server, console errors."""

    page: Page
    base: str
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, query: str = "") -> None:
        """Load the page (with ``?query``) and wait until the map has drawn its events."""
        self.page.goto(f"{self.base}/{'?' + query if query else ''}")
        self.wait_render(1)

    def wait_render(self, n: int) -> None:
        self.page.wait_for_selector(f"#map[data-state=ready][data-render='{n}']", timeout=20_000)

    def attr(self, selector: str, name: str) -> str:
        value = self.page.get_attribute(selector, name)
        assert value is not None, f"{selector} has no {name}"
        return value


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory, demo_coded: list[Coded]) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('web') / 'demo.db'}")
    store.ingest_coded(demo_coded)
    yield store
    store.close()


@pytest.fixture(scope="session")
def web_base(web_store: Store) -> Iterator[str]:
    with live_server(web_store) as base:
        yield base


def watch(browser: Browser, base: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = context.new_page()
    watched = Watched(page=page, base=base)

    def only_local(route: Route) -> None:
        url = route.request.url
        if url.startswith((f"{base}/", "data:", "blob:")):
            route.continue_()
        else:
            watched.blocked.append(url)
            route.abort()

    page.route("**/*", only_local)
    page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watched.errors.append(str(e)))
    try:
        yield watched
    finally:
        context.close()


@pytest.fixture
def web(browser: Browser, web_base: str) -> Iterator[Watched]:
    yield from watch(browser, web_base)
