"""Event store benchmark: ingest a synthetic corpus of short wire reports into SQLite and PostgreSQL.

    python bench/ingest.py                          # 20,000 articles, --workers 2, both back ends
    python bench/ingest.py --articles 2000          # a quick look
    python bench/ingest.py --pg postgresql://u@h/db # an existing PostgreSQL database (else a throwaway server)

What it does, and prints:

1. **corpus**: ``--articles`` short reports from templates (12 kinds of incident, 40 towns in
   Pakistan and Afghanistan, a year of days); about a third of incidents are told by 2-3 outlets
   with differing figures, so fusion has work to do. Seeded: the same corpus on every run.
2. **extraction**: codes every article once with the real pipeline (``--workers`` processes) and
   streams the results to a JSON Lines cache: articles/s and per-article events coded.
3. **store**, per back end: streams the cache through ``Store.ingest_coded`` into a fresh
   database (one transaction per article: dedup, fusion, revisions): articles/s, report rows/s
   and fused events in the end; resident memory after 5,000 articles and at the end (flat memory
   means the two agree); then **articles/s including extraction** = articles / (extraction
   seconds + store seconds).
4. **queries**: median of 5 runs of filtered exports (``iter_events`` written as ACLED CSV) and
   counts, with the number of events each returns.

The machine's load average is printed first: on a shared machine read the figures next to it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from corpus import parse_every_article

from sitrep.codec import event_from_dict, event_to_dict
from sitrep.engine import Engine
from sitrep.export import AcledCsvWriter
from sitrep.model import Article, Coded
from sitrep.pipeline import Pipeline
from sitrep.store import EventQuery, Store

REPO = Path(__file__).resolve().parents[1]
CHECKPOINT = 5_000

TOWNS_PK = (
    "Kulachi",
    "Tank",
    "Bannu",
    "Lakki Marwat",
    "Kohat",
    "Hangu",
    "Karak",
    "Parachinar",
    "Peshawar",
    "Quetta",
    "Turbat",
    "Gwadar",
    "Khuzdar",
    "Mardan",
    "Mingora",
    "Miranshah",
    "Wana",
    "Chitral",
    "Zhob",
    "Charsadda",
    "Nowshera",
    "Mastung",
    "Sibi",
    "Kalat",
    "Panjgur",
)
TOWNS_AF = (
    "Kandahar",
    "Kunduz",
    "Herat",
    "Jalalabad",
    "Ghazni",
    "Lashkar Gah",
    "Khost",
    "Maidan Shahr",
    "Pul-e Khumri",
    "Faizabad",
    "Gardez",
    "Asadabad",
    "Tarinkot",
    "Farah",
    "Sheberghan",
)
NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# (country, template): {town}, {day}, {n}
TEMPLATES: tuple[tuple[str, str], ...] = (
    (
        "PK",
        "Militants of the Tehreek-i-Taliban Pakistan attacked a police checkpoint in {town} on {day}, "
        "killing {n} policemen, officials said.",
    ),
    ("PK", "Gunmen of Lashkar-e-Jhangvi shot dead {n} shopkeepers in {town} on {day}, police said."),
    ("PK", "A roadside bomb struck a police van in {town} on {day}, killing {n} officers, a spokesman said."),
    ("PK", "Hundreds of traders protested peacefully in {town} on {day} against power cuts, organisers said."),
    ("PK", "Police arrested {n} suspected militants in a raid in {town} on {day}, officials said."),
    ("PK", "Unidentified men hurled a grenade at a shop in {town} on {day}, wounding {n} people, police said."),
    ("PK", "Gunmen abducted {n} construction workers from a site near {town} on {day}, officials said."),
    (
        "AF",
        "Taliban fighters clashed with security forces in {town} on {day}; {n} fighters were killed, "
        "the provincial governor said.",
    ),
    ("AF", "A drone strike hit a compound in {town} district on {day}, killing {n} militants, officials said."),
    ("AF", "A suicide bomber blew himself up near a mosque in {town} on {day}, killing {n} worshippers."),
    ("AF", "Students marched through {town} on {day} demanding the reopening of schools, witnesses said."),
    ("AF", "Islamic State militants attacked a Taliban checkpoint in {town} on {day}, killing {n} guards."),
)
OUTLETS = ("Frontier Wire", "Indus Daily", "Radio Derajat", "Kabul Desk", "Eastern Courier", "Valley Times")


def synthetic_corpus(n: int, *, seed: int = 20260302) -> Iterator[Article]:
    """``n`` short reports: incidents drawn from the templates, towns and a year of days; some
    incidents are told by two or three outlets, with figures that differ by one or two."""
    rng = random.Random(seed)
    start = dt.date(2025, 1, 1)
    made = 0
    while made < n:
        country, template = rng.choice(TEMPLATES)
        town = rng.choice(TOWNS_PK if country == "PK" else TOWNS_AF)
        happened = start + dt.timedelta(days=rng.randrange(365))
        figure = rng.randrange(len(NUMBERS) - 2)
        for k in range(rng.choice((1, 1, 1, 2, 3))):
            if made >= n:
                return
            text = template.format(
                town=town, day=WEEKDAYS[happened.weekday()], n=NUMBERS[min(figure + rng.randrange(3), len(NUMBERS) - 1)]
            )
            made += 1
            yield Article(
                id=f"bench-{made:06d}",
                text=f"{text} (Dispatch {made}, update {k + 1}.)",
                published=happened + dt.timedelta(days=1 + k),
                source=rng.choice(OUTLETS),
            )


def rss_mb() -> float:
    """Current resident memory of this process (VmRSS), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def extract(n: int, workers: int, cache: Path) -> dict[str, Any]:
    """Code the corpus once, streaming results to ``cache``; time and counts."""
    engine = Engine(Pipeline(), workers=workers)
    events = 0
    t0 = time.perf_counter()
    with cache.open("w", encoding="utf-8") as fh:
        for coded in engine.run(synthetic_corpus(n)):
            a = coded.article
            fh.write(
                json.dumps(
                    {
                        "id": a.id,
                        "text": a.text,
                        "published": a.published.isoformat(),
                        "source": a.source,
                        "events": [event_to_dict(e) for e in coded.events],
                    }
                )
                + "\n"
            )
            events += len(coded.events)
    seconds = time.perf_counter() - t0
    return {"articles": n, "events": events, "seconds": seconds, "per_s": n / seconds}


