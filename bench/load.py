"""Mixed load on `sitrep serve`: filtered pages, filtered CSV/GeoJSON exports and ingests, on ≥ 100,000 events.

    .venv/bin/python bench/load.py                         # 100,000 events, 2,000 requests, 2 clients
    .venv/bin/python bench/load.py --requests 500 --events 20000   # a quick look
    .venv/bin/python bench/load.py --editors               # analysts edit and confirm during the load
    .venv/bin/python bench/load.py --db postgresql://postgres@127.0.0.1:5432/load

**The store** is filled with bench/api_load.py's synthetic coded articles (through
``Store.ingest_coded``: the store's own dedup, fusion and revision path) until it holds
``--events``; it is kept in ``bench/out/load-<events>.db`` and reused by later runs. That takes about
an hour for 100,000 events on a busy two-core machine; ``--fill-first N`` writes N events that way
and then copies the stored rows under new ids with SQL (SQLite) until ``--events`` are held.

**The load.** ``python -m sitrep serve`` runs as its own process on a free port of 127.0.0.1, with
a write token in its environment; this process is the client: ``--concurrency`` threads, one
keep-alive ``httpx.Client`` each, send ``--requests`` requests (after 50 warm-up page requests)
drawn with a fixed seed from this mix:

* ``page`` (80 %): ``GET /events`` with one of bench/api_load.py's filter mixes, ``limit=100``;
* ``csv`` (7 %) and ``geojson`` (7 %): the same filters as a download, ``limit=1000``;
* ``ingest`` (6 %): ``POST /articles`` with one new article (coded by the server's spaCy pipeline
  and fused into the store: the write path, one ingest at a time).

``--editors`` adds analysts writing during that load, taken from the pages' share (pages 74 %):

* ``edit`` (4 %): ``PATCH /events/{id}`` setting and locking the toll, with a reason, as an editor
  made by ``Store.add_user`` (its token is checked against its scrypt hash, then remembered for a
  minute, as the server does for every user);
* ``confirm`` (2 %): ``POST /events/{id}/confirm`` by the same editor.

Each edit and confirm goes to a different event (drawn from the store before the clock starts),
without a version: two analysts on one event would rightly get a 409, which is not load.

It prints requests/s, p50/p95/p99 latency per kind and overall, and the error count (any status
other than 200). Target: 0 errors, p95 < 100 ms for a page of 100 events at this load.

**The stated load** is two client threads, each sending its next request as soon as the last is
answered: on the two-core development machine that keeps the server busy (about 70 requests/s of
this mix) while leaving the clients a core. With ``--concurrency 4`` the clients and the server
saturate both cores, and the figures measure the queue that builds (docs/security.md gives both).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/: the store filler and the filter mix

from api_load import build_store, percentile, request_mix, start_server  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
TARGET_P95_MS = 100.0
TOKEN = "load-test-token-5c1d"
MIX = (("page", 0.80), ("csv", 0.07), ("geojson", 0.07), ("ingest", 0.06))
EDITOR_MIX = (("page", 0.74), ("csv", 0.07), ("geojson", 0.07), ("ingest", 0.06), ("edit", 0.04), ("confirm", 0.02))
_PLACES = ("Bannu", "Quetta", "Kandahar", "Jalalabad", "Sukma", "Srinagar", "Peshawar", "Gwadar")


RUN = f"{time.time_ns():x}"  # in every ingested id and text: a rerun on the same store ingests new articles


_CLONE_SQL = (
    # every column as stored, ids (and the id inside each event's record) given the copy's suffix
    "INSERT INTO articles SELECT id || :s, content_hash || :s, url_key || :s, url, title, source, language, "
    "published, text, ingested_at FROM articles WHERE instr(id, '~') = 0",
    "INSERT INTO events (event_id, event_date, country, admin1, admin2, location, event_type, sub_event_type, "
    "actor1, actor2, assoc_actors, latitude, longitude, fatalities, search, actors, record, updated_at) "
    "SELECT event_id || :s, event_date, country, admin1, admin2, location, event_type, "
    "sub_event_type, actor1, actor2, assoc_actors, latitude, longitude, fatalities, search, actors, "
    "json_set(record, '$.event_id', event_id || :s), updated_at FROM events WHERE instr(event_id, '~') = 0",
    "INSERT INTO reports SELECT key || :s, article_id || :s, event_id || :s, country, admin1, date_lo, date_hi, "
    "published, record FROM reports WHERE instr(key, '~') = 0",
    "INSERT INTO revisions (event_id, at, cause, article_id, changes) SELECT event_id || :s, at, cause, "
    "article_id || :s, changes FROM revisions WHERE instr(event_id, '~') = 0",
)


def clone_store(path: Path, events: int) -> tuple[int, float]:
    """Copy the stored rows (SQLite) under new ids ("~c1", "~c2", ...) until ``events`` are held.

    Filling 100,000 events through ``Store.ingest_coded`` takes about an hour on a busy two-core
    machine; the read load only needs the rows, their indexes and their sizes, so a store filled
    part-way by the real write path can be copied forward in seconds with SQL.
    """
    import sqlite3

    started = time.perf_counter()
    with sqlite3.connect(path) as conn:
        count = int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
        copy = 1 + int(
            conn.execute(
                "SELECT count(DISTINCT substr(event_id, instr(event_id, '~'))) FROM events "
                "WHERE instr(event_id, '~') > 0"
            ).fetchone()[0]
        )
        while count < events:
            for statement in _CLONE_SQL:
                conn.execute(statement, {"s": f"~c{copy}"})
            conn.commit()
            count = int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
            print(f"  copy ~c{copy}: the store holds {count:,} events", flush=True)
            copy += 1
        conn.execute("ANALYZE events")  # what Store.ingest_coded does as the events double (engine.refresh_statistics)
    return count, time.perf_counter() - started


def ingest_body(i: int, rng: random.Random) -> dict[str, str]:
    """One new article for ``POST /articles`` (unique id and text, so each one is stored)."""
    day = dt.date(2025, 6, 1) + dt.timedelta(days=rng.randrange(120))
    place = rng.choice(_PLACES)
    text = (
        f"Gunmen attacked a police station in {place} on {day:%A}, killing {rng.randint(2, 9)} officers and "
        f"wounding several others, a provincial official said. (Load test dispatch {i} of run {RUN}.)"
    )
    return {
        "id": f"load-{RUN}-{i}",
        "text": text,
        "published": (day + dt.timedelta(days=1)).isoformat(),
        "source": "Load Wire",
    }


def plan(
    requests: int, seed: int, *, mix: tuple[tuple[str, float], ...] = MIX, targets: list[str] | None = None
) -> list[tuple[str, str, dict[str, Any]]]:
    """(kind, method, arguments) for every request, fixed by the seed; edits and confirms take
    their events from ``targets`` in turn (one event each)."""
    rng = random.Random(seed)
    kinds = [kind for kind, _ in mix]
    weights = [weight for _, weight in mix]
    out: list[tuple[str, str, dict[str, Any]]] = []
    free = iter(targets or [])
    for i in range(requests):
        kind = rng.choices(kinds, weights)[0]
        if kind == "ingest":
            out.append((kind, "POST", {"json": ingest_body(i, rng)}))
            continue
        if kind == "edit":
            body = {"set": {"fatalities": rng.randint(0, 12)}, "why": f"load test edit {i}"}
            out.append((kind, "PATCH", {"path": f"/events/{next(free)}", "json": body}))
            continue
        if kind == "confirm":
            out.append((kind, "POST", {"path": f"/events/{next(free)}/confirm", "json": {"why": "load test"}}))
            continue
        params: dict[str, Any] = dict(request_mix(rng)[1])
        if kind != "page":
            params.update(format=kind, limit=1000)
        out.append((kind, "GET", {"params": params}))
    return out


def editor_targets(base: str, n: int, seed: int) -> list[str]:
    """``n`` different event ids, drawn with the seed from the first pages of the store."""
    ids: list[str] = []
    with httpx.Client(base_url=base, timeout=120) as client:
        for offset in range(0, max(n * 3, 1000), 1000):
            page = client.get("/events", params={"limit": 1000, "offset": offset, "order": "event_id"}).json()
            ids += [e["event_id"] for e in page["events"]]
            if len(page["events"]) < 1000:
                break
    if len(ids) < n:
        raise SystemExit(f"the store holds {len(ids)} events; the editors need {n}")
    return random.Random(seed).sample(ids, n)


def run_load(base: str, requests: int, concurrency: int, seed: int, editor: str = "") -> bool:
    """Send the requests and print the figures; True when the target is met with no error.
    ``editor``: an editor's token: analysts edit and confirm events during the load."""
    mix = EDITOR_MIX if editor else MIX
    targets = editor_targets(base, requests, seed) if editor else None
    todo = plan(requests, seed, mix=mix, targets=targets)
    with httpx.Client(base_url=base, timeout=120) as warm:
        rng = random.Random(seed + 1)
        for _ in range(50):
            warm.get("/events", params=request_mix(rng)[1]).read()
        # the server loads its pipeline on the first ingest: do that before the clock starts
        warm.post("/articles", json=ingest_body(-1, rng), headers={"Authorization": f"Bearer {TOKEN}"}).read()
        if editor:  # and checks the editor's token once (scrypt), as a signed-in analyst's page does
            warm.get("/whoami", headers={"Authorization": f"Bearer {editor}"}).read()
    as_editor = {"Authorization": f"Bearer {editor}"}
    latencies: dict[str, list[float]] = defaultdict(list)
    sizes: dict[str, int] = defaultdict(int)
    errors: list[str] = []
    lock = threading.Lock()
    cursor = iter(range(requests))

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=120, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
            while True:
                with lock:
                    i = next(cursor, None)
                if i is None:
                    return
                kind, method, arguments = todo[i]
                started = time.perf_counter()
                problem = ""
                try:
                    if method == "GET":
                        response = client.get("/events", **arguments)
                    elif kind in ("edit", "confirm"):
                        path = arguments["path"]
                        response = client.request(method, path, json=arguments["json"], headers=as_editor)
                    else:
                        response = client.post("/articles", **arguments)
                    body = response.read()
                    status = response.status_code
                except httpx.HTTPError as exc:
                    body, status = b"", 0
                    problem = f"{type(exc).__name__}: {exc}"
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies[kind].append(elapsed)
                    sizes[kind] += len(body)
                    if status != 200:
                        errors.append(f"{kind} {status or problem} {str(arguments)[:160]}")

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    every = [v for values in latencies.values() for v in values]
    print(f"\n{len(every):,} requests, {concurrency} client threads, {wall:.1f} s: {len(every) / wall:.1f} requests/s")
    print(
        f"  {'kind':<9} {'n':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'mean ms':>8} {'KB/resp':>8}"
    )
    for kind, _ in mix:
        values = latencies.get(kind, [])
        if values:
            print(
                f"  {kind:<9} {len(values):>6} {len(values) / wall:>7.1f} {percentile(values, 50):>8.1f} "
                f"{percentile(values, 95):>8.1f} {percentile(values, 99):>8.1f} {statistics.fmean(values):>8.1f} "
                f"{sizes[kind] / len(values) / 1024:>8.1f}"
            )
    print(
        f"  {'all':<9} {len(every):>6} {len(every) / wall:>7.1f} {percentile(every, 50):>8.1f} "
        f"{percentile(every, 95):>8.1f} {percentile(every, 99):>8.1f} {statistics.fmean(every):>8.1f}"
    )
    print(f"  errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    page_p95 = percentile(latencies["page"], 95) if latencies["page"] else float("inf")
    verdict = "PASS" if page_p95 < TARGET_P95_MS and not errors else "FAIL"
    print(f"  target: page (limit=100) p95 < {TARGET_P95_MS:.0f} ms and 0 errors: {verdict}")
    return verdict == "PASS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="events the store must hold (default 100,000)")
    parser.add_argument("--requests", type=int, default=2000, help="timed requests (default 2,000)")
    parser.add_argument("--concurrency", type=int, default=2, help="client threads (default 2)")
    parser.add_argument("--db", default="", help="store URL (default: bench/out/load-<events>.db, reused)")
    parser.add_argument(
        "--fill-first",
        type=int,
        default=0,
        help="SQLite: write this many events through Store.ingest_coded, then copy the rows under "
        "new ids until --events are held (fast; default 0: write them all)",
    )
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    parser.add_argument(
        "--editors", action="store_true", help="analysts edit (4 %%) and confirm (2 %%) events during the load"
    )
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    url = args.db or f"sqlite:///{OUT / f'load-{args.events}.db'}"
    print(f"store: {url}")
    if args.fill_first and url.startswith("sqlite:///"):
        count, _, seconds = build_store(url, min(args.fill_first, args.events))
        print(f"store holds {count:,} events written by Store.ingest_coded ({seconds:.1f} s)")
        count, seconds = clone_store(Path(url.removeprefix("sqlite:///")), args.events)
        print(f"store holds {count:,} events after copying ({seconds:.1f} s)")
    else:
        count, _, seconds = build_store(url, args.events)
        print(f"store holds {count:,} events (filled or checked in {seconds:.1f} s)")
    editor = ""
    if args.editors:
        from sitrep.store import Store

        with Store(url) as store:
            editor = store.add_user(f"load-editor-{RUN}", "editor")
    os.environ["SITREP_API_TOKEN"] = TOKEN  # start_server hands this process's environment to the server
    process, base = start_server(url)
    try:
        passed = run_load(base, args.requests, args.concurrency, args.seed, editor)
    finally:
        process.terminate()
        process.wait(timeout=30)
    if args.strict and not passed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
