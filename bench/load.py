"""Mixed load on `sitrep serve`: filtered pages, filtered CSV/GeoJSON exports and ingests, on ≥ 100,000 events.

    .venv/bin/python bench/load.py                         # 100,000 events, 2,000 requests, 2 clients
    .venv/bin/python bench/load.py --requests 500 --events 20000   # a quick look
    .venv/bin/python bench/load.py --editors               # analysts edit and confirm during the load
    .venv/bin/python bench/load.py --db postgresql://postgres@127.0.0.1:5432/load

**The store** is filled with bench/api_load.py's synthetic coded articles (through
``Store.ingest_coded``: the store's own dedup, fusion and revision path) until it holds
``--events``; it is kept in ``bench/out/load-<events>.db`` and reused by later runs. That takes about
an hour for 100,000 events on a busy two-core machine; ``--fill-first N`` writes N events that way
and then copies the stored rows (articles, reports, events, aliases, revisions) under new ids until
``--events`` are held (``Copy``: the copies are other incidents, fused as the store fuses), and
runs the store's integrity check (``sitrep check``) on the result: it stops if anything is wrong.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Connection, Table, insert, select

from sitrep.fuse import Report, content_hash, normalise_url
from sitrep.fuse.match import named
from sitrep.store import Store
from sitrep.store.engine import refresh_statistics, write_lock
from sitrep.store.fusion import event_columns, report_from_row
from sitrep.store.locks import fuse_group
from sitrep.store.tables import AliasRow, ArticleRow, ArticleVersionRow, EventRow, ReportRow, ReviewRow, RevisionRow

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/: the store filler and the filter mix

from api_load import build_store, percentile, request_mix, start_server  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
TARGET_P95_MS = 100.0
TOKEN = "load-test-token-5c1d"
MIX = (("page", 0.80), ("csv", 0.07), ("geojson", 0.07), ("ingest", 0.06))
EDITOR_MIX = (("page", 0.74), ("csv", 0.07), ("geojson", 0.07), ("ingest", 0.06), ("edit", 0.04), ("confirm", 0.02))
_PLACES = ("Bannu", "Quetta", "Kandahar", "Jalalabad", "Sukma", "Srinagar", "Peshawar", "Gwadar")


RUN = f"{time.time_ns():x}"  # in every ingested id and text: a rerun on the same store ingests new articles


COPY_MARK = "~c"  # a copied row's ids begin "~c<k>~" (k: which copy); the rows without it are the base
_A: Table = ArticleRow.__table__  # type: ignore[assignment]
_AV: Table = ArticleVersionRow.__table__  # type: ignore[assignment]
_R: Table = ReportRow.__table__  # type: ignore[assignment]
_E: Table = EventRow.__table__  # type: ignore[assignment]
_AL: Table = AliasRow.__table__  # type: ignore[assignment]
_RV: Table = RevisionRow.__table__  # type: ignore[assignment]
_RW: Table = ReviewRow.__table__  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Copy:
    """How copy ``k`` renames what it copies.

    Ids get the prefix ``~c<k>~`` (a prefix keeps every order fusion takes on ids: the anchor
    report, the sorted article ids and evidence), and every named actor the suffix
    ``[copy k]``. The rename of actors is what keeps a copy a different incident: copied reports
    keep the base's days, places and types, so with the base's actors fusion would join each
    one to its original (``fuse.same_incident``), and the store would not be the fusion of its
    reports. Named actors that differ make two reports different incidents, so each copy fuses
    exactly as the base did and never with another copy. Unnamed actors ("", "Unidentified
    ...") stay as they are, as fusion treats them alike.
    """

    k: int

    @property
    def prefix(self) -> str:
        return f"{COPY_MARK}{self.k}~"

    def id(self, value: str) -> str:
        return f"{self.prefix}{value}" if value else value

    def actor(self, name: str) -> str:
        return f"{name} [copy {self.k}]" if named(name) else name

    def field(self, name: str, value: Any) -> Any:
        """A record's (or a revision's) value of field ``name`` in this copy."""
        if value is None:
            return None
        if name == "event_id":
            return self.id(value)
        if name == "article_ids":
            return [self.id(a) for a in value]
        if name in ("actor1", "actor2"):
            return self.actor(value)
        if name in ("assoc_actor_1", "assoc_actor_2"):
            return "; ".join(self.actor(part.strip()) for part in value.split(";")) if value else value
        if name == "evidence":
            return {k: [dict(e, article_id=self.id(e["article_id"])) for e in spans] for k, spans in value.items()}
        return value

    def record(self, record: dict[str, Any]) -> dict[str, Any]:
        return {name: self.field(name, value) for name, value in record.items()}

    def article(self, row: dict[str, Any]) -> dict[str, Any]:
        """A stored article under the copy's id; its text ends with a line naming the copy, so the
        hash (and the URL, which gets a query) stay unique; evidence spans are unchanged."""
        text = f"{row['text']}\n\n[Copy {self.k} of {row['id']}, for bench/load.py.]"
        url = f"{row['url']}{'&' if '?' in row['url'] else '?'}copy={self.k}" if row["url"] else ""
        return dict(
            row,
            id=self.id(row["id"]),
            text=text,
            content_hash=content_hash(text),
            url=url,
            url_key=normalise_url(url) or None,
        )


@dataclass(frozen=True, slots=True)
class Lineage:
    """Base events whose histories meet (one merged into another, or an alias of one), and every
    id those histories name: a copy takes a lineage whole, or its revisions would not explain it."""

    events: list[dict[str, Any]]
    ids: frozenset[str]


@dataclass(slots=True)
class Base:
    """The rows a copy is made of: the base's lineages that no analyst touched (a review or a
    pinned report would have to be copied with its locks), with their reports, articles, aliases
    and revisions."""

    lineages: list[Lineage]  # in the order of their first event id
    reports: dict[str, list[dict[str, Any]]]  # event id -> its reports
    articles: dict[str, dict[str, Any]]
    versions: dict[str, list[dict[str, Any]]]  # article id -> its earlier versions
    aliases: dict[str, dict[str, Any]]  # old id -> its alias row
    revisions: list[dict[str, Any]]  # in the order they were made
    copies: int  # copies already made

    @classmethod
    def load(cls, conn: Connection) -> Base:
        def rows(table: Table, column: str) -> list[dict[str, Any]]:
            query = select(table).where(~table.c[column].startswith(COPY_MARK, autoescape=True))
            return [dict(row._mapping) for row in conn.execute(query)]

        live = {e["event_id"]: e for e in rows(_E, "event_id")}
        aliases = {a["old_id"]: a for a in rows(_AL, "old_id")}
        revisions = sorted(rows(_RV, "event_id"), key=lambda r: r["id"])
        parent: dict[str, str] = {}

        def root(x: str) -> str:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for event_id in live:
            root(event_id)
        for alias in aliases.values():
            parent[root(alias["old_id"])] = root(alias["event_id"])
        for revision in revisions:
            old = (revision["changes"] or {}).get("event_id", [None])[0] if revision["cause"] == "merged" else None
            parent[root(revision["event_id"])] = root(old or revision["event_id"])
        members: dict[str, set[str]] = defaultdict(set)
        for x in list(parent):
            members[root(x)].add(x)
        touched = set(conn.execute(select(_RW.c.event_id)).scalars())
        touched |= set(conn.execute(select(_R.c.event_id).where(_R.c.pin.is_not(None))).scalars())
        lineages = sorted(
            (
                Lineage(sorted((live[i] for i in ids if i in live), key=lambda e: e["event_id"]), frozenset(ids))
                for ids in members.values()
                if ids & live.keys() and not ids & touched
            ),
            key=lambda lineage: lineage.events[0]["event_id"],
        )
        kept = {e["event_id"] for lineage in lineages for e in lineage.events}
        reports: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for report in rows(_R, "key"):
            if report["event_id"] in kept:
                reports[report["event_id"]].append(report)
        used = {r["article_id"] for group in reports.values() for r in group}
        versions: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for version in rows(_AV, "article_id"):
            if version["article_id"] in used:
                versions[version["article_id"]].append(version)
        copied = conn.execute(select(_E.c.event_id).where(_E.c.event_id.startswith(COPY_MARK, autoescape=True)))
        copies = max((int(i[len(COPY_MARK) : i.index("~", len(COPY_MARK))]) for i in copied.scalars()), default=0)
        return cls(
            lineages=lineages,
            reports=reports,
            articles={a["id"]: a for a in rows(_A, "id") if a["id"] in used},
            versions=versions,
            aliases=aliases,
            revisions=revisions,
            copies=copies,
        )

    def write_copy(self, conn: Connection, copy: Copy, n: int) -> int:
        """Insert copy ``copy`` of the first lineages, at least ``n`` events (all, if fewer);
        returns how many events were copied.

        Each copied event is what fusion makes of its copied reports (``store.locks.fuse_group``,
        as ingest, repair and the integrity check compute it), and its history is the base's
        revisions renamed alike, so ``sitrep check`` finds the copy as sound as the base."""
        events: list[dict[str, Any]] = []
        history: set[str] = set()
        for lineage in self.lineages:
            if len(events) >= n:
                break
            events += lineage.events
            history |= lineage.ids
        aliases = [a for old_id, a in self.aliases.items() if old_id in history]
        reports = [r for e in events for r in self.reports[e["event_id"]]]
        used = sorted({r["article_id"] for r in reports})
        conn.execute(insert(_A), [copy.article(self.articles[a]) for a in used])
        versions = [dict(v, article_id=copy.id(v["article_id"])) for a in used for v in self.versions[a]]
        if versions:
            conn.execute(insert(_AV), versions)
        rows = [
            dict(
                r,
                key=copy.id(r["key"]),
                article_id=copy.id(r["article_id"]),
                event_id=copy.id(r["event_id"]),
                record=copy.record(r["record"]),
                pin=None,
            )
            for r in reports
        ]
        conn.execute(insert(_R), rows)
        grouped: dict[str, list[Report]] = defaultdict(list)
        for row in rows:
            grouped[row["event_id"]].append(report_from_row(row["key"], row["record"], row["published"]))
        out = []
        for e in events:
            event, _ = fuse_group(sorted(grouped[copy.id(e["event_id"])], key=lambda r: r.key), {}, {})
            if event.event_id != copy.id(e["event_id"]):
                raise SystemExit(f"--fill-first: the copy of {e['event_id']} fuses as {event.event_id}")
            out.append(dict(event_columns(event), event_id=event.event_id, updated_at=e["updated_at"]))
        conn.execute(insert(_E), out)
        if aliases:
            conn.execute(
                insert(_AL), [dict(old_id=copy.id(a["old_id"]), event_id=copy.id(a["event_id"])) for a in aliases]
            )
        revisions = [
            dict(
                {k: v for k, v in r.items() if k != "id"},
                event_id=copy.id(r["event_id"]),
                article_id=copy.id(r["article_id"]),
                changes={name: [copy.field(name, v) for v in pair] for name, pair in (r["changes"] or {}).items()},
            )
            for r in self.revisions
            if r["event_id"] in history
        ]
        conn.execute(insert(_RV), revisions)
        return len(events)


def clone_store(url: str, events: int) -> tuple[int, float]:
    """Copy the base rows (``Base``) under new ids (``Copy``) until the store holds ``events``; the
    last copy takes only as many events as are missing.

    Filling 100,000 events through ``Store.ingest_coded`` takes about an hour on a busy two-core
    machine; the load only needs rows as the store writes them (every table an event has, with
    its indexes and sizes), so a store filled part-way by the real write path can be copied
    forward in a minute. ``main`` then runs the store's integrity check on the result.
    """
    started = time.perf_counter()
    with Store(url) as store:
        count = store.count()
        if count >= events:
            return count, time.perf_counter() - started
        with store.engine.connect() as conn:
            base = Base.load(conn)
        if not base.lineages:
            raise SystemExit("--fill-first: the store holds no event to copy")
        k = base.copies
        while count < events:
            k += 1
            with store.engine.connect().execution_options(sitrep_write=True) as conn, conn.begin():
                write_lock(conn)
                count += base.write_copy(conn, Copy(k), events - count)
            print(f"  copy {k} ({COPY_MARK}{k}~): the store holds {count:,} events", flush=True)
        with store.engine.connect().execution_options(sitrep_write=True) as conn:
            refresh_statistics(conn)  # what Store.ingest_coded does as the events double
        return store.count(), time.perf_counter() - started


def check_store(url: str) -> None:
    """The store's integrity check (``sitrep check``); exits with the problems when there are any."""
    started = time.perf_counter()
    with Store(url) as store:
        problems = store.check()
    if problems:
        for problem in problems[:20]:
            print(f"  {problem}", file=sys.stderr)
        raise SystemExit(f"sitrep check: {len(problems):,} problem(s) in the filled store {url}")
    print(f"sitrep check: the store is sound ({time.perf_counter() - started:.1f} s)")


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
        help="write this many events through Store.ingest_coded, then copy the rows under new ids "
        "until --events are held, and check the store (fast; default 0: write them all)",
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
    if args.fill_first:
        first = min(args.fill_first, args.events)
        count, _, seconds = build_store(url, first)
        print(f"store holds {count:,} events (Store.ingest_coded writes until {first:,}: {seconds:.1f} s)")
        count, seconds = clone_store(url, args.events)
        print(f"store holds {count:,} events (copies until {args.events:,}: {seconds:.1f} s)")
        check_store(url)
    else:
        count, _, seconds = build_store(url, args.events)
        print(f"store holds {count:,} events (filled or checked in {seconds:.1f} s)")
    editor = ""
    if args.editors:
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