def read_cache(cache: Path, marks: dict[int, float]) -> Iterator[Coded]:
    """The coded articles back from the cache, one at a time; records RSS every CHECKPOINT articles."""
    with cache.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            row = json.loads(line)
            article = Article(
                id=row["id"], text=row["text"], published=dt.date.fromisoformat(row["published"]), source=row["source"]
            )
            yield Coded(article, tuple(event_from_dict(e) for e in row["events"]), ())
            if i % CHECKPOINT == 0:
                marks[i] = rss_mb()


def median_seconds(run: Callable[[], int], repeat: int = 5) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        size = run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), size


def export_csv(store: Store, query: EventQuery) -> int:
    writer = AcledCsvWriter(io.StringIO())
    with writer:
        for event in store.iter_events(query):
            writer.write(event)
    return writer.count


QUERIES: dict[str, EventQuery] = {
    "export: Pakistan, Q2, Battles": EventQuery(
        country="Pakistan", start=dt.date(2025, 4, 1), end=dt.date(2025, 6, 30), event_type="Battles"
    ),
    "export: bbox + min_fatalities 5": EventQuery(bbox=(69.0, 30.0, 72.0, 34.0), min_fatalities=5),
    "export: actor 'jhangvi', one month": EventQuery(
        actor="jhangvi", start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31)
    ),
    "export: text 'checkpoint'": EventQuery(text="checkpoint"),
}


