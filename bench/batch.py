"""Batch throughput: `sitrep batch` with 1 and 2 workers on the local and the Ray engine.

    python bench/batch.py                          # 5,070 ACLED notes, local-1 local-2 ray-1 ray-2
    python bench/batch.py --corpus india --repeat 4   # 5,028 full news articles (the 1,257, four times)
    python bench/batch.py --modes local-1,ray-2 --limit 1000
    python bench/batch.py --profile                # pyinstrument: where one worker's time goes (300 articles)

The corpus is written once as JSON Lines to a temporary folder; each mode then runs in a fresh child
process (this script with ``--child MODE``) that codes the whole file through ``batch.code_corpus``
(the code ``sitrep batch`` runs) and consumes every result. A sampler thread in the child reads
/proc every 0.2 s for every descendant process (worker processes, Ray's actors and daemons): CPU
seconds (utime + stime) and peak resident memory (VmHWM). Printed per mode:

* articles/s: articles over wall seconds, start-up included (spawning workers, starting Ray,
  loading the model in each worker): what a user waits for;
* steady/s: articles per second after the first result, start-up excluded;
* CPU/wall: CPU seconds of the child and all its descendants over wall seconds (2.0 = both cores busy);
* art/CPU-s: articles per CPU second, all processes counted: the figure that other load on a shared
  machine does not change, and the one to size a cluster with;
* worker MB: the largest peak RSS among the processes that coded (pool workers or Ray actors;
  the child itself with 1 local worker); driver MB: the child's own peak.

Then the scaling ratio of each engine (2 workers over 1, end to end and steady; goal >= 1.7 on two
cores). The machine's load average is printed first: other processes on a shared machine take
cores from the workers, so read ratios next to it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from corpus import CorpusError, load_corpus, parse_every_article

MODES = ("local-1", "local-2", "ray-1", "ray-2")
GOAL = 1.7
MARK = "BATCH-RESULT "
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, slots=True)
class Result:
    mode: str
    articles: int
    events: int
    seconds: float
    first: float
    steady: float
    cpu: float
    worker_mb: float
    driver_mb: float
    workers_seen: int


# --- /proc sampling -------------------------------------------------------------------------------


def _stat(pid: int) -> tuple[int, float, str] | None:
    """(parent pid, CPU seconds, command line) of a live process, or None."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS, cmd


def _peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Sampler(threading.Thread):
    """Records CPU seconds and peak RSS of every descendant of this process until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.root = os.getpid()
        self.cpu: dict[int, float] = {}
        self.peak: dict[int, float] = {}
        self.cmd: dict[int, str] = {}
        self._halt = threading.Event()

    def sample(self) -> None:
        parents: dict[int, int] = {}
        info: dict[int, tuple[float, str]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                stat = _stat(int(entry))
                if stat is not None:
                    parents[int(entry)] = stat[0]
                    info[int(entry)] = (stat[1], stat[2])
        for pid in info:
            p, hops = pid, 0
            while p in parents and p != self.root and hops < 50:
                p, hops = parents[p], hops + 1
            if p == self.root and pid != self.root:
                self.cpu[pid] = info[pid][0]
                if info[pid][1]:  # an exited (zombie) process shows an empty command line
                    self.cmd[pid] = info[pid][1]
                self.peak[pid] = max(self.peak.get(pid, 0.0), _peak_mb(pid))

    def run(self) -> None:
        while not self._halt.wait(0.2):
            self.sample()

    def stop(self) -> None:
        self.sample()
        self._halt.set()


# --- child ---------------------------------------------------------------------------------------


def child(mode: str, path: Path, gazetteer: Path | None) -> Result:
    from sitrep.batch import BatchReport, code_corpus

    engine, workers = mode.split("-")
    sampler = Sampler()
    sampler.start()
    report = BatchReport()
    start_cpu = time.process_time()
    started = time.perf_counter()
    first = 0.0
    articles = events = 0
    for coded in code_corpus(
        [str(path)],
        engine="ray" if engine == "ray" else "local",
        workers=int(workers),
        gazetteer=gazetteer,
        report=report,
    ):
        if not articles:
            first = time.perf_counter() - started
        articles += 1
        events += len(coded.events)
    seconds = time.perf_counter() - started
    own_cpu = time.process_time() - start_cpu
    sampler.stop()
    coders = [
        pid for pid, cmd in sampler.cmd.items() if "MapWorker" in cmd or "multiprocessing" in cmd or "spawn_main" in cmd
    ]
    worker_mb = max((sampler.peak[p] for p in coders), default=0.0)
    driver_mb = _peak_mb(os.getpid())
    if not coders:
        worker_mb = driver_mb  # one local worker codes in the child itself
    steady = (articles - 1) / (seconds - first) if articles > 1 and seconds > first else 0.0
    return Result(
        mode=mode,
        articles=articles,
        events=events,
        seconds=seconds,
        first=first,
        steady=steady,
        cpu=own_cpu + sum(sampler.cpu.values()),
        worker_mb=worker_mb,
        driver_mb=driver_mb,
        workers_seen=len(coders) or 1,
    )


def profile(path: Path, limit: int) -> None:
    """pyinstrument over one worker's work unit (read + code) on ``limit`` records."""
    from pyinstrument import Profiler

    from sitrep.engine import code_records
    from sitrep.ingest.corpus import expand_inputs, read_records
    from sitrep.pipeline import Pipeline

    records = list(read_records(expand_inputs([str(path)])))[:limit]
    pipeline = Pipeline()
    code_records(pipeline, records[:8], max_chars=100_000)  # load the model and warm up
    profiler = Profiler(interval=0.002)
    profiler.start()
    code_records(pipeline, records, max_chars=100_000)
    profiler.stop()
    print(profiler.output_text(unicode=False, color=False, show_all=False, short_mode=False))


