"""The fetcher: feeds and article pages over HTTP(S), for a stranger's URLs.

    fetcher = Fetcher(FetchPolicy(timeout=10, max_bytes=5_000_000))
    page = fetcher.get("https://news.example/story/1")          # robots.txt checked first
    again = fetcher.get(feed_url, etag=page.etag, last_modified=page.last_modified)   # 304: again.status

A feed names URLs that anyone can write, so every request is treated as hostile:

* **server-side request forgery**: the host is resolved here and every address it resolves to
  must be public (not private, loopback, link-local, multicast, reserved or unspecified), or
  the request is refused (E051) unless ``allow_private``. The connection then goes to the very
  address that was checked (no second lookup a DNS rebinding could change), and each redirect
  is checked again the same way;
* **size and time**: no compression is asked for (no decompression bombs); an answer longer than
  ``max_bytes`` is refused (E052), and one not complete within ``timeout`` seconds, however
  slowly it drips, fails (E053);
* **robots.txt** (RFC 9309) is read once per origin and obeyed for the ``sitrep`` agent (E054):
  a missing robots.txt (4xx) allows everything, an unreachable one (5xx, timeout) disallows
  everything for now (a retryable failure);
* **failures** that may pass (timeouts, refused connections, HTTP 429 and 5xx) are retried
  ``retries`` times, waiting ``backoff`` seconds, then twice that, and so on; then they raise
  ``FetchError`` with ``retryable=True`` so the caller can try again at its next poll.
"""

from __future__ import annotations

import http.client
import ipaddress
import logging
import socket
import ssl
import time
import urllib.robotparser
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit

from sitrep.errors import Errors, FetchError

__all__ = ["DEFAULT_USER_AGENT", "FetchPolicy", "Fetcher", "Response", "is_public_address"]

logger = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "sitrep/0.1 (conflict-event coder; respects robots.txt)"
ROBOTS_AGENT = "sitrep"
ROBOTS_MAX_BYTES = 512_000
ROBOTS_TTL = 3600.0  # seconds a robots.txt is trusted before it is read again
_CHUNK = 65_536
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})

Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchPolicy:
    """Limits for every request (settings ``fetch_*``).

    timeout (float): seconds for one whole answer, connection to last byte.
    max_bytes (int): longest answer body read.
    allow_private (bool): fetch from private, loopback and link-local addresses (tests, intranets).
    allow_hosts (frozenset[str]): host names trusted whatever they resolve to (an intranet feed
        server), when ``allow_private`` is off; every other host, redirects included, is checked.
    retries (int): extra attempts after a retryable failure; backoff (float): the first wait, doubled each time.
    robots (bool): obey robots.txt (switch off only for sources you own).
    """

    timeout: float = 10.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allow_private: bool = False
    allow_hosts: frozenset[str] = frozenset()
    retries: int = 2
    backoff: float = 1.0
    robots: bool = True
    user_agent: str = DEFAULT_USER_AGENT


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    """An answer: ``status`` 200 (with ``body``) or 304 (not modified, empty body).

    url (str): the URL finally answered, after redirects; headers: lower-case names.
    """

    url: str
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def etag(self) -> str:
        return self.headers.get("etag", "")

    @property
    def last_modified(self) -> str:
        return self.headers.get("last-modified", "")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str:
        message = Message()
        message["content-type"] = self.headers.get("content-type", "")
        return str(message.get_param("charset") or "")


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address (an IPv4-mapped IPv6 address by its IPv4 part)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def _resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to an address already checked, whatever the host name now resolves to."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(raw, server_hostname=self.host)