def store_run(url: str, cache: Path, extraction: dict[str, Any]) -> dict[str, Any]:
    marks: dict[int, float] = {}
    with Store(url) as store:
        start_rss = rss_mb()
        t0 = time.perf_counter()
        report = store.ingest_coded(read_cache(cache, marks))
        seconds = time.perf_counter() - t0
        end_rss = rss_mb()
        fused = store.count()
        reports = store.report_count()
        queries = {name: median_seconds(lambda q=q: export_csv(store, q)) for name, q in QUERIES.items()}
        queries["count: Pakistan, Q2, Battles"] = median_seconds(
            lambda: store.count(QUERIES["export: Pakistan, Q2, Battles"])
        )
        queries["page: 50 newest"] = median_seconds(lambda: len(store.events(limit=50)))
    n = report.articles_read
    return {
        "articles": n,
        "seconds": seconds,
        "articles_per_s": n / seconds,
        "reports_per_s": reports / seconds,
        "fused": fused,
        "reports": reports,
        "created": report.events_created,
        "updated": report.events_updated,
        "with_extraction_per_s": n / (seconds + extraction["seconds"]),
        "rss_start": start_rss,
        "rss_marks": marks,
        "rss_end": end_rss,
        "queries": queries,
    }


def postgres(url: str | None) -> tuple[str, Callable[[], None]]:
    """A fresh database: on the given server, or on a throwaway PostgreSQL 15 (tests/store/pg_server.py)."""
    import psycopg

    stop: Callable[[], None] = lambda: None  # noqa: E731
    if url is None:
        sys.path.insert(0, str(REPO))
        from tests.store.pg_server import PostgresServer

        server = PostgresServer()
        url = server.start()
        stop = server.stop
    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + f"/{name}", stop


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg", help="PostgreSQL server URL (default: start a throwaway one)")
    parser.add_argument(
        "--cache",
        type=Path,
        help="keep the coded corpus here (JSON Lines, with PATH.json "
        "holding the extraction figures); when both exist, reuse them instead of coding again",
    )
    args = parser.parse_args(argv)
    parse_every_article()
    print(
        f"sitrep store benchmark: {args.articles:,} synthetic articles, workers={args.workers}, "
        f"cores={os.cpu_count()}, load average at start {os.getloadavg()[0]:.1f}"
    )
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as tmp:
        cache = args.cache or Path(tmp) / "coded.jsonl"
        figures = cache.with_name(cache.name + ".json")
        if cache.exists() and figures.exists():
            ext = json.loads(figures.read_text())
            print(
                f"\nextraction (reused from {cache}, measured {ext['measured']} at load {ext['load']:.1f}): "
                f"{ext['articles']:,} articles in {ext['seconds']:.1f} s = {ext['per_s']:.1f} articles/s; "
                f"{ext['events']:,} per-article events"
            )
        else:
            ext = extract(args.articles, args.workers, cache)
            ext.update(measured=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%MZ"), load=os.getloadavg()[0])
            figures.write_text(json.dumps(ext))
            print(
                f"\nextraction: {ext['articles']:,} articles in {ext['seconds']:.1f} s = {ext['per_s']:.1f} "
                f"articles/s; {ext['events']:,} per-article events"
            )
            print(
                f"  peak RSS: this process {peak_mb():.0f} MB, "
                f"largest worker {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB"
            )
        for backend in args.backends.split(","):
            stop: Callable[[], None] = lambda: None  # noqa: E731
            if backend == "sqlite":
                url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            else:
                url, stop = postgres(args.pg)
            try:
                r = store_run(url, cache, ext)
            finally:
                stop()
            marks = ", ".join(f"after {k:,}: {v:.0f} MB" for k, v in sorted(r["rss_marks"].items()))
            print(
                f"\n{backend}: {r['articles']:,} articles stored in {r['seconds']:.1f} s = "
                f"{r['articles_per_s']:.0f} articles/s, {r['reports_per_s']:.0f} per-article events/s written "
                f"({r['reports']:,} reports -> {r['fused']:,} fused events; {r['created']:,} created, "
                f"{r['updated']:,} updates)"
            )
            print(f"  including extraction: {r['with_extraction_per_s']:.1f} articles/s")
            print(
                f"  RSS while storing: start {r['rss_start']:.0f} MB, {marks}, end {r['rss_end']:.0f} MB; "
                f"peak of this process so far {peak_mb():.0f} MB"
            )
            for name, (seconds, size) in r["queries"].items():
                print(f"  {name:<36} {seconds * 1000:8.1f} ms  ({size:,} {'events' if 'count' not in name else ''})")


if __name__ == "__main__":
    main()
