"""Triage benchmark: a general-news stream with violent news mixed in, coded with and without triage.

    python bench/triage.py                         # 9:1 and 3:1 streams of 200 violent articles each
    python bench/triage.py --violent 60 --ratios 9 # a quick look (a 600-article stream)
    python bench/triage.py --decisions-only        # the triage decision on every article, no parse

The stream mixes the general-news corpus of ``<repo>/../shared/dev/general_news`` (BBC and AG News:
business, sport, entertainment, tech, politics, world) with the violent-news sets of
``<repo>/../shared/dev`` (FA-KES, ISAF, IndiaPoliceEvents, UCDP headlines, GTD summaries, the seed)
at RATIO general articles to one violent one, shuffled with a fixed seed. Of IndiaPoliceEvents only
the articles its annotators labelled KILL, FORCE or ARREST are drawn: the rest of that set is Times
of India politics without police violence. Nothing from shared/ is
copied into the repository. For each ratio it prints:

* articles/s end to end with and without triage, on one and on two workers (``Pipeline.run``; the
  two-worker figure includes spawning the workers and loading the model in each);
* the share of the stream triage skipped, and the share of general-news articles still parsed;
* event recall: events found with triage / events found without it, keyed by article, place and
  day (over the whole stream, and over the violent articles alone: general-news events are mostly
  the coder's false positives, such as a "shot" in a match report);
* the violent articles wrongly skipped (those whose untriaged run found events), by set;
* the triage's own cost per article on one core.

Targets (issue 19), checked on the 9:1 stream: >= 150 articles/s with triage on two workers,
event recall >= 0.99, general news parsed <= 20 %, triage <= 1 ms an article; on the 3:1 stream,
event recall >= 0.99. The recall checked is the violent articles': the untriaged coder also
"finds" events in general news (a "shot" in a match report, "threatened" in a diplomatic row,
"rally" on Wall Street), and skipping those is what triage is for, so the whole-stream figure is
printed beside it with the lost general-news events by topic and how many of them had a toll.
The script exits 0 whatever the figures; ``--strict`` exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

from corpus import CorpusError, load_corpus, read_rows, shared_dir

from sitrep.engine import Engine
from sitrep.model import Article, Event
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings, load_settings
from sitrep.triage import triage_article

SEED = 19
MIN_RATE = 150.0  # articles/s with triage, two workers, 9:1 stream
MIN_RECALL = 0.99
MAX_GENERAL_PARSED = 0.20
MAX_TRIAGE_MS = 1.0
GENERAL_FILES = ("bbc_news.jsonl", "ag_news_test.jsonl")
VIOLENT_GOLD = {  # set name -> gold file in shared/dev, read through sitrep's own gold reader
    "fakes": "fakes_syria_dev.csv",
    "isaf": "isaf_pr_dev.csv",
    "ucdp": "ucdp_ged_pakistan_dev.csv",
    "gtd": "gtd_2016_2018_dev.csv",
}


@dataclass(frozen=True, slots=True)
class Item:
    """One article of the stream and the set it came from ("general" for the negatives)."""

    article: Article
    set: str
    topic: str = ""  # the general-news category ("bbc:sport", "ag:world")


@dataclass(slots=True)
class Run:
    """One pass of the stream through the pipeline."""

    mode: str
    seconds: float
    first: float = 0.0  # seconds until the first result (for two workers: spawning, loading the model)
    events: dict[str, list[Event]] = field(default_factory=dict)  # article id -> its events
    skipped: set[str] = field(default_factory=set)  # article ids triage skipped


def _general() -> list[Item]:
    folder = shared_dir() / "dev" / "general_news"
    items: list[Item] = []
    for name in GENERAL_FILES:
        path = folder / name
        if not path.is_file():
            raise CorpusError(f"general-news file not found: {path}")
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                article = Article(
                    id=row["id"],
                    text=row["text"],
                    title=row.get("title", ""),
                    published=dt.date.fromisoformat(row["published"]),
                )
                items.append(Item(article, "general", f"{name.split('_')[0]}:{row.get('category', '').lower()}"))
    return items


def _violent() -> dict[str, list[Item]]:
    from sitrep.evaluate.gold import load_gold

    sets: dict[str, list[Item]] = {}
    dev = shared_dir() / "dev"
    for name, filename in VIOLENT_GOLD.items():
        seen: dict[str, Article] = {}
        for row in load_gold(dev / filename).rows:
            if row.article.text.strip():
                seen.setdefault(row.article.id, row.article)
        sets[name] = [Item(a, name) for a in seen.values()]
    violent_india = _india_reporting_violence()
    sets["india"] = [Item(a, "india") for a in load_corpus("india") if a.id in violent_india]
    seed = shared_dir() / "seed" / "article.jsonl"
    if seed.is_file():
        with seed.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        sets["seed"] = [
            Item(
                Article(
                    id=r["id"],
                    text=r["text"],
                    title=r.get("title", ""),
                    published=dt.date.fromisoformat(r["published"]),
                ),
                "seed",
            )
            for r in rows
        ]
    return sets


def _india_reporting_violence() -> set[str]:
    """The IndiaPoliceEvents articles its annotators found to report police violence (KILL, FORCE
    or ARREST): two thirds of the set's Times of India articles report none (Ayodhya petitions,
    assembly politics), and there the untriaged coder's "events" are its own false positives
    ("struck a combative tone"), so they are no test of what triage loses."""
    labels = ("KILL", "FORCE", "ARREST")
    path = shared_dir() / "dev" / "india_police_events" / "docs.csv"
    return {f"toi-{row['doc_id']}" for row in read_rows(path, ("doc_id", *labels)) if "1" in (row[k] for k in labels)}


def build_stream(violent: int, ratio: int, rng: random.Random) -> list[Item]:
    """``violent`` articles drawn evenly from the violent sets (the seed always in), and
    ``ratio`` times as many general-news articles, shuffled."""
    sets = _violent()
    picked: list[Item] = list(sets.pop("seed", []))
    names = sorted(sets)
    per_set = max(1, (violent - len(picked)) // len(names))
    for name in names:
        pool = sets[name]
        picked.extend(rng.sample(pool, min(per_set, len(pool))))
    general = _general()
    stream = picked + rng.sample(general, min(len(general), ratio * len(picked)))
    rng.shuffle(stream)
    return stream


def code_stream(stream: list[Item], *, settings: Settings, workers: int, mode: str) -> Run:
    """Code the stream once, end to end; for one worker the model is loaded (and warmed up on the
    first 8 articles) before the clock starts, for two the spawn and loads are timed."""
    pipeline = Pipeline(settings)
    engine = Engine(pipeline, workers=workers)
    if workers == 1:
        list(pipeline.run([i.article for i in stream[:8]]))
    started = time.perf_counter()
    run = Run(mode=mode, seconds=0.0)
    for coded in engine.run(i.article for i in stream):
        if not run.events:
            run.first = time.perf_counter() - started
        run.events[coded.article.id] = list(coded.events)
        if coded.triage is not None and coded.triage.skipped:
            run.skipped.add(coded.article.id)
    run.seconds = time.perf_counter() - started
    return run


def _keys(run: Run, ids: set[str] | None = None) -> set[tuple[str, str, str]]:
    """Events as (article, place, day): what recall counts."""
    return {
        (article_id, event.location or event.admin1 or event.country, event.event_date.isoformat())
        for article_id, events in run.events.items()
        if ids is None or article_id in ids
        for event in events
    }


def recall(with_triage: Run, without: Run, ids: set[str] | None = None) -> tuple[float, int, int]:
    base = _keys(without, ids)
    found = _keys(with_triage, ids) & base
    return (len(found) / len(base) if base else 1.0), len(found), len(base)


def triage_cost_ms(stream: list[Item], settings: Settings) -> float:
    """Milliseconds per article of the triage decision alone, on this core (after one warm pass)."""
    articles = [i.article for i in stream]
    for a in articles[:50]:
        triage_article(a, threshold=settings.triage_threshold)
    started = time.perf_counter()
    for a in articles:
        triage_article(a, threshold=settings.triage_threshold)
    return (time.perf_counter() - started) / len(articles) * 1000


def decisions_only(settings: Settings) -> None:
    """The decision on every article of every set, no parse: the share kept per set and category."""
    sets = _violent()
    for name, items in sorted(sets.items()):
        kept = sum(not triage_article(i.article, threshold=settings.triage_threshold).skipped for i in items)
        print(f"  {name:8} {kept:5,} of {len(items):5,} kept ({kept / len(items):.1%})")
    by_cat: Counter[str] = Counter()
    kept_cat: Counter[str] = Counter()
    for item in _general():
        by_cat[item.topic] += 1
        kept_cat[item.topic] += not triage_article(item.article, threshold=settings.triage_threshold).skipped
    for cat in sorted(by_cat):
        print(f"  {cat:22} {kept_cat[cat]:5,} of {by_cat[cat]:5,} parsed ({kept_cat[cat] / by_cat[cat]:.1%})")
    total = sum(by_cat.values())
    print(f"  general news parsed: {sum(kept_cat.values()):,} of {total:,} ({sum(kept_cat.values()) / total:.1%})")


def bench_ratio(ratio: int, violent: int, settings: Settings, workers: list[int]) -> list[str]:
    """Run one stream; print its table; return the targets it missed (speed and general news
    parsed are checked on the 9:1 stream only)."""
    rng = random.Random(SEED + ratio)
    stream = build_stream(violent, ratio, rng)
    general_ids = {i.article.id for i in stream if i.set == "general"}
    violent_ids = {i.article.id for i in stream if i.set != "general"}
    on = settings.model_copy(update={"triage": True})  # on for this run, whatever the settings say
    off = settings.model_copy(update={"triage": False})
    print(f"\n{ratio}:1 stream: {len(stream):,} articles ({len(violent_ids):,} violent, {len(general_ids):,} general)")
    runs: dict[tuple[bool, int], Run] = {}
    for n in workers:
        for triage in (False, True):
            mode = f"{'with' if triage else 'without'} triage, {n} worker{'s' if n > 1 else ''}"
            runs[(triage, n)] = code_stream(stream, settings=on if triage else off, workers=n, mode=mode)
            r = runs[(triage, n)]
            steady = (len(stream) - 1) / max(r.seconds - r.first, 1e-9)
            print(
                f"  {mode:30} {r.seconds:7.1f} s  {len(stream) / r.seconds:7.1f} articles/s  "
                f"(first result {r.first:5.1f} s, then {steady:7.1f} articles/s)",
                flush=True,
            )
    for n in workers:
        speedup = runs[(False, n)].seconds / runs[(True, n)].seconds
        print(f"  speed-up with triage, {n} worker(s): {speedup:.1f} x")
    with_t, without = runs[(True, workers[0])], runs[(False, workers[0])]
    skipped = with_t.skipped
    general_parsed = len(general_ids - skipped) / len(general_ids)
    print(
        f"  skipped: {len(skipped):,} of {len(stream):,} ({len(skipped) / len(stream):.1%}); "
        "general news still parsed: "
        f"{len(general_ids - skipped):,} of {len(general_ids):,} ({general_parsed:.1%})"
    )
    r_all = recall(with_t, without)
    r_violent = recall(with_t, without, violent_ids)
    print(f"  event recall (article, place, day), whole stream: {r_all[0]:.3f} ({r_all[1]:,} of {r_all[2]:,})")
    print(
        f"  event recall, violent articles only:               {r_violent[0]:.3f} "
        f"({r_violent[1]:,} of {r_violent[2]:,})"
    )
    lost_general = r_all[2] - r_all[1] - (r_violent[2] - r_violent[1])
    topic_of = {i.article.id: i.topic for i in stream if i.set == "general"}
    lost_by_topic = Counter(topic_of[a] for a, _, _ in _keys(without, general_ids) - _keys(with_t, general_ids))
    topics = ", ".join(f"{t} {n}" for t, n in lost_by_topic.most_common())
    print(f"  events lost in skipped general-news articles: {lost_general:,} ({topics})")
    tolled = [(a, e) for a in sorted(general_ids & with_t.skipped) for e in without.events.get(a, []) if e.fatalities]
    print(f"    of which with a toll: {len(tolled)}")
    for article_id, event in tolled[:10]:
        print(f"      {article_id} ({topic_of[article_id]}): {event.event_type} {event.fatalities}: {event.notes[:80]}")
    by_set: Counter[str] = Counter()
    wrong: dict[str, list[str]] = {}
    for item in stream:
        if item.set == "general":
            continue
        by_set[item.set] += 1
        if item.article.id in skipped and without.events.get(item.article.id):
            wrong.setdefault(item.set, []).append(item.article.id)
    print("  violent articles wrongly skipped (the untriaged run found events in them), by set:")
    for name in sorted(by_set):
        ids = wrong.get(name, [])
        plain = sum(1 for i in stream if i.set == name and i.article.id in skipped)
        listed = ", ".join(ids[:6]) + (" ..." if len(ids) > 6 else "")
        print(f"    {name:8} {len(ids):3} of {by_set[name]:4} (skipped in all: {plain}) {listed}")
    cost = triage_cost_ms(stream, settings)
    print(f"  triage cost: {cost:.3f} ms an article (one core)")
    missed: list[str] = []
    if r_violent[0] < MIN_RECALL:
        missed.append(f"{ratio}:1 event recall on the violent articles below {MIN_RECALL}")
    if ratio == 9:
        two = runs.get((True, 2))
        if two is not None and len(stream) / two.seconds < MIN_RATE:
            missed.append(f"9:1 with triage on two workers below {MIN_RATE:g} articles/s")
        if general_parsed > MAX_GENERAL_PARSED:
            missed.append("general news parsed above 20 %")
    if cost > MAX_TRIAGE_MS:
        missed.append(f"triage cost above {MAX_TRIAGE_MS} ms")
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--violent", type=int, default=200, help="violent articles per stream (default 200)")
    parser.add_argument("--ratios", default="9,3", help="general:violent ratios, comma-separated (default 9,3)")
    parser.add_argument("--workers", default="1,2", help="worker counts to time (default 1,2)")
    parser.add_argument("--decisions-only", action="store_true", help="triage decisions per set, no parse")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    settings = load_settings()
    print(
        f"bench/triage.py: threshold {settings.triage_threshold:g}, {os.cpu_count()} cores, "
        f"load {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    try:
        if args.decisions_only:
            decisions_only(settings)
            return 0
        missed: list[str] = []
        for ratio in (int(r) for r in args.ratios.split(",")):
            missed += bench_ratio(ratio, args.violent, settings, [int(w) for w in args.workers.split(",")])
    except CorpusError as exc:
        print(f"bench/triage.py: {exc}", file=sys.stderr)
        return 2
    for line in missed:
        print(f"FAIL {line}")
    if not missed:
        print("PASS every target checked")
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
