"""SIGKILL `sitrep ingest`, `sitrep batch` and `sitrep watch` at random points, restart, and check the records.

One *round* starts from nothing (an empty store, or no output file) and repeats: start the
command, kill it at a random point (``kill -9``: no handler runs, no buffer is flushed), check what
it left, start it again, until one run finishes by itself; then the end state must equal the
reference, an uninterrupted run of the same work coded in this process.

What is checked after every kill (``check_partial``):

* store commands (ingest, watch): every stored article is stored exactly as the reference stores it,
  with exactly the reference's reports (coded events) for that article: none missing (partial),
  none extra (doubled); the store holds no article outside the corpus;
* batch: the output file is absent or is the complete reference output, never a cut-off file.

What is checked at the end of a round (``check_final``): every article stored once, the same report
count, and the fused events equal the reference's field for field (nothing lost or doubled).

``bench/killtest.py`` runs many rounds on SQLite and PostgreSQL and prints the counts;
tests/security/test_kill.py runs a few kills in CI.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sitrep.batch import run_batch
from sitrep.batch.sinks import read_events
from sitrep.engine import Engine
from sitrep.ingest import read_articles
from sitrep.ingest.feeds import parse_feed
from sitrep.ingest.fetch import Fetcher, FetchPolicy
from sitrep.model import Article, Event
from sitrep.orchestrate import ingest_articles
from sitrep.pipeline import Pipeline
from sitrep.store import Store
from sitrep.watch import Watcher

__all__ = [
    "Corpus",
    "FeedServer",
    "KillStats",
    "Reference",
    "batch_round",
    "store_round",
    "write_corpus",
]

SITREP = [sys.executable, "-m", "sitrep"]


class KillCheckFailed(AssertionError):
    """What a killed command left is lost, partial or doubled."""


# --- the corpus: short wire reports written for this test ------------------------------------------

_PLACES = ("Bannu", "Kohat", "Quetta", "Turbat", "Peshawar", "Mardan", "Sukkur", "Gwadar", "Hangu", "Swat")
_COUNTS = ("two", "three", "four", "five", "six", "seven")
_STORIES = (
    "Unidentified gunmen opened fire on a police patrol in {place} on {weekday}, killing {n} constables, "
    "a district police officer said.",
    "An improvised explosive device planted on a motorcycle went off near a market in {place} on {weekday}, "
    "killing {n} civilians, hospital officials said.",
    "Security forces clashed with militants in the hills outside {place} on {weekday}; {n} militants died in "
    "the exchange of fire, the military said.",
    "Several hundred teachers rallied outside the press club in {place} on {weekday} to demand unpaid "
    "salaries; the gathering ended peacefully, organisers said.",
    "Police arrested {n} members of a banned outfit in a raid in {place} on {weekday}, the counter-terrorism "
    "department said.",
)


@dataclass(frozen=True)
class Corpus:
    """``n`` articles, all published in March 2026; some pairs report one incident (and fuse)."""

    articles: tuple[Article, ...]

    @classmethod
    def make(cls, n: int, *, seed: int = 0) -> Corpus:
        out = []
        first = dt.date(2026, 3, 2)
        for i in range(n):
            day = first + dt.timedelta(days=(i * 3 + seed) % 19)
            template = _STORIES[(i + seed) % len(_STORIES)]
            text = template.format(
                place=_PLACES[(i // 2 + seed) % len(_PLACES)], n=_COUNTS[i % len(_COUNTS)], weekday=day.strftime("%A")
            )
            out.append(
                Article(
                    id=f"kill-{seed}-{i:04d}",
                    text=f"{text} (Dispatch {i} of round {seed}.)",
                    published=day + dt.timedelta(days=1),
                    source=f"Wire {i % 3}",
                    title=f"Dispatch {i}",
                )
            )
        return cls(tuple(out))

    @property
    def ids(self) -> list[str]:
        return [a.id for a in self.articles]


def write_corpus(corpus: Corpus, path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for a in corpus.articles:
            fh.write(
                json.dumps(
                    {
                        "id": a.id,
                        "text": a.text,
                        "published": a.published.isoformat(),
                        "source": a.source,
                        "title": a.title,
                    }
                )
                + "\n"
            )
    return path


# --- a feed server on loopback for `sitrep watch` ---------------------------------------------------


class FeedServer:
    """Serves ``/feed.xml`` (RSS 2.0, one item per article, ETag ``"v1"`` honoured with 304) and one
    HTML page per article at ``/story/<id>.html``; ``/robots.txt`` allows everything."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def feed_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/feed.xml"

    def article_ids(self) -> list[str]:
        """The ids ``sitrep watch`` gives the feed's stories (a hash of each link)."""
        return [item.article_id for item in parse_feed(self.feed(), url=self.feed_url)]

    def page_url(self, article: Article) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/story/{article.id}.html"

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>{html.escape(a.title)}</title><link>{self.page_url(a)}</link>"
            f"<guid>{self.page_url(a)}</guid><description>{html.escape(a.text)}</description>"
            f"<pubDate>{format_datetime(dt.datetime.combine(a.published, dt.time(6), dt.UTC))}</pubDate></item>"
            for a in self.corpus.articles
        )
        return (
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Kill test wire</title>'
            f"<link>http://127.0.0.1/</link><description>test</description>{items}</channel></rss>"
        ).encode()

    def page(self, article_id: str) -> bytes | None:
        for a in self.corpus.articles:
            if a.id == article_id:
                paragraphs = "".join(f"<p>{html.escape(s.strip())}.</p>" for s in a.text.split(".") if s.strip())
                return (
                    f"<!doctype html><html><head><title>{html.escape(a.title)}</title></head><body>"
                    f"<nav>Home | World | Region</nav><article><h1>{html.escape(a.title)}</h1>{paragraphs}"
                    f"</article><footer>Kill test wire</footer></body></html>"
                ).encode()
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                status, body, kind, headers = 404, b"not found", "text/plain", {}
                if self.path == "/robots.txt":
                    status, body = 200, b"User-agent: *\nAllow: /\n"
                elif self.path == "/feed.xml":
                    if self.headers.get("If-None-Match") == '"v1"':
                        status, body = 304, b""
                    else:
                        status, body, kind, headers = 200, server.feed(), "application/rss+xml", {"ETag": '"v1"'}
                elif self.path.startswith("/story/") and self.path.endswith(".html"):
                    page = server.page(self.path[len("/story/") : -len(".html")])
                    if page is not None:
                        status, body, kind = 200, page, "text/html; charset=utf-8"
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


