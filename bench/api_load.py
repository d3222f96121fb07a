"""Load test of `sitrep serve`: GET /events with filters, a page of 100, on a store of ≥ 50,000 events.

    .venv/bin/python bench/api_load.py                          # 50,000 events, 2,000 requests, 4 clients
    .venv/bin/python bench/api_load.py --requests 5000 --concurrency 8
    .venv/bin/python bench/api_load.py --db postgresql://postgres@127.0.0.1:5432/bench
    .venv/bin/python bench/api_load.py --strict                 # exit 1 when p95 misses the target
    .venv/bin/python bench/api_load.py --db postgresql://postgres@127.0.0.1:5432/bench \
        --fill-from bench/out/api_load-50000.db                 # PostgreSQL, events copied from the SQLite store

**The store.** Coding 50,000 real articles would take hours on two cores and measure the coder, not
the API. So the script synthesises one coded article per event (``pipeline.Coded``: an article
and its one event, with place, actors, type, figures, notes and evidence drawn from small tables
by a seeded random generator) and stores them with ``Store.ingest_coded``: the store's own
dedup, fusion and revision path, one transaction per article, exactly as ingest writes real
results. Synthetic events of one district share its name as their location, so fusion merges
those a day apart into one incident (about a fifth of them at this density), and the script
synthesises until the store holds ``--events``. The store is kept in ``bench/out/`` and reused by
later runs (building it is the slow part, printed separately).

``--fill-from`` copies the ``events`` rows of such a SQLite store into the store at ``--db`` (an
empty one) instead: the read load needs only the events, and copying 50,000 takes seconds where
ingesting them into PostgreSQL takes a quarter of an hour.

**The load.** The server runs as its own process (``python -m sitrep serve --db ...``) on a free
port of 127.0.0.1; this process is the client: ``--concurrency`` threads with one keep-alive
``httpx.Client`` each send ``--requests`` requests (after 50 warm-up requests) drawn from a fixed
mix of filters, every one ``limit=100``. It prints requests/s, p50/p95/p99 latency overall and
per kind of query, and the error count (any status other than 200). Target: p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import httpx

from sitrep.model import Article, Coded, Event, Evidence, GeoPrecision, TimePrecision
from sitrep.store import Store

OUT = Path(__file__).resolve().parent / "out"
TARGET_P95_MS = 100.0
DAY0 = dt.date(2023, 1, 1)
DAYS = 1000

# (country, iso, admin1, [(admin2, lat, lon)]) — real places, so bbox and admin filters mean something
PLACES = [
    (
        "Pakistan",
        586,
        "Balochistan",
        [
            ("Quetta", 30.18, 67.00),
            ("Kech", 26.00, 63.05),
            ("Gwadar", 25.12, 62.33),
            ("Mastung", 29.80, 66.85),
            ("Khuzdar", 27.80, 66.61),
            ("Panjgur", 26.97, 64.09),
        ],
    ),
    (
        "Pakistan",
        586,
        "Khyber Pakhtunkhwa",
        [
            ("Peshawar", 34.01, 71.58),
            ("Bannu", 32.99, 70.60),
            ("Lakki Marwat", 32.61, 70.91),
            ("Kurram", 33.83, 70.10),
            ("North Waziristan", 32.95, 70.10),
        ],
    ),
    ("Pakistan", 586, "Sindh", [("Karachi", 24.86, 67.01), ("Hyderabad", 25.39, 68.37), ("Sukkur", 27.70, 68.86)]),
    ("Pakistan", 586, "Punjab", [("Lahore", 31.55, 74.34), ("Multan", 30.20, 71.47), ("Rawalpindi", 33.60, 73.04)]),
    ("Afghanistan", 4, "Kandahar", [("Kandahar", 31.61, 65.71), ("Spin Boldak", 31.00, 66.40)]),
    ("Afghanistan", 4, "Nangarhar", [("Jalalabad", 34.43, 70.45), ("Achin", 34.13, 70.70)]),
    ("Afghanistan", 4, "Kabul", [("Kabul", 34.53, 69.17)]),
    ("Afghanistan", 4, "Herat", [("Herat", 34.35, 62.20)]),
    ("India", 356, "Chhattisgarh", [("Bijapur", 18.79, 80.82), ("Sukma", 18.39, 81.66), ("Dantewada", 18.90, 81.35)]),
    ("India", 356, "Jammu and Kashmir", [("Srinagar", 34.08, 74.80), ("Poonch", 33.77, 74.09)]),
    ("India", 356, "Manipur", [("Imphal West", 24.81, 93.94), ("Churachandpur", 24.33, 93.68)]),
]
TYPES = [
    ("Political violence", "Battles", "Armed clash"),
    ("Political violence", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Political violence", "Explosions/Remote violence", "Grenade"),
    ("Political violence", "Violence against civilians", "Attack"),
    ("Demonstrations", "Protests", "Peaceful protest"),
    ("Demonstrations", "Riots", "Mob violence"),
    ("Strategic developments", "Strategic developments", "Arrests"),
]
ACTORS = {
    "Pakistan": [
        "Military Forces of Pakistan (2022-)",
        "Police Forces of Pakistan (2022-)",
        "BLA: Baloch Liberation Army",
        "TTP: Tehreek-i-Taliban Pakistan",
        "Protesters (Pakistan)",
    ],
    "Afghanistan": [
        "Military Forces of Afghanistan (2021-)",
        "NRF: National Resistance Front",
        "IS: Islamic State (Khorasan Province)",
        "Protesters (Afghanistan)",
    ],
    "India": [
        "Military Forces of India (2014-)",
        "Police Forces of India (2014-)",
        "CPI (Maoist): Communist Party of India (Maoist)",
        "Protesters (India)",
    ],
}


def synthesise(n: int, *, seed: int, start: int = 0) -> Iterator[Coded]:
    """``n`` coded articles of one event each, reproducible from ``seed``."""
    rng = random.Random(seed)
    for i in range(start, start + n):
        country, iso, admin1, districts = rng.choice(PLACES)
        admin2, lat, lon = rng.choice(districts)
        lat, lon = round(lat + rng.uniform(-0.4, 0.4), 5), round(lon + rng.uniform(-0.4, 0.4), 5)
        disorder, event_type, sub_event_type = rng.choice(TYPES)
        actor1, actor2 = rng.sample(ACTORS[country], 2)
        day = DAY0 + dt.timedelta(days=rng.randrange(DAYS))
        dead = rng.choice([0, 0, 0, 1, 2, 3, 5, 8, 13]) if disorder == "Political violence" else 0
        text = (
            f"{actor1} and {actor2} were involved in an incident near {admin2} in {admin1} on "
            f"{day:%d %B %Y}; {dead} people were killed, officials said (synthetic report {i})."
        )
        article_id = f"syn-{i}"
        place = Evidence(
            article_id=article_id, start=text.index(admin2), end=text.index(admin2) + len(admin2), text=admin2
        )
        event = Event(
            event_id=f"syn-ev-{i}",
            article_ids=(article_id,),
            event_date=day,
            time_precision=TimePrecision.DAY,
            disorder_type=disorder,
            event_type=event_type,
            sub_event_type=sub_event_type,
            actor1=actor1,
            actor2=actor2,
            inter1=1,
            inter2=2,
            interaction=12,
            iso=iso,
            country=country,
            admin1=admin1,
            admin2=admin2,
            location=admin2,
            latitude=lat,
            longitude=lon,
            geo_precision=GeoPrecision.NEAR,
            fatalities=dead,
            fatalities_low=dead,
            fatalities_best=dead,
            fatalities_high=dead,
            source="Synthetic Wire",
            notes=text,
            evidence={"location": (place,)},
            confidence=0.8,
        )
        article = Article(
            id=article_id,
            text=text,
            published=day + dt.timedelta(days=1),
            title=f"Report {i}",
            source="Synthetic Wire",
            url=f"https://example.org/syn/{i}",
        )
        yield Coded(article, (event,), ())


def build_store(url: str, events: int) -> tuple[int, int, float]:
    """Fill the store at ``url`` until it holds ``events``; returns (events, articles, seconds spent)."""
    started = time.perf_counter()
    with Store(url) as store:
        made = store.article_count()
        while store.count() < events:
            batch = max(1000, int((events - store.count()) * 1.02))
            print(f"  synthesising {batch:,} articles (store holds {store.count():,} events)...", flush=True)
            store.ingest_coded(synthesise(batch, seed=made, start=made))
            made += batch
        return store.count(), store.article_count(), time.perf_counter() - started


def copy_events(url: str, source: Path) -> tuple[int, float]:
    """Copy the events rows of the SQLite store ``source`` into the (empty) store at ``url``."""
    import json
    import sqlite3

    from sqlalchemy import insert, text

    from sitrep.store.tables import EventRow

    started = time.perf_counter()
    columns = [c.name for c in EventRow.__table__.columns]
    with Store(url) as store, sqlite3.connect(source) as src:
        if store.count():
            raise SystemExit(f"--fill-from: the store at {url} already holds events")
        cursor = src.execute(f"SELECT {', '.join(columns)} FROM events")
        with store.engine.begin() as conn:
            while rows := cursor.fetchmany(2000):
                batch = [dict(zip(columns, r, strict=True)) for r in rows]
                for row in batch:
                    row["event_date"] = dt.date.fromisoformat(row["event_date"])
                    row["updated_at"] = dt.datetime.fromisoformat(row["updated_at"])
                    row["record"] = json.loads(row["record"])
                conn.execute(insert(EventRow), batch)
        with store.engine.begin() as conn:
            conn.execute(text("ANALYZE events"))  # as the store's own ingest keeps them (or autovacuum)
        return store.count(), time.perf_counter() - started


def request_mix(rng: random.Random) -> tuple[str, dict[str, str | int]]:
    """One GET /events query of a fixed mix, always a page of 100."""
    country, _, admin1, districts = rng.choice(PLACES)
    _, event_type, _ = rng.choice(TYPES)
    start = DAY0 + dt.timedelta(days=rng.randrange(DAYS - 90))
    kind = rng.choice(["admin1", "type+dates", "country+deaths", "actor", "bbox", "admin2+order", "text", "page"])
    params: dict[str, str | int] = {"limit": 100}
    if kind == "admin1":
        params["admin1"] = admin1
    elif kind == "type+dates":
        params.update(event_type=event_type, start=start.isoformat(), end=(start + dt.timedelta(days=90)).isoformat())
    elif kind == "country+deaths":
        params.update(country=country, min_fatalities=5)
    elif kind == "actor":
        params["actor"] = rng.choice(["baloch", "taliban", "maoist", "police", "national resistance"])
    elif kind == "bbox":
        _, lat, lon = rng.choice(districts)
        params["bbox"] = f"{lon - 1:.2f},{lat - 1:.2f},{lon + 1:.2f},{lat + 1:.2f}"
    elif kind == "admin2+order":
        params.update(admin1=admin1, admin2=rng.choice(districts)[0], order="-fatalities")
    elif kind == "text":
        params["text"] = rng.choice(["officials said", "gwadar", "kabul", "synthetic report 12"])
    else:
        params.update(offset=rng.randrange(0, 2000), order=rng.choice(["event_date", "-event_date", "event_id"]))
    return kind, params


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(url: str) -> tuple[subprocess.Popen[bytes], str]:
    """``python -m sitrep serve`` on a free loopback port, with this process's environment."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "sitrep", "serve", "--db", url, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=5).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


