"""`sitrep watch` polling a loopback site into a real store: nothing lost, nothing doubled."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.ingest.feeds import article_id_for
from sitrep.ingest.fetch import Fetcher, FetchPolicy
from sitrep.pipeline import Pipeline
from sitrep.store import Store
from sitrep.watch import Watcher
from tests.feeds.conftest import Site
from tests.feeds.pages import page, rss

POLICY = FetchPolicy(allow_private=True, timeout=1.0, retries=1, backoff=0.01)
NOON = dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def sqlite_store(tmp_path: object) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path}/watch.db") as store:
        yield store


def _watcher(store: Store, pipeline: Pipeline) -> Watcher:
    return Watcher(
        store, fetcher=Fetcher(POLICY, sleep=lambda s: None), pipeline=pipeline, interval=60.0, clock=lambda: NOON
    )


def _serve(site: Site, keys: list[str], *, etag: str) -> None:
    site.route("/rss", body=rss(site.url(""), keys), headers={"ETag": etag, "Content-Type": "application/rss+xml"})
    for key in keys:
        site.route(f"/news/{key}", body=page(key), headers={"Content-Type": "text/html; charset=utf-8"})


def _ids(site: Site, keys: list[str]) -> list[str]:
    return [article_id_for(site.url(f"/news/{k}")) for k in keys]


def test_feed_changing_between_polls_brings_each_story_once(
    site: Site, sqlite_store: Store, pipeline: Pipeline
) -> None:
    _serve(site, ["bannu", "multan"], etag='"v1"')
    watcher = _watcher(sqlite_store, pipeline)
    first = watcher.poll(site.url("/rss"))
    assert (first.status, first.new, first.seen) == ("fetched", 2, 0)
    stored = sqlite_store.article(_ids(site, ["bannu"])[0])
    assert stored is not None and "Gunmen attacked a police checkpoint in Bannu" in stored.text
    assert "Subscribe" not in stored.text  # the page's main text, not its menus
    assert stored.published == dt.date(2026, 3, 1)

    unchanged = watcher.poll(site.url("/rss"))
    assert unchanged.status == "not-modified" and site.hits["/news/bannu"] == 1

    _serve(site, ["bannu", "multan", "kohat"], etag='"v2"')
    second = watcher.poll(site.url("/rss"))
    assert (second.new, second.seen) == (1, 2)
    assert site.hits["/news/bannu"] == 1 and site.hits["/news/kohat"] == 1
    assert sqlite_store.article_count() == 3


def test_a_page_that_times_out_is_reported_and_retried_next_poll(
    site: Site, sqlite_store: Store, pipeline: Pipeline
) -> None:
    _serve(site, ["bannu", "kohat"], etag='"v1"')
    site.route("/news/kohat", body=page("kohat"), delay=3.0)  # longer than the 1 s cap
    watcher = _watcher(sqlite_store, pipeline)
    first = watcher.poll(site.url("/rss"))
    assert (first.new, first.retry) == (1, 1)
    assert [i.code for i in first.issues if i.code.startswith("W05")] == ["W052"]
    kohat = _ids(site, ["kohat"])[0]
    assert sqlite_store.article(kohat) is None
    state = sqlite_store.feed_state(site.url("/rss"))
    assert state is not None and state.etag == ""  # validators held back: the next poll reads the feed

    site.route("/news/kohat", body=page("kohat"))
    second = watcher.poll(site.url("/rss"))
    assert (second.status, second.new, second.seen, second.retry) == ("fetched", 1, 1, 0)
    assert sqlite_store.article(kohat) is not None
    assert sqlite_store.article_count() == 2


def test_robots_forbidden_page_is_coded_from_the_summary_and_not_fetched(
    site: Site, sqlite_store: Store, pipeline: Pipeline
) -> None:
    site.route("/robots.txt", body="User-agent: *\nDisallow: /news/quetta\n")
    _serve(site, ["quetta"], etag='"v1"')
    watcher = _watcher(sqlite_store, pipeline)
    report = watcher.poll(site.url("/rss"))
    assert report.new == 1 and [i.code for i in report.issues if i.code.startswith("W05")] == ["W051"]
    assert site.hits["/news/quetta"] == 0
    stored = sqlite_store.article(_ids(site, ["quetta"])[0])
    assert stored is not None and stored.text.startswith("Unidentified men threw a grenade")


def test_malformed_feed_fails_backs_off_and_recovers(site: Site, sqlite_store: Store, pipeline: Pipeline) -> None:
    site.route("/rss", body="<rss><channel><item><title>broken")
    watcher = _watcher(sqlite_store, pipeline)
    failed = watcher.poll(site.url("/rss"))
    assert failed.status == "failed" and [i.code for i in failed.issues] == ["W050"]
    state = sqlite_store.feed_state(site.url("/rss"))
    assert state is not None and state.failures == 1 and "E072" in state.last_error
    assert watcher.next_poll(state) == NOON + dt.timedelta(seconds=120)  # interval x 2

    _serve(site, ["multan"], etag='"v1"')
    fixed = watcher.poll(site.url("/rss"))
    assert fixed.new == 1
    state = sqlite_store.feed_state(site.url("/rss"))
    assert state is not None and state.failures == 0 and state.etag == '"v1"'


def test_restart_with_a_new_watcher_neither_misses_nor_repeats(site: Site, store_url: str, pipeline: Pipeline) -> None:
    _serve(site, ["bannu", "multan"], etag='"v1"')
    site.route("/news/multan", status=503)  # down during the first run
    with Store(store_url) as store:
        first = _watcher(store, pipeline).poll(site.url("/rss"))
        assert (first.new, first.retry) == (1, 1)

    _serve(site, ["bannu", "multan", "kohat"], etag='"v2"')  # multan is back, kohat is new
    with Store(store_url) as store:  # a new process: new watcher, same store
        second = _watcher(store, pipeline).poll(site.url("/rss"))
        assert (second.new, second.seen, second.retry) == (2, 1, 0)
        assert store.article_count() == 3
        assert all(store.article(i) is not None for i in _ids(site, ["bannu", "multan", "kohat"]))
    assert site.hits["/news/bannu"] == 1 and site.hits["/news/kohat"] == 1

    with Store(store_url) as store:
        third = _watcher(store, pipeline).poll(site.url("/rss"))
        assert third.status == "not-modified" and store.article_count() == 3


def _watch_once(site: Site, db: str) -> subprocess.CompletedProcess[str]:
    """`sitrep watch FEED --once` as a user runs it, on the loopback site's RSS feed."""
    command = [sys.executable, "-m", "sitrep", "watch", site.url("/rss"), "--once", "--allow-private", "--db", db]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def test_cli_watch_once_stores_the_feed_and_a_second_run_adds_nothing(site: Site, tmp_path: Path) -> None:
    _serve(site, ["bannu", "quetta"], etag='"v1"')
    db = f"sqlite:///{tmp_path}/cli.db"
    first = _watch_once(site, db)
    assert first.returncode == 0, first.stderr
    assert "2 new" in first.stderr
    second = _watch_once(site, db)
    assert second.returncode == 0 and "not-modified" in second.stderr
    with Store(db) as store:
        assert store.article_count() == 2


