"""Live feeds into the store: poll RSS/Atom feeds, fetch new stories, code and ingest them.

    with Store() as store:
        watcher = Watcher(store, fetcher=Fetcher(FetchPolicy()), pipeline=Pipeline())
        report = watcher.poll("https://news.example/rss")      # PollReport: new, seen, retry, issues
        watcher.run(["https://news.example/rss"], once=False)   # poll each feed when it is due

One poll of one feed:

1. a conditional GET with the ETag and Last-Modified the store kept (``store.feed_state``); a 304
   ends the poll;
2. the feed is parsed (``ingest.feeds.parse_feed``: entity declarations refused); each entry has a
   stable article id (a hash of its link), and an entry whose id the store holds is skipped,
   unless the feed dates it after the stored version (a story re-published with a raised toll:
   its page is fetched again, and a new text becomes a new version of the article);
3. each new entry's page is fetched (robots.txt, SSRF and size rules in ``ingest.fetch``) and its
   main text extracted, then coded and ingested at once, one article per transaction;
4. the feed's state is saved last.

Nothing is missed or repeated across failures and restarts because the state moves on only when
every entry is settled. A page that fails for a while (timeout, 5xx) is not stored (W052) and the
feed's old ETag is kept, so the next poll reads the whole feed again and retries it; the entries
already stored are skipped by id. A page that will never be read (robots.txt, a private address,
too large, not HTML) is coded from the feed's own summary instead (W051), so it is not fetched
again. A crash between two ingests leaves the old state, which only means re-reading the feed.
A feed that fails (W050) is polled again after ``interval`` × 2^failures (at most a day).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from sitrep.engine import Engine
from sitrep.errors import FetchError, InputError, Warnings
from sitrep.ingest.feeds import FeedItem, parse_feed, parse_opml
from sitrep.ingest.fetch import Fetcher, FetchPolicy, Response
from sitrep.ingest.text import DEFAULT_MAX_CHARS, prepare_text
from sitrep.model import Article, Issue
from sitrep.orchestrate import ingest_articles
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings, default_settings
from sitrep.store import FeedState, Store

__all__ = [
    "DEFAULT_INTERVAL",
    "MAX_BACKOFF",
    "PollReport",
    "Watcher",
    "decode_page",
    "feeds_from",
    "policy_from_settings",
]

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL = default_settings().watch_interval  # seconds between polls: data/defaults.toml
MAX_BACKOFF = 86_400.0  # a failing feed is still polled once a day
_HTML_TYPES = frozenset({"", "text/html", "application/xhtml+xml", "text/plain"})


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def policy_from_settings(settings: Settings) -> FetchPolicy:
    """The fetcher limits in the user's settings (``fetch_*``)."""
    return FetchPolicy(
        timeout=settings.fetch_timeout,
        max_bytes=settings.fetch_max_bytes,
        allow_private=settings.fetch_allow_private,
        retries=settings.fetch_retries,
        backoff=settings.fetch_backoff,
        robots=settings.fetch_robots,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PollReport:
    """One poll of one feed.

    status (str): "fetched", "not-modified" (304) or "failed" (the feed itself could not be read).
    new (int): articles stored; seen (int): entries the store already held; retry (int): entries
    whose page failed for now (tried again at the next poll); skipped (int): of the new ones,
    those triage found not about political violence (stored, not parsed, no events); revised
    (int): held entries the feed re-dated whose page had a new text (stored as a new version,
    re-coded, their events revised).
    """

    feed_url: str
    status: str
    entries: int = 0
    new: int = 0
    seen: int = 0
    retry: int = 0
    events: int = 0
    issues: tuple[Issue, ...] = ()
    skipped: int = 0
    revised: int = 0


def decode_page(response: Response) -> str:
    """A page's text: the charset its headers name, else UTF-8 (bad bytes replaced)."""
    charset = response.charset or "utf-8"
    try:
        return response.body.decode(charset, errors="replace")
    except LookupError:
        return response.body.decode("utf-8", errors="replace")


def feeds_from(items: Sequence[str], *, fetcher: Fetcher) -> list[str]:
    """Feed URLs from command-line items: a URL as is; an OPML file (or an ``.opml`` URL) gives its feeds."""
    urls: list[str] = []
    for item in items:
        path = Path(item)
        if "://" not in item and path.is_file():
            found = parse_opml(path.read_bytes(), source=item)
        elif item.lower().split("?")[0].endswith(".opml"):
            found = parse_opml(fetcher.get(item).body, source=item)
        else:
            found = [item]
        urls.extend(u for u in found if u not in urls)
    return urls


class Watcher:
    """Polls feeds into one store.

    interval (float): seconds between two polls of a feed that did not fail.
    clock (Callable[[], datetime]): the current time (UTC), for last_polled and undated entries.
    """

    def __init__(
        self,
        store: Store,
        *,
        fetcher: Fetcher,
        pipeline: Pipeline,
        interval: float = DEFAULT_INTERVAL,
        max_chars: int = DEFAULT_MAX_CHARS,
        clock: Callable[[], dt.datetime] = _utcnow,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.pipeline = pipeline
        self.engine = Engine(pipeline)  # in this process unless the settings ask for workers
        self.interval = interval
        self.max_chars = max_chars
        self.clock = clock

    # --- scheduling ------------------------------------------------------------------------------

    def next_poll(self, state: FeedState | None) -> dt.datetime | None:
        """When the feed is due: None (now) for a feed never polled."""
        if state is None or state.last_polled is None:
            return None
        wait = min(self.interval * (2 ** min(state.failures, 16)), max(MAX_BACKOFF, self.interval))
        last = state.last_polled if state.last_polled.tzinfo else state.last_polled.replace(tzinfo=dt.UTC)
        return last + dt.timedelta(seconds=wait)

    def run(
        self,
        feeds: Sequence[str],
        *,
        once: bool = False,
        sleep: Callable[[float], None] = time.sleep,
        report: Callable[[PollReport], None] | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> None:
        """Poll each feed when it is due, forever (or one pass with ``once``), handing each report on."""
        while True:
            for url in feeds:
                due = self.next_poll(self.store.feed_state(url))
                if once or due is None or due <= self.clock():
                    result = self.poll(url)
                    if report is not None:
                        report(result)
            if once or (stop is not None and stop()):
                return
            dues = [self.next_poll(self.store.feed_state(u)) for u in feeds]
            soonest = min((d for d in dues if d is not None), default=self.clock())
            sleep(min(max((soonest - self.clock()).total_seconds(), 1.0), 60.0))
            if stop is not None and stop():
                return

    # --- one poll --------------------------------------------------------------------------------

    def poll(self, feed_url: str) -> PollReport:
        """Poll one feed now: fetch, parse, store the new stories, save the feed's state."""
        state = self.store.feed_state(feed_url) or FeedState(url=feed_url)
        now = self.clock()
        try:
            answer = self.fetcher.get(feed_url, etag=state.etag, last_modified=state.last_modified)
            items = [] if answer.status == 304 else parse_feed(answer.body, url=answer.url or feed_url)
        except (FetchError, InputError) as exc:
            failures = state.failures + 1
            self.store.save_feed_state(replace(state, last_polled=now, failures=failures, last_error=str(exc)))
            issue = Issue(
                code="W050", message=Warnings.W050.format(url=feed_url, detail=exc, failures=failures), source=feed_url
            )
            return PollReport(feed_url=feed_url, status="failed", issues=(issue,))
        if answer.status == 304:
            self.store.save_feed_state(replace(state, last_polled=now, failures=0, last_error=""))
            return PollReport(feed_url=feed_url, status="not-modified")
        new = seen = retry = events = skipped = revised = 0
        issues: list[Issue] = []
        for item in items:
            stored_at = self.store.ingested_at(item.article_id)
            if stored_at is not None and not (item.updated is not None and item.updated > stored_at):
                seen += 1
                continue  # held, and the feed says nothing changed since it was stored
            article, problem = self._article(item, now.date())
            if problem is not None:
                issues.append(problem)
            if article is None:
                retry += 1
                continue
            outcome = ingest_articles(self.store, [article], engine=self.engine)
            new += outcome.articles_new
            revised += outcome.articles_revised
            skipped += outcome.articles_skipped
            seen += outcome.articles_duplicate
            events += outcome.events_created
            issues.extend(outcome.issues)
        if retry:  # keep the old validators: the next poll must see the whole feed again
            saved = replace(state, last_polled=now, failures=0, last_error=f"{retry} page(s) to retry")
        else:
            saved = FeedState(
                url=feed_url,
                etag=answer.etag,
                last_modified=answer.last_modified,
                last_polled=now,
                failures=0,
                last_error="",
            )
        self.store.save_feed_state(saved)
        return PollReport(
            feed_url=feed_url,
            status="fetched",
            entries=len(items),
            new=new,
            seen=seen,
            retry=retry,
            events=events,
            issues=tuple(issues),
            skipped=skipped,
            revised=revised,
        )

    def _article(self, item: FeedItem, today: dt.date) -> tuple[Article | None, Issue | None]:
        """The article for a feed entry; (None, W052) when its page should be tried again later."""
        text, title, published, problem = "", item.title, item.published, None
        if item.link:
            try:
                page = self.fetcher.get(item.link)
                if page.content_type not in _HTML_TYPES:
                    raise FetchError(f"{item.link}: not a web page ({page.content_type})", url=item.link)
                prepared = prepare_text(
                    decode_page(page), article_id=item.article_id, max_chars=self.max_chars, html=True, source=item.link
                )
                text = prepared.text
                title = title or prepared.title
                published = published or prepared.published
            except FetchError as exc:
                if exc.retryable:
                    message = Warnings.W052.format(article_id=item.article_id, url=item.link, detail=exc)
                    return None, Issue(code="W052", message=message, article_id=item.article_id, source=item.feed_url)
                problem = Issue(
                    code="W051",
                    article_id=item.article_id,
                    source=item.feed_url,
                    message=Warnings.W051.format(article_id=item.article_id, url=item.link, detail=exc),
                )
        if not text.strip():
            text = item.summary
        source = urlsplit(item.link or item.feed_url).hostname or ""
        article = Article(
            id=item.article_id,
            text=text[: self.max_chars],
            published=published or today,
            title=title,
            source=source,
            url=item.link,
        )
        return article, problem


def poll_all(watcher: Watcher, feeds: Iterable[str]) -> list[PollReport]:
    """One poll of every feed, in order."""
    return [watcher.poll(url) for url in feeds]