# --- references: the same work, uninterrupted, in this process -------------------------------------


@dataclass(frozen=True)
class Reference:
    """What an uninterrupted run stores: each article, its report count, and the fused events."""

    articles: dict[str, Article]
    reports: Counter[str]
    events: list[Event]

    @classmethod
    def of_store(cls, store: Store, ids: Sequence[str]) -> Reference:
        articles = {i: a for i in ids if (a := store.article(i)) is not None}
        events = sorted(store.events(), key=lambda e: e.event_id)
        reports: Counter[str] = Counter(s.article_id for e in events for s in store.sources(e.event_id))
        return cls(articles, reports, events)


def ingest_reference(corpus_file: Path, ids: Sequence[str], url: str, pipeline: Pipeline) -> Reference:
    with Store(url) as store:
        ingest_articles(store, read_articles([str(corpus_file)]), engine=Engine(pipeline))
        return Reference.of_store(store, ids)


def watch_reference(feed_url: str, ids: Sequence[str], url: str, pipeline: Pipeline) -> Reference:
    with Store(url) as store:
        watcher = Watcher(store, fetcher=Fetcher(FetchPolicy(allow_private=True, retries=0)), pipeline=pipeline)
        watcher.poll(feed_url)
        return Reference.of_store(store, ids)


def batch_reference(corpus_file: Path, out: Path) -> list[Event]:
    run_batch([str(corpus_file)], out, workers=1)
    return list(read_events(out))