def test_cli_watch_stores_a_match_report_unparsed_and_counts_it(site: Site, tmp_path: Path) -> None:
    # triage is on by default: the match report is stored (a later poll will not fetch it again)
    # with its decision, but not parsed; the attack in Bannu is coded
    _serve(site, ["bannu", "derby"], etag='"v1"')
    db = f"sqlite:///{tmp_path}/triaged.db"
    run = _watch_once(site, db)
    assert run.returncode == 0, run.stderr
    assert "1 of 2 new skipped as not about political violence" in run.stderr
    bannu, derby = _ids(site, ["bannu", "derby"])
    with Store(db) as store:
        assert store.article_count() == 2
        skipped = store.triage(derby)
        assert skipped is not None and skipped.decision == "skip" and "sport" in skipped.reason
        kept = store.triage(bannu)
        assert kept is not None and kept.decision == "parse"
        assert [e.article_ids for e in store.events()] == [(bannu,)]


def _atom_one(base: str, key: str, text: str, updated: dt.datetime) -> str:
    stamp = updated.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>FD</title>"
        f"<id>urn:fd</id><updated>{stamp}</updated><entry><title>{key}</title><link href='{base}/news/{key}'/>"
        f"<id>urn:fd:{key}</id><published>2026-03-01T08:00:00Z</published><updated>{stamp}</updated>"
        f"<summary>{text}</summary></entry></feed>"
    )


def _story_page(text: str) -> str:
    return f"<!DOCTYPE html><html><head><title>Bannu</title></head><body><article><p>{text}</p></article></body></html>"


def test_a_story_re_published_with_a_raised_toll_revises_the_stored_article_and_its_event(
    site: Site, store_url: str, pipeline: Pipeline
) -> None:
    with Store(store_url) as store:
        _re_published_story_is_revised(site, store, pipeline)


def _re_published_story_is_revised(site: Site, store: Store, pipeline: Pipeline) -> None:
    first_text = "Gunmen attacked a police checkpoint in Bannu on Sunday, killing two policemen, officials said."
    raised_text = "Gunmen attacked a police checkpoint in Bannu on Sunday, killing five policemen, officials said."
    before = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    site.route("/rss", body=_atom_one(site.url(""), "bannu", first_text, before), headers={"ETag": '"v1"'})
    site.route("/news/bannu", body=_story_page(first_text), headers={"Content-Type": "text/html; charset=utf-8"})
    watcher = _watcher(store, pipeline)
    assert watcher.poll(site.url("/rss")).new == 1
    (article_id,) = _ids(site, ["bannu"])
    assert [e.fatalities for e in store.events()] == [2]

    # the same feed again, re-dated nowhere: the stored story is not fetched again
    site.route("/rss", body=_atom_one(site.url(""), "bannu", first_text, before), headers={"ETag": '"v2"'})
    again = watcher.poll(site.url("/rss"))
    assert (again.seen, again.revised, site.hits["/news/bannu"]) == (1, 0, 1)

    # the outlet raises the toll and re-dates the entry: fetched, stored as version 2, event revised
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
    site.route("/rss", body=_atom_one(site.url(""), "bannu", raised_text, later), headers={"ETag": '"v3"'})
    site.route("/news/bannu", body=_story_page(raised_text), headers={"Content-Type": "text/html; charset=utf-8"})
    revised = watcher.poll(site.url("/rss"))
    assert (revised.revised, revised.new, site.hits["/news/bannu"]) == (1, 0, 2)
    stored = store.article(article_id)
    assert stored is not None and "five policemen" in stored.text
    assert [e.fatalities for e in store.events()] == [5]
    assert store.check() == []