def run_load(base: str, requests: int, concurrency: int, seed: int) -> bool:
    """Send the requests, print the figures; True when the target is met with no error."""
    rng = random.Random(seed)
    plan = [request_mix(rng) for _ in range(requests)]
    with httpx.Client(base_url=base, timeout=60) as warm:
        for _, params in [request_mix(rng) for _ in range(50)]:
            warm.get("/events", params=params)
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()
    cursor = iter(range(requests))

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            while True:
                with lock:
                    i = next(cursor, None)
                if i is None:
                    return
                kind, params = plan[i]
                t = time.perf_counter()
                response = client.get("/events", params=params)
                response.read()
                elapsed = (time.perf_counter() - t) * 1000
                with lock:
                    latencies[kind].append(elapsed)
                    if response.status_code != 200:
                        errors.append(f"{response.status_code} {params}")

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    every = [v for values in latencies.values() for v in values]
    p95 = percentile(every, 95)
    print(f"\nGET /events?...&limit=100: {len(every):,} requests, {concurrency} clients, {wall:.1f} s")
    print(f"  requests/s {len(every) / wall:8.1f}")
    print(
        f"  latency ms p50 {percentile(every, 50):6.1f}   p95 {p95:6.1f}   p99 {percentile(every, 99):6.1f}   "
        f"mean {statistics.fmean(every):6.1f}   max {max(every):6.1f}"
    )
    print(f"  errors     {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print("  by kind of query:        n    p50    p95    p99")
    for kind in sorted(latencies):
        values = latencies[kind]
        print(
            f"    {kind:<18} {len(values):6d} {percentile(values, 50):6.1f} {percentile(values, 95):6.1f} "
            f"{percentile(values, 99):6.1f}"
        )
    verdict = "PASS" if p95 < TARGET_P95_MS and not errors else "FAIL"
    print(f"  target p95 < {TARGET_P95_MS:.0f} ms and 0 errors: {verdict}")
    return verdict == "PASS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=50_000, help="events the store must hold (default 50,000)")
    parser.add_argument("--requests", type=int, default=2000, help="timed requests (default 2,000)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--db", default="", help="store URL (default: bench/out/api_load-<events>.db, reused)")
    parser.add_argument(
        "--fill-from",
        type=Path,
        default=None,
        help="copy the events of this SQLite store (one this script built) instead of synthesising",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    url = args.db or f"sqlite:///{OUT / f'api_load-{args.events}.db'}"
    print(f"store: {url}")
    if args.fill_from is not None:
        count, seconds = copy_events(url, args.fill_from)
        print(f"store holds {count:,} events copied from {args.fill_from} in {seconds:.1f} s")
    else:
        count, articles, seconds = build_store(url, args.events)
        print(f"store holds {count:,} events from {articles:,} articles (filled or checked in {seconds:.1f} s)")
    process, base = start_server(url)
    try:
        passed = run_load(base, args.requests, args.concurrency, args.seed)
    finally:
        process.terminate()
        process.wait(timeout=20)
    if args.strict and not passed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
