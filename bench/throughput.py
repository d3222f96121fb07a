"""Throughput benchmark: sitrep end to end against the bare spaCy pipeline on the same texts.

    python bench/throughput.py                    # all 1,257 Times of India articles, every mode
    python bench/throughput.py --corpus acled     # ACLED notes instead (5,071 short texts)
    python bench/throughput.py --profile          # where sitrep's own time goes (cProfile, 200 articles)
    python bench/throughput.py --model MODEL_DIR  # sitrep with a learned typer (`sitrep train`) against spaCy

Each mode runs in its own child process (this script again, with ``--child MODE``), so peak memory and
warm-up never mix; each child warms up on a few articles before the clock starts. The targets come from
the issue: sitrep's own stages cost at most 25 % (throughput >= 0.80 of spaCy's), peak memory <= 1 GB per
process, and ``--workers 2`` keeps both cores busy. The script exits 0 whatever the figures (it is a
measurement); ``--strict`` exits 1 when a target is missed. bench/README.md explains every column.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from corpus import CORPORA, CorpusError, load_corpus, parse_every_article

from sitrep.model import Article

MIN_ARTICLES = 1000  # the issue asks for a corpus of at least this many articles
MIN_RATIO = 0.80  # sitrep's throughput over bare spaCy's, workers=1
MAX_RSS_MB = 1024.0  # peak resident memory of any one process
MIN_CORE_USE = 1.6  # CPU seconds per wall second with --workers 2 on two cores
WARMUP = 8  # articles each child codes before the clock starts
PROFILE_ARTICLES = 200
PROFILE_TOP = 25
RESULT_MARK = "BENCH-RESULT "  # prefixes the child's one JSON line on stdout

# pstats' table: (file, line, function) -> (primitive calls, calls, own s, cumulative s, callers)
StatsKey = tuple[str, int, str]
Stats = dict[StatsKey, tuple[int, int, float, float, dict[StatsKey, Any]]]

# Packages whose time counts as "spaCy's": the model's own components and the libraries under them.
SPACY_FAMILY = (
    "spacy",
    "thinc",
    "cymem",
    "preshed",
    "srsly",
    "blis",
    "murmurhash",
    "catalogue",
    "confection",
    "wasabi",
    "numpy",
    "en_core_web_sm",
)


@dataclass(frozen=True, slots=True)
class Mode:
    """One measured configuration."""

    name: str
    label: str
    workers: int


MODES: dict[str, Mode] = {
    m.name: m
    for m in (
        Mode("spacy", "spaCy alone", 1),
        Mode("nlp", "sitrep nlp (spaCy + rulers)", 1),
        Mode("sitrep", "sitrep end-to-end, workers=1", 1),
        Mode("sitrep-2", "sitrep end-to-end, workers=2", 2),
        Mode("spacy-2", "spaCy alone, n_process=2", 2),
    )
}


@dataclass(frozen=True, slots=True)
class Result:
    """What one child measured over the timed run (warm-up excluded)."""

    mode: str
    articles: int
    seconds: float
    first: float  # seconds until the first result came back
    steady: float  # articles per second once results flow: the slope of results over time after the first
    cpu: float  # user + system seconds, this process and the children it waited for
    rss_mb: float  # peak resident memory of the measuring process
    children_mb: float  # peak resident memory of its largest child process; 0 when it had none
    events: int | None  # events coded; None for modes that stop at the spaCy Doc

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def core_use(self) -> float:
        return self.cpu / self.seconds if self.seconds else 0.0

    @property
    def peak_mb(self) -> float:
        return max(self.rss_mb, self.children_mb)


# --- the child: one mode, measured -----------------------------------------------------------------


def _batch_size() -> int:
    from sitrep.settings import load_settings

    return load_settings().batch_size


def _spacy_stream(articles: list[Article], n_process: int) -> Callable[[], Iterable[int]]:
    import spacy

    from sitrep.nlp.load import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL)
    batch_size = _batch_size()
    texts = [a.text for a in articles]
    for _ in nlp.pipe(texts[:WARMUP], batch_size=batch_size):
        pass

    def stream() -> Iterator[int]:
        for _doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            yield 0

    return stream


def _nlp_stream(articles: list[Article]) -> Callable[[], Iterable[int]]:
    from sitrep.pipeline import Pipeline

    pipeline = Pipeline()
    nlp, batch_size = pipeline.nlp, pipeline.settings.batch_size
    texts = [a.text for a in articles]
    for _ in nlp.pipe(texts[:WARMUP], batch_size=batch_size):
        pass

    def stream() -> Iterator[int]:
        for _doc in nlp.pipe(texts, batch_size=batch_size):
            yield 0

    return stream


def _sitrep_stream(articles: list[Article], workers: int) -> Callable[[], Iterable[int]]:
    from sitrep.engine import Engine
    from sitrep.pipeline import Pipeline

    engine = Engine(Pipeline(), workers=workers)
    for _ in engine.run(articles[:WARMUP]):
        pass

    def stream() -> Iterator[int]:
        for coded in engine.run(articles):
            yield len(coded.events)

    return stream


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def slope(times: list[float]) -> float:
    """Results per second once they flow: the least-squares slope of the count over arrival times.

    Results arrive in bursts (a spaCy batch, a worker's chunk); the slope through the staircase is the
    rate between bursts, and it leaves out the wait for the first one (worker start-up, the first batch).
    """
    n = len(times)
    if n < 2 or times[-1] <= times[0]:
        return 0.0
    mean_t, mean_k = sum(times) / n, (n - 1) / 2
    var = sum((t - mean_t) ** 2 for t in times)
    cov = sum((t - mean_t) * (k - mean_k) for k, t in enumerate(times))
    return cov / var


def measure(mode: Mode, articles: list[Article]) -> Result:
    """Warm up, then time one full pass of ``mode`` over ``articles``, consuming every result."""
    if mode.name == "spacy":
        stream = _spacy_stream(articles, 1)
    elif mode.name == "spacy-2":
        stream = _spacy_stream(articles, mode.workers)
    elif mode.name == "nlp":
        stream = _nlp_stream(articles)
    else:
        stream = _sitrep_stream(articles, mode.workers)
    self0 = resource.getrusage(resource.RUSAGE_SELF)
    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    times: list[float] = []
    events = 0
    start = time.perf_counter()
    for n in stream():
        times.append(time.perf_counter() - start)
        events += n
    seconds = time.perf_counter() - start
    self1 = resource.getrusage(resource.RUSAGE_SELF)
    children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = _cpu(self1) - _cpu(self0) + _cpu(children1) - _cpu(children0)
    return Result(
        mode=mode.name,
        articles=len(times),
        seconds=seconds,
        first=times[0] if times else 0.0,
        steady=slope(times),
        cpu=cpu,
        rss_mb=self1.ru_maxrss / 1024,
        children_mb=children1.ru_maxrss / 1024,
        events=events if mode.name.startswith("sitrep") else None,
    )


def run_child(mode: Mode, corpus: str, limit: int | None) -> None:
    result = measure(mode, load_corpus(corpus, limit))
    print(RESULT_MARK + json.dumps(asdict(result)), flush=True)


# --- the parent: spawn the children, report ------------------------------------------------------------


def spawn(mode: Mode, corpus: str, limit: int) -> Result | str:
    """Measure one mode in a fresh interpreter; the Result, or why there is none."""
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        mode.name,
        "--corpus",
        corpus,
        "--limit",
        str(limit),
    ]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=False)
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_MARK):
            return Result(**json.loads(line[len(RESULT_MARK) :]))
    return f"failed (exit {proc.returncode}; its traceback is above)"


def _row(label: str, r: Result) -> str:
    events = "-" if r.events is None else f"{r.events:,}"
    children = f"{r.children_mb:,.0f}" if r.children_mb else "-"
    return (
        f"{label:<30} {r.articles:>8,} {r.seconds:>8.1f} {r.first:>7.1f} {r.rate:>10.1f} "
        f"{r.steady:>9.1f} {r.core_use:>8.2f} {r.rss_mb:>8,.0f} {children:>8} {events:>7}"
    )


HEADER = (
    f"{'mode':<30} {'articles':>8} {'seconds':>8} {'first s':>7} {'articles/s':>10} {'steady/s':>9} "
    f"{'CPU/wall':>8} {'RSS MB':>8} {'child MB':>8} {'events':>7}"
)


def report(results: dict[str, Result | str], articles: int) -> list[tuple[str, bool]]:
    """Print the table and the ratios; return (target, met) for every target that could be judged."""
    print(HEADER)
    print("-" * len(HEADER))
    for name, r in results.items():
        label = MODES[name].label
        print(_row(label, r) if isinstance(r, Result) else f"{label:<30} {r}")
    done = {name: r for name, r in results.items() if isinstance(r, Result)}
    targets: list[tuple[str, bool]] = [
        (f"corpus has >= {MIN_ARTICLES:,} articles ({articles:,})", articles >= MIN_ARTICLES)
    ]
    print()
    spacy, nlp, one, two = (done.get(n) for n in ("spacy", "nlp", "sitrep", "sitrep-2"))
    if spacy and one:
        ratio = one.rate / spacy.rate
        print(
            f"sitrep / spaCy throughput, workers=1: {ratio:.2f} (target >= {MIN_RATIO:.2f}; "
            f"sitrep adds {100 * (spacy.rate / one.rate - 1):.0f} % to spaCy's time)"
        )
        targets.append((f"sitrep throughput >= {MIN_RATIO:.2f} x spaCy's ({ratio:.2f})", ratio >= MIN_RATIO))
        ms = 1000 / spacy.rate
        parts = [f"spaCy {ms:.1f}"]
        if nlp:
            parts.append(f"sitrep rulers {1000 / nlp.rate - ms:.1f}")
            parts.append(f"extract + geo + assemble {1000 / one.rate - 1000 / nlp.rate:.1f}")
        else:
            parts.append(f"sitrep's own stages {1000 / one.rate - ms:.1f}")
        print(f"time per article, ms: {', '.join(parts)}; total {1000 / one.rate:.1f}")
    if one and two:
        print(
            f"workers=2 / workers=1 speed-up: {two.rate / one.rate:.2f}x end-to-end, "
            f"{two.steady / one.steady:.2f}x after start-up ({two.first:.1f} s to the first result); "
            f"CPU/wall {two.core_use:.2f} on {_cores()} usable cores"
        )
        if one.events != two.events:
            print(f"  note: workers=1 coded {one.events:,} events, workers=2 {two.events:,}")
    if two:
        targets.append(
            (
                f"--workers 2 keeps both cores busy (CPU/wall {two.core_use:.2f} >= {MIN_CORE_USE})",
                two.core_use >= MIN_CORE_USE,
            )
        )
    for name in ("sitrep", "sitrep-2"):
        if (m := done.get(name)) is not None:
            where = f"{m.rss_mb:,.0f} MB"
            if m.children_mb:
                where += f", largest worker {m.children_mb:,.0f} MB"
            print(f"peak memory, {MODES[name].label}: {where} (limit {MAX_RSS_MB:,.0f} MB per process)")
            targets.append(
                (f"peak memory <= 1 GB per process, {MODES[name].label} ({m.peak_mb:,.0f} MB)", m.peak_mb <= MAX_RSS_MB)
            )
    if spacy and (spacy2 := done.get("spacy-2")):
        print(f"for reference, spaCy's own n_process=2: {spacy2.rate / spacy.rate:.2f}x spaCy alone")
    print()
    for target, met in targets:
        print(f"{'PASS' if met else 'FAIL'} {target}")
    for name, r in results.items():
        if not isinstance(r, Result):
            print(f"FAIL {MODES[name].label}: {r}")
    return targets


def _cores() -> int:
    return len(os.sched_getaffinity(0))


def benchmark(corpus: str, articles: list[Article], modes: list[str]) -> bool:
    """Measure each mode in its own process and report; True when every target was met."""
    chars = sum(len(a.text) for a in articles)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"sitrep throughput: corpus {corpus}, {len(articles):,} articles, "
        f"{chars / len(articles):,.0f} chars on average; batch_size {_batch_size()}; "
        f"Python {platform.python_version()}, spaCy {version('spacy')}; "
        f"{_cores()} usable cores, load average {load}",
        flush=True,
    )
    results: dict[str, Result | str] = {}
    for name in modes:
        print(f"  measuring {MODES[name].label} ...", end=" ", file=sys.stderr, flush=True)
        results[name] = result = spawn(MODES[name], corpus, len(articles))
        done = f"{result.seconds:.1f} s" if isinstance(result, Result) else result
        print(done, file=sys.stderr, flush=True)
    print()
    targets = report(results, len(articles))
    return all(met for _, met in targets) and all(isinstance(r, Result) for r in results.values())


# --- --profile ---------------------------------------------------------------------------------------


def _spacy_file(filename: str) -> bool:
    return any(p in SPACY_FAMILY or p.startswith("en_core_web") for p in Path(filename).parts)


def _in_spacy(key: StatsKey, stats: Stats) -> bool:
    """Whether a profiled function is spaCy's; a built-in belongs to spaCy when only spaCy calls it."""
    if key[0] != "~":
        return _spacy_file(key[0])
    callers = stats[key][4]
    return bool(callers) and all(c[0] != "~" and _spacy_file(c[0]) for c in callers)


def _where(key: StatsKey, root: Path) -> str:
    filename, line, func = key
    if filename == "~":
        return func
    path = Path(filename)
    shown = path.relative_to(root.parent) if path.is_relative_to(root.parent) else Path(*path.parts[-2:])
    return f"{shown}:{line} {func}"


def profile(articles: list[Article]) -> None:
    """Code ``articles`` with workers=1 under cProfile; print where sitrep's own time goes."""
    import sitrep
    from sitrep.pipeline import Pipeline

    pipeline = Pipeline()
    for _ in pipeline.run(articles[:WARMUP]):
        pass
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    events = sum(len(c.events) for c in pipeline.run(articles))
    profiler.disable()
    wall = time.perf_counter() - start
    stats: Stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    root = Path(sitrep.__file__).resolve().parent
    total = sum(v[2] for v in stats.values())
    in_spacy = sum(v[2] for k, v in stats.items() if _in_spacy(k, stats))
    print(
        f"profiled sitrep, workers=1: {len(articles):,} articles, {events:,} events, {wall:.1f} s wall "
        f"under cProfile ({len(articles) / wall:.1f} articles/s; the profiler slows Python code more than "
        f"spaCy's compiled code)"
    )
    print(
        f"own time in spaCy and the libraries under it: {in_spacy:.1f} s of {total:.1f} s "
        f"({100 * in_spacy / total:.0f} %); the rest is sitrep's components, stages and what they call"
    )
    ours = sorted(
        (k for k in stats if k[0] != "~" and Path(k[0]).resolve().is_relative_to(root)),
        key=lambda k: stats[k][3],
        reverse=True,
    )
    print(f"\ntop {PROFILE_TOP} of sitrep's functions by cumulative time")
    print(f"{'cum s':>7} {'cum %':>6} {'own s':>7} {'calls':>9}  function")
    for key in ours[:PROFILE_TOP]:
        _, calls, own, cum, _ = stats[key]
        print(f"{cum:>7.2f} {100 * cum / total:>6.1f} {own:>7.2f} {calls:>9,}  {_where(key, root)}")
    harness = ("cProfile.py", "throughput.py")
    others = sorted(
        (k for k in stats if not _in_spacy(k, stats) and not k[0].endswith(harness)),
        key=lambda k: stats[k][2],
        reverse=True,
    )
    print(f"\ntop {PROFILE_TOP} functions outside spaCy by own time (sitrep's, the standard library's, built-ins)")
    print(f"{'own s':>7} {'own %':>6} {'cum s':>7} {'calls':>9}  function")
    for key in others[:PROFILE_TOP]:
        _, calls, own, cum, _ = stats[key]
        print(f"{own:>7.2f} {100 * own / total:>6.1f} {cum:>7.2f} {calls:>9,}  {_where(key, root)}")


# --- command line --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--corpus",
        choices=sorted(CORPORA),
        default="india",
        help="india: 1,257 Times of India articles (default); acled: 5,071 ACLED notes",
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=None,
        help=f"read only the first N articles (default all; the targets want "
        f">= {MIN_ARTICLES:,}; {PROFILE_ARTICLES} with --profile)",
    )
    parser.add_argument(
        "--modes",
        default=",".join(MODES),
        help=f"comma-separated modes to measure, in order (default {','.join(MODES)})",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile sitrep (workers=1) under cProfile instead of measuring throughput",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--model",
        default=None,
        help="a model directory `sitrep train` wrote: the sitrep modes code with it (issue 18's target: "
        "throughput >= 0.85 of spaCy's; its load time is printed)",
    )
    parser.add_argument("--child", choices=sorted(MODES), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    parse_every_article()
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    if args.model and not args.child:
        # the children read it from the environment, as any Pipeline() reads SITREP_* settings
        os.environ["SITREP_LEARNED_MODEL"] = str(Path(args.model).resolve())
        from sitrep.assemble.learned import LearnedTyper

        start = time.perf_counter()
        LearnedTyper.load(args.model)
        size = sum(p.stat().st_size for p in Path(args.model).iterdir()) / 1e6
        print(f"model {args.model}: loads in {time.perf_counter() - start:.2f} s, {size:.1f} MB on disk")
    try:
        if args.child:
            run_child(MODES[args.child], args.corpus, args.limit)
            return 0
        if args.profile:
            profile(load_corpus(args.corpus, args.limit or PROFILE_ARTICLES))
            return 0
        modes = [m.strip() for m in args.modes.split(",") if m.strip()]
        unknown = [m for m in modes if m not in MODES]
        if unknown:
            parser.error(f"unknown mode {', '.join(unknown)}; choose from {', '.join(MODES)}")
        articles = load_corpus(args.corpus, args.limit)
    except CorpusError as exc:
        print(f"bench/throughput.py: {exc}", file=sys.stderr)
        return 2
    if not articles:
        print(f"bench/throughput.py: corpus {args.corpus} has no articles", file=sys.stderr)
        return 2
    if len(articles) < MIN_ARTICLES:
        print(
            f"note: {len(articles):,} articles, fewer than the {MIN_ARTICLES:,} the targets are stated for",
            file=sys.stderr,
        )
    met = benchmark(args.corpus, articles, modes)
    return 1 if args.strict and not met else 0


if __name__ == "__main__":
    sys.exit(main())
