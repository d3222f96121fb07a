"""The fetcher against a real loopback server: SSRF refusals, caps, robots.txt, retries, 304."""

from __future__ import annotations

import time

import pytest

from sitrep.errors import FetchError
from sitrep.ingest.fetch import Fetcher, FetchPolicy, is_public_address
from tests.feeds.conftest import Site

LOOPBACK_OK = FetchPolicy(allow_private=True, timeout=2.0, retries=2, backoff=0.01)


def _code(exc: pytest.ExceptionInfo[FetchError]) -> str:
    return str(exc.value)[1:5]


def test_ssrf_loopback_address_is_refused_by_default(site: Site) -> None:
    site.route("/secret", body="internal")
    with pytest.raises(FetchError) as info:
        Fetcher(FetchPolicy()).get(site.url("/secret"))
    assert _code(info) == "E051" and not info.value.retryable
    assert site.hits["/secret"] == 0


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "fc00::5",
        "::ffff:127.0.0.1",
        "0.0.0.0",
        "224.0.0.1",
    ],
)
def test_ssrf_private_loopback_and_link_local_addresses_are_not_public(address: str) -> None:
    assert not is_public_address(address)


def test_public_addresses_are_public() -> None:
    assert is_public_address("93.184.216.34") and is_public_address("2606:4700::1111")


def test_ssrf_a_name_resolving_to_loopback_is_refused_on_its_address(site: Site) -> None:
    site.route("/x", body="internal")
    fetcher = Fetcher(FetchPolicy(), resolve=lambda host, port: ["127.0.0.1"])
    with pytest.raises(FetchError) as info:
        fetcher.get(site.url("/x", host="news.example"))
    assert _code(info) == "E051"


def test_ssrf_redirect_to_a_private_address_is_refused(site: Site) -> None:
    """The first host is trusted by name; the redirect's target is checked again and refused."""
    site.route("/story", status=302, headers={"Location": site.url("/admin", host="intranet.example")})
    site.route("/admin", body="internal")
    fetcher = Fetcher(
        FetchPolicy(allow_hosts=frozenset({"feeds.example"}), robots=False), resolve=lambda host, port: ["127.0.0.1"]
    )
    with pytest.raises(FetchError) as info:
        fetcher.get(site.url("/story", host="feeds.example"))
    assert _code(info) == "E051"
    assert site.hits["/admin"] == 0


def test_redirects_are_followed_when_allowed(site: Site) -> None:
    site.route("/old", status=301, headers={"Location": "/new"})
    site.route("/new", body="moved here")
    answer = Fetcher(LOOPBACK_OK).get(site.url("/old"))
    assert answer.body == b"moved here" and answer.url.endswith("/new")


def test_only_http_and_https_are_fetched() -> None:
    with pytest.raises(FetchError) as info:
        Fetcher(LOOPBACK_OK).get("file:///etc/passwd")
    assert _code(info) == "E050"


def test_an_answer_over_the_size_cap_is_refused(site: Site) -> None:
    site.route("/big", body=b"x" * 5000)
    with pytest.raises(FetchError) as info:
        Fetcher(FetchPolicy(allow_private=True, max_bytes=1000)).get(site.url("/big"))
    assert _code(info) == "E052" and not info.value.retryable


def test_a_body_dripping_past_the_time_cap_fails(site: Site) -> None:
    site.route("/drip", body=b"abcdefghij" * 10, delay=0.05, drip=True)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        Fetcher(FetchPolicy(allow_private=True, timeout=0.5, retries=0)).get(site.url("/drip"))
    assert _code(info) == "E053" and info.value.retryable
    assert time.monotonic() - started < 3.0


def test_retries_back_off_then_succeed(site: Site) -> None:
    site.route("/flaky", status=[503, 503, 200], body="finally")
    waits: list[float] = []
    fetcher = Fetcher(FetchPolicy(allow_private=True, retries=2, backoff=0.01), sleep=waits.append)
    assert fetcher.get(site.url("/flaky")).body == b"finally"
    assert waits == [0.01, 0.02]
    assert site.hits["/flaky"] == 3


def test_retries_give_up_with_a_retryable_error(site: Site) -> None:
    site.route("/down", status=503)
    waits: list[float] = []
    with pytest.raises(FetchError) as info:
        Fetcher(FetchPolicy(allow_private=True, retries=1, backoff=0.01), sleep=waits.append).get(site.url("/down"))
    assert _code(info) == "E055" and info.value.retryable
    assert site.hits["/down"] == 2 and waits == [0.01]


def test_a_404_is_not_retried(site: Site) -> None:
    with pytest.raises(FetchError) as info:
        Fetcher(LOOPBACK_OK).get(site.url("/missing"))
    assert _code(info) == "E055" and not info.value.retryable
    assert site.hits["/missing"] == 1


def test_robots_txt_forbidding_a_path_stops_the_fetch(site: Site) -> None:
    site.route("/robots.txt", body="User-agent: *\nDisallow: /private/\n")
    site.route("/private/story", body="hidden")
    site.route("/public/story", body="open")
    fetcher = Fetcher(LOOPBACK_OK)
    with pytest.raises(FetchError) as info:
        fetcher.get(site.url("/private/story"))
    assert _code(info) == "E054"
    assert site.hits["/private/story"] == 0
    assert fetcher.get(site.url("/public/story")).body == b"open"
    assert site.hits["/robots.txt"] == 1  # read once per origin


def test_an_unreachable_robots_txt_means_try_later(site: Site) -> None:
    site.route("/robots.txt", status=500)
    site.route("/story", body="text")
    with pytest.raises(FetchError) as info:
        Fetcher(FetchPolicy(allow_private=True, retries=0)).get(site.url("/story"))
    assert info.value.retryable and site.hits["/story"] == 0


def test_etag_and_last_modified_give_304(site: Site) -> None:
    site.route("/rss", body="<rss/>", headers={"ETag": '"v1"', "Last-Modified": "Mon, 02 Mar 2026 10:00:00 GMT"})
    fetcher = Fetcher(LOOPBACK_OK)
    first = fetcher.get(site.url("/rss"))
    assert first.status == 200 and first.etag == '"v1"'
    again = fetcher.get(site.url("/rss"), etag=first.etag)
    assert again.status == 304 and again.body == b""
    by_date = fetcher.get(site.url("/rss"), last_modified=first.last_modified)
    assert by_date.status == 304
