"""Fuzzing at scale: every target in tests/security/fuzz_targets.py for a bounded number of cases.

    python bench/fuzz.py                         # 100,000 cases in all (about 10-20 minutes on 2 cores)
    python bench/fuzz.py --cases 5000            # a quick look
    python bench/fuzz.py --targets html,number   # some targets only

Cases are shared out so each cheap target gets an equal part and the extractor (spaCy per case)
a smaller one (``--extract-share``). A case passes when the target returns or raises a documented
error; a crash is any other exception; a hang is a case past the target's time limit (SIGALRM).
The script prints one line per target and a total line, and exits 1 on any crash or hang.
"""

from __future__ import annotations

import argparse
import reprlib
import signal
import sys
import time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repo root: tests.security

from tests.security.fuzz_targets import TARGETS, Crash, FuzzTarget, check  # noqa: E402


class Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Hang


def _shown(case: Any) -> str:
    """A case as a finding quotes it: cut short and to a few levels (a case may nest thousands deep)."""
    return reprlib.Repr(maxlevel=4, maxstring=200, maxother=200).repr(case)[:200]


def fuzz(target: FuzzTarget, cases: int) -> tuple[int, int, int, float, list[str]]:
    """Run ``cases`` generated cases; returns (cases, crashes, hangs, seconds, first findings)."""
    counts = {"cases": 0, "crashes": 0, "hangs": 0}
    findings: list[str] = []

    # No shrinking and no example database: every case counts once, and a finding is recorded
    # (with its input) instead of stopping the run.
    @settings(
        max_examples=cases,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(target.strategy)
    def run(case: Any) -> None:
        counts["cases"] += 1
        signal.setitimer(signal.ITIMER_REAL, target.timeout_s)
        try:
            check(target, case)
        except Crash as exc:
            counts["crashes"] += 1
            if len(findings) < 5:
                findings.append(f"{exc} <- {_shown(case)}")
        except Hang:
            counts["hangs"] += 1
            if len(findings) < 5:
                findings.append(f"hang (> {target.timeout_s} s) <- {_shown(case)}")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    signal.signal(signal.SIGALRM, _alarm)
    start = time.perf_counter()
    run()
    return counts["cases"], counts["crashes"], counts["hangs"], time.perf_counter() - start, findings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000, help="cases in all (default 100,000)")
    parser.add_argument("--targets", default="", help="comma-separated target names (default: all)")
    parser.add_argument(
        "--extract-share",
        type=float,
        default=0.03,
        help="share of the cases for the extractor, which runs spaCy per case (default 0.03)",
    )
    args = parser.parse_args()
    chosen = [t for t in TARGETS if not args.targets or t.name in args.targets.split(",")]
    if not chosen:
        parser.error(f"no such target; choose from {', '.join(t.name for t in TARGETS)}")
    has_extract = any(t.name == "extract" for t in chosen)
    extract_cases = round(args.cases * args.extract_share) if has_extract else 0
    cheap = [t for t in chosen if t.name != "extract"]
    per_cheap = (args.cases - extract_cases) // max(len(cheap), 1)
    total = [0, 0, 0, 0.0]
    print(f"{'target':<16} {'cases':>8} {'crashes':>8} {'hangs':>6} {'cases/s':>9}")
    for target in chosen:
        planned = extract_cases if target.name == "extract" else per_cheap
        if target.name != "extract" and target is cheap[-1]:
            planned = args.cases - extract_cases - per_cheap * (len(cheap) - 1)  # the remainder
        cases, crashes, hangs, seconds, findings = fuzz(target, planned)
        print(f"{target.name:<16} {cases:>8,} {crashes:>8} {hangs:>6} {cases / max(seconds, 1e-9):>9,.0f}", flush=True)
        for finding in findings:
            print(f"    {finding}")
        for i, value in enumerate((cases, crashes, hangs, seconds)):
            total[i] += value
    print(f"{'total':<16} {int(total[0]):>8,} {int(total[1]):>8} {int(total[2]):>6}   in {total[3]:,.0f} s")
    return 1 if total[1] or total[2] else 0


if __name__ == "__main__":
    sys.exit(main())