# --- parent --------------------------------------------------------------------------------------


def write_corpus(name: str, limit: int | None, repeat: int, folder: Path) -> tuple[Path, int]:
    articles = load_corpus(name, limit)
    path = folder / f"{name}.jsonl"
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for copy in range(repeat):
            for a in articles:
                fh.write(
                    json.dumps(
                        {
                            "id": f"{a.id}#{copy}" if repeat > 1 else a.id,
                            "text": a.text,
                            "published": a.published.isoformat(),
                            "source": a.source,
                        }
                    )
                    + "\n"
                )
                n += 1
    return path, n


def snapshot_gazetteer(folder: Path) -> Path:
    """A private copy of the gazetteer, so every mode reads the same one even if the package's is rebuilt."""
    from sitrep.geo.gazetteer import DEFAULT_GAZETTEER
    from sitrep.resources import data_path

    copy = folder / "gazetteer.sqlite"
    shutil.copyfile(data_path(DEFAULT_GAZETTEER), copy)
    return copy


def run_child(mode: str, path: Path, gazetteer: Path) -> Result | None:
    env = dict(os.environ, RAY_AUTH_MODE="disabled")
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--input", str(path), "--gazetteer", str(gazetteer)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith(MARK):
            return Result(**json.loads(line[len(MARK) :]))
    print(f"{mode}: child failed (exit {done.returncode})\n{done.stderr[-3000:]}", file=sys.stderr)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default="acled", help="acled (5,070 notes) or india (1,257 articles)")
    parser.add_argument("--limit", type=int, default=None, help="first N articles of the corpus")
    parser.add_argument("--repeat", type=int, default=1, help="write the corpus N times (ids made unique)")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--profile", action="store_true", help="profile one worker instead")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--gazetteer", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    parse_every_article()
    if args.child:
        print(MARK + json.dumps(asdict(child(args.child, args.input, args.gazetteer))), flush=True)
        return
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as tmp:
        try:
            path, n = write_corpus(args.corpus, args.limit, args.repeat, Path(tmp))
        except CorpusError as exc:
            sys.exit(f"bench/batch.py: {exc}")
        if args.profile:
            profile(path, args.limit or 300)
            return
        gazetteer = snapshot_gazetteer(Path(tmp))
        load = os.getloadavg()
        print(
            f"corpus {args.corpus}: {n} articles ({path.stat().st_size / 1e6:.1f} MB JSON Lines); "
            f"{os.cpu_count()} cores; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
        )
        print(
            f"{'mode':8} {'articles':>8} {'events':>7} {'seconds':>8} {'first s':>7} {'articles/s':>10} "
            f"{'steady/s':>8} {'CPU s':>7} {'CPU/wall':>8} {'art/CPU-s':>9} {'worker MB':>9} {'driver MB':>9}"
        )
        results: dict[str, Result] = {}
        for mode in args.modes.split(","):
            r = run_child(mode, path, gazetteer)
            if r is None:
                continue
            results[mode] = r
            print(
                f"{r.mode:8} {r.articles:8d} {r.events:7d} {r.seconds:8.1f} {r.first:7.1f} "
                f"{r.articles / r.seconds:10.1f} {r.steady:8.1f} {r.cpu:7.1f} {r.cpu / r.seconds:8.2f} "
                f"{r.articles / r.cpu if r.cpu else 0.0:9.1f} "
                f"{r.worker_mb:9.0f} {r.driver_mb:9.0f}",
                flush=True,
            )
        for engine in ("local", "ray"):
            one, two = results.get(f"{engine}-1"), results.get(f"{engine}-2")
            if one and two:
                ratio = (two.articles / two.seconds) / (one.articles / one.seconds)
                steady = two.steady / one.steady if one.steady else 0.0
                verdict = "PASS" if max(ratio, steady) >= GOAL else "FAIL"
                cost = (one.cpu / one.articles) / (two.cpu / two.articles)
                print(
                    f"{engine}: 2 workers / 1 worker = {ratio:.2f} end to end, {steady:.2f} steady "
                    f"(goal >= {GOAL}): {verdict}; CPU per article, 1 worker / 2 workers = {cost:.2f} "
                    "(1.00: the second worker adds no work)"
                )
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
