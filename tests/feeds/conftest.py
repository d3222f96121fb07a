"""A real HTTP server on loopback (http.server in a thread) whose answers each test scripts.

    site.route("/rss", body=feed_xml, headers={"ETag": '"v1"'})
    site.route("/slow", body=b"...", delay=2.0)            # headers at once, then the body late
    site.route("/flaky", status=[503, 503, 200], body=...)  # one status per request, last repeats
    site.url("/rss"); site.hits["/rss"]

Conditional requests are honoured like a real server: a route with an ETag or Last-Modified
answers 304 to a request that presents the same one.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    body: bytes = b""
    status: list[int] = field(default_factory=lambda: [200])
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds between the headers and the body
    drip: bool = False  # send the body one byte per `delay` seconds


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(
        self,
        path: str,
        *,
        body: bytes | str = b"",
        status: int | list[int] = 200,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        drip: bool = False,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        statuses = status if isinstance(status, list) else [status]
        self.routes[path] = Route(body=data, status=list(statuses), headers=dict(headers or {}), delay=delay, drip=drip)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                path = self.path
                site.hits[path] += 1
                route = site.routes.get(path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status = route.status.pop(0) if len(route.status) > 1 else route.status[0]
                etag = route.headers.get("ETag")
                modified = route.headers.get("Last-Modified")
                if status == 200 and (
                    (etag and self.headers.get("If-None-Match") == etag)
                    or (modified and self.headers.get("If-Modified-Since") == modified)
                ):
                    status = 304
                self.send_response(status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                body = route.body if status == 200 else b""
                if "Location" not in route.headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    if route.drip:
                        for i in range(len(body)):
                            self.wfile.write(body[i : i + 1])
                            self.wfile.flush()
                            time.sleep(route.delay)
                        return
                    if route.delay:
                        time.sleep(route.delay)
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    server.start()
    try:
        yield server
    finally:
        server.stop()