# --- the checks ---------------------------------------------------------------------------------------


def check_partial(url: str, ref: Reference, ids: Sequence[str]) -> int:
    """After a kill: every stored article complete and single; returns how many are stored."""
    with Store(url) as store:
        stored = {i: a for i in ids if (a := store.article(i)) is not None}
        if store.article_count() != len(stored):
            raise KillCheckFailed(f"{store.article_count()} articles stored, {len(stored)} of them from the corpus")
        for article_id, article in stored.items():
            if article != ref.articles.get(article_id):
                raise KillCheckFailed(f"article {article_id} differs from the reference (half-written?)")
        reports = Counter(s.article_id for e in store.events() for s in store.sources(e.event_id))
        expected = Counter({i: ref.reports[i] for i in stored if ref.reports[i]})
        if reports != expected:
            wrong = sorted(i for i in set(reports) | set(expected) if reports[i] != expected[i])
            raise KillCheckFailed(
                f"reports per article differ from the reference for {wrong[:5]} "
                f"(stored {[reports[i] for i in wrong[:5]]}, expected "
                f"{[expected[i] for i in wrong[:5]]})"
            )
        if store.report_count() != sum(expected.values()):
            raise KillCheckFailed(f"{store.report_count()} reports stored, {sum(expected.values())} expected")
        return len(stored)


def check_final(url: str, ref: Reference, ids: Sequence[str]) -> None:
    """After a round: the store equals the uninterrupted reference."""
    if check_partial(url, ref, ids) != len(ref.articles):
        raise KillCheckFailed("articles are missing at the end of the round")
    with Store(url) as store:
        events = sorted(store.events(), key=lambda e: e.event_id)
    if events != ref.events:
        lost = {e.event_id for e in ref.events} - {e.event_id for e in events}
        extra = {e.event_id for e in events} - {e.event_id for e in ref.events}
        raise KillCheckFailed(
            f"events differ from the reference: {len(events)} vs {len(ref.events)}, "
            f"lost {sorted(lost)[:3]}, extra {sorted(extra)[:3]}"
        )


def check_batch_output(out: Path, ref: list[Event]) -> bool:
    """After a kill: ``out`` is absent or complete. True when it is there (a finished run's)."""
    if not out.exists():
        return False
    try:
        events = list(read_events(out))
    except Exception as exc:  # a cut-off Parquet footer or JSON line: that is the finding
        raise KillCheckFailed(f"{out.name} is unreadable after the kill: {type(exc).__name__}: {exc}") from exc
    if events != ref:
        raise KillCheckFailed(f"{out.name} holds {len(events)} events after the kill, the reference {len(ref)}")
    return True


# --- running and killing ------------------------------------------------------------------------------


@dataclass
class KillStats:
    """Counts for one command on one back end."""

    kills: int = 0
    runs: int = 0
    rounds: int = 0
    checks: int = 0
    stored_at_kill: list[int] = field(default_factory=list)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}


@contextmanager
def _started(command: list[str]) -> Iterator[subprocess.Popen[bytes]]:
    child = subprocess.Popen(
        command, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        yield child
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=60)
        if child.stderr is not None:
            child.stderr.close()


def _kill(child: subprocess.Popen[bytes], stats: KillStats) -> bool:
    """SIGKILL the child if it still runs; True when it died of it."""
    if child.poll() is not None:
        return False
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=60)
    if child.returncode == -signal.SIGKILL:
        stats.kills += 1
        return True
    return False


def _finished(child: subprocess.Popen[bytes], what: str) -> None:
    if child.returncode != 0:
        detail = child.stderr.read().decode(errors="replace")[-2000:] if child.stderr else ""
        raise RuntimeError(f"{what} failed ({child.returncode}):\n{detail}")