class Fetcher:
    """GETs URLs under a ``FetchPolicy``; keeps each origin's robots.txt for an hour.

    sleep (Callable[[float], None]): how to wait between retries (tests pass a recorder).
    resolve (Callable[[str, int], list[str]]): host name to addresses (tests may pin one).
    """

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        resolve: Resolver = _resolve,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._sleep = sleep
        self._resolve = resolve
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = {}
        self.requests = 0  # HTTP requests sent, retries and robots.txt included

    # --- public ---------------------------------------------------------------------------------

    def get(self, url: str, *, etag: str = "", last_modified: str = "") -> Response:
        """The answer for ``url`` (after robots.txt, redirects and retries); raises ``FetchError``."""
        if self.policy.robots:
            self.check_robots(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._with_retries(url, headers, self.policy.max_bytes)

    def check_robots(self, url: str) -> None:
        """Raise ``FetchError`` E054 when the origin's robots.txt forbids ``url`` to sitrep."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(origin)
        if cached is None or time.monotonic() - cached[0] > ROBOTS_TTL:
            cached = (time.monotonic(), self._read_robots(origin))
            self._robots[origin] = cached
        rules = cached[1]
        if rules is not None and not rules.can_fetch(ROBOTS_AGENT, url):
            raise FetchError(Errors.E054.format(url=url, host=parts.netloc), url=url, retryable=False)

    # --- internals ------------------------------------------------------------------------------

    def _read_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """The parsed robots.txt, or None when there is none (everything allowed)."""
        robots_url = origin + "/robots.txt"
        try:
            answer = self._with_retries(robots_url, {}, ROBOTS_MAX_BYTES)
        except FetchError as exc:
            status = getattr(exc, "status", 0)
            if 400 <= status < 500:
                return None  # RFC 9309 2.3.1.3: unavailable, no restriction
            if not exc.retryable:
                raise  # a refusal (private address, size): the page is refused the same way
            # RFC 9309 2.3.1.4: unreachable means complete disallow, for now; ask again next time
            self._robots.pop(origin, None)
            raise FetchError(str(exc), url=robots_url, retryable=True) from exc
        parser = urllib.robotparser.RobotFileParser(robots_url)
        parser.parse(answer.body.decode("utf-8", errors="replace").splitlines())
        return parser

    def _with_retries(self, url: str, headers: Mapping[str, str], limit: int) -> Response:
        attempts = 1 + max(self.policy.retries, 0)
        for attempt in range(attempts):
            try:
                return self._follow(url, headers, limit)
            except FetchError as exc:
                if not exc.retryable or attempt == attempts - 1:
                    raise
                delay = self.policy.backoff * (2**attempt)
                logger.info("fetch %s failed (%s); retry %d in %.2f s", url, exc, attempt + 1, delay)
                self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _follow(self, url: str, headers: Mapping[str, str], limit: int) -> Response:
        current = url
        for _ in range(self.policy.max_redirects + 1):
            status, answer_headers, body = self._once(current, headers, limit)
            if status in _REDIRECTS and answer_headers.get("location"):
                current = urljoin(current, answer_headers["location"])
                continue
            if status == 304:
                return Response(url=current, status=304, headers=answer_headers)
            if status >= 400 or status < 200:
                error = FetchError(
                    Errors.E055.format(url=current, status=status), url=current, retryable=status in _RETRY_STATUS
                )
                error.status = status  # type: ignore[attr-defined]
                raise error
            return Response(url=current, status=status, body=body, headers=answer_headers)
        raise FetchError(Errors.E057.format(url=url, limit=self.policy.max_redirects), url=url)

    def _address(self, url: str, host: str, port: int) -> str:
        try:
            addresses = self._resolve(host, port)
        except OSError as exc:
            raise FetchError(Errors.E056.format(url=url, detail=exc), url=url, retryable=True) from exc
        if not addresses:
            raise FetchError(Errors.E056.format(url=url, detail="no address"), url=url, retryable=True)
        if not self.policy.allow_private and host.lower() not in self.policy.allow_hosts:
            for address in addresses:
                if not is_public_address(address):
                    raise FetchError(Errors.E051.format(url=url, host=host, address=address), url=url)
        return addresses[0]

    def _once(self, url: str, headers: Mapping[str, str], limit: int) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(Errors.E050.format(url=url), url=url)
        host = parts.hostname
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = self._address(url, host, port)
        deadline = time.monotonic() + self.policy.timeout
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        conn: http.client.HTTPConnection
        if parts.scheme == "https":
            conn = _PinnedHTTPS(host, port, address, self.policy.timeout)
        else:
            conn = _PinnedHTTP(host, port, address, self.policy.timeout)
        self.requests += 1
        try:
            conn.request(
                "GET",
                path,
                headers={
                    "User-Agent": self.policy.user_agent,
                    "Accept-Encoding": "identity",
                    "Accept": "*/*",
                    **headers,
                },
            )
            sock = conn.sock  # kept: a closing connection hands its socket to the answer
            if sock is not None:
                sock.settimeout(max(deadline - time.monotonic(), 0.001))
            answer = conn.getresponse()
            answer_headers = {k.lower(): v for k, v in answer.getheaders()}
            body = b""
            if answer.status not in _REDIRECTS and answer.status != 304 and answer.status < 400:
                body = self._read(answer, sock, url, limit, deadline)
            return answer.status, answer_headers, body
        except FetchError:
            raise
        except ssl.SSLCertVerificationError as exc:
            raise FetchError(Errors.E056.format(url=url, detail=exc), url=url) from exc
        except TimeoutError as exc:
            raise FetchError(Errors.E053.format(url=url, seconds=self.policy.timeout), url=url, retryable=True) from exc
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(Errors.E056.format(url=url, detail=exc), url=url, retryable=True) from exc
        finally:
            conn.close()

    def _read(
        self, answer: http.client.HTTPResponse, sock: socket.socket | None, url: str, limit: int, deadline: float
    ) -> bytes:
        """The body, refused past ``limit`` bytes or past the deadline (each read waits at most
        the time left, so a server dripping one byte a second cannot hold the fetcher)."""
        declared = answer.getheader("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise FetchError(Errors.E052.format(url=url, limit=limit), url=url)
        chunks: list[bytes] = []
        size = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError(Errors.E053.format(url=url, seconds=self.policy.timeout), url=url, retryable=True)
            if sock is not None:
                sock.settimeout(remaining)
            chunk = answer.read1(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise FetchError(Errors.E052.format(url=url, limit=limit), url=url)
            chunks.append(chunk)
        return b"".join(chunks)