def store_round(
    command: list[str],
    url: str,
    ref: Reference,
    ids: Sequence[str],
    rng: random.Random,
    stats: KillStats,
    *,
    max_kills: int,
    timeout_s: float = 900,
) -> None:
    """Kill ``command`` (which fills the store at ``url``) up to ``max_kills`` times at random
    progress points, checking after each kill; then let it finish and check the end state."""
    stats.rounds += 1
    deadline = time.monotonic() + timeout_s
    kills_this_round = 0
    while True:
        with Store(url) as store:
            before = store.article_count()
        remaining = len(ids) - before
        kill = kills_this_round < max_kills and remaining > 1
        # Kill after a random number of further articles (0: while it starts or reads the first
        # one), then a random few milliseconds later: inside coding, inside a transaction, or between.
        target = before + rng.randint(0, max(1, remaining // 2))
        pause = rng.uniform(0, 0.25)
        stats.runs += 1
        with _started(command) as child:
            if kill:
                # one store for the whole watch: opening one per look (an engine and a migration
                # check each) made a look on PostgreSQL slower than coding a short article, so a
                # fast child could finish between two looks and never be killed
                with Store(url) as store:
                    while child.poll() is None and time.monotonic() < deadline:
                        if store.article_count() >= target:
                            break
                        time.sleep(0.03)
                time.sleep(pause)
                if _kill(child, stats):
                    kills_this_round += 1
                    stats.stored_at_kill.append(check_partial(url, ref, ids))
                    stats.checks += 1
                    continue
            child.wait(timeout=max(1.0, deadline - time.monotonic()))
            _finished(child, " ".join(command[2:4]))
        check_final(url, ref, ids)
        stats.checks += 1
        return


def batch_round(
    command: list[str],
    out: Path,
    ref: list[Event],
    rng: random.Random,
    stats: KillStats,
    *,
    max_kills: int,
    run_seconds: float,
    timeout_s: float = 900,
) -> None:
    """Kill ``sitrep batch`` up to ``max_kills`` times at random moments (up to ``run_seconds``
    after its output folder changes), checking the output after each; then let it finish."""
    stats.rounds += 1
    out.unlink(missing_ok=True)
    for _ in range(max_kills):
        stats.runs += 1
        with _started(command) as child:
            listing = _listing(out.parent)
            waited = time.monotonic() + timeout_s
            while child.poll() is None and _listing(out.parent) == listing and time.monotonic() < waited:
                time.sleep(0.02)  # the sink opens its file when coding starts
            time.sleep(rng.uniform(0, run_seconds))
            if _kill(child, stats):
                check_batch_output(out, ref)
                stats.checks += 1
                stats.stored_at_kill.append(0)
    stats.runs += 1
    with _started(command) as child:
        child.wait(timeout=timeout_s)
        _finished(child, "sitrep batch")
    if not check_batch_output(out, ref):
        raise KillCheckFailed(f"{out.name} is missing after a finished run")
    stats.checks += 1


def _listing(folder: Path) -> set[tuple[str, int, int]]:
    found = set()
    for path in folder.iterdir():
        try:
            info = path.stat()
        except FileNotFoundError:  # renamed away while we looked
            continue
        found.add((path.name, info.st_size, info.st_mtime_ns))
    return found


def ingest_command(corpus_file: Path, url: str) -> list[str]:
    return [*SITREP, "ingest", str(corpus_file), "--db", url, "--no-progress"]


def watch_command(feed_url: str, url: str) -> list[str]:
    return [*SITREP, "watch", feed_url, "--db", url, "--once", "--allow-private"]


def batch_command(corpus_file: Path, out: Path) -> list[str]:
    return [*SITREP, "batch", str(corpus_file), "--out", str(out), "--workers", "1", "--no-progress"]
