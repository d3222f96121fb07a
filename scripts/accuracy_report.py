"""Regenerate docs/accuracy.md: per-field accuracy on every dev set, confusion plots, error classes,
and the confidence reliability curve.

    .venv/bin/python scripts/accuracy_report.py                 # every dev set (about 15 minutes)
    .venv/bin/python scripts/accuracy_report.py --limit 200     # a quick look (200 rows per set)

The dev data lies beside the repository (../shared/dev) and is only read: the report holds figures,
plots of counts and error classes, never rows or their text. The part of docs/accuracy.md between
the GENERATED markers is rewritten; the analysis written by hand around it is kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from sitrep.engine import Engine  # noqa: E402
from sitrep.evaluate import RowResult, Scorecard, run_eval  # noqa: E402
from sitrep.model import Article, Event  # noqa: E402
from sitrep.pipeline import Pipeline  # noqa: E402
from sitrep.settings import load_settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "dev"
DOC = ROOT / "docs" / "accuracy.md"
IMG = ROOT / "docs" / "img"
START, END = "<!-- GENERATED:START (scripts/accuracy_report.py) -->", "<!-- GENERATED:END -->"


@dataclass(frozen=True)
class DevSet:
    key: str
    title: str
    file: str
    country: tuple[str, ...] = ()
    region: tuple[str, ...] = ()


DEV_SETS = (
    DevSet("acled-global", "ACLED global, 27 Apr - 9 May 2020", "acled_global_2020-04-27_to_2020-05-09.csv"),
    DevSet("acled-afghanistan", "ACLED Afghanistan, March 2020", "acled_afghanistan_2020-03.csv"),
    DevSet(
        "acled-south-asia",
        "ACLED global file, South Asian rows (Southern Asia + Afghanistan)",
        "acled_global_2020-04-27_to_2020-05-09.csv",
        ("Afghanistan",),
        ("Southern Asia",),
    ),
    DevSet("acled-balochistan", "ACLED Balochistan demonstrations", "acled_pakistan_balochistan_demonstrations.csv"),
    DevSet("ucdp-pakistan", "UCDP GED Pakistan (dev headlines)", "ucdp_ged_pakistan_dev.csv"),
    DevSet("gtd", "GTD 2016-2018 (dev summaries)", "gtd_2016_2018_dev.csv"),
)
FIELDS_SHOWN = (
    "event_type",
    "sub_event_type",
    "event_date",
    "fatalities",
    "actor1",
    "admin1",
    "admin2",
    "coordinates",
    "coordinates_50km",
)


class RecordingCoder:
    """The pipeline, keeping each event's confidence for the reliability curve."""

    def __init__(self, workers: int) -> None:
        self.engine = Engine(Pipeline(load_settings().untriaged()), workers=workers)
        self.confidence: dict[str, float] = {}

    def __call__(self, articles: Iterable[Article]) -> list[Event]:
        events = list(self.engine.extract(articles))
        self.confidence.update({e.event_id: e.confidence for e in events})
        return events


def confusion_plot(card: Scorecard, path: Path, title: str) -> None:
    gold_labels = sorted(card.event_type_confusion)
    pred_labels = sorted({p for preds in card.event_type_confusion.values() for p in preds})
    grid = [[card.event_type_confusion[g].get(p, 0) for p in pred_labels] for g in gold_labels]
    fig, ax = plt.subplots(figsize=(1.2 + 1.1 * len(pred_labels), 1.0 + 0.55 * len(gold_labels)))
    ax.imshow([[v / max(sum(row), 1) for v in row] for row in grid], cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(
        range(len(pred_labels)), [p.replace("/", "/\n") for p in pred_labels], rotation=45, ha="right", fontsize=7
    )
    ax.set_yticks(range(len(gold_labels)), gold_labels, fontsize=7)
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            if v:
                ax.text(
                    j,
                    i,
                    str(v),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if v / max(sum(row), 1) > 0.5 else "black",
                )
    ax.set_xlabel("predicted"), ax.set_ylabel("gold"), ax.set_title(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def reliability(pairs: Sequence[tuple[float, bool]], path: Path) -> tuple[list[tuple[str, int, float, float]], float]:
    """Bins of confidence against the share of events typed right; returns rows and the ECE."""
    edges = [0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001]
    rows, ece = [], 0.0
    for lo, hi in zip(edges, edges[1:], strict=False):
        inside = [(c, ok) for c, ok in pairs if lo <= c < hi]
        if not inside:
            continue
        mean_c = sum(c for c, _ in inside) / len(inside)
        acc = sum(ok for _, ok in inside) / len(inside)
        rows.append((f"{lo:.1f}-{min(hi, 1.0):.1f}", len(inside), mean_c, acc))
        ece += len(inside) / len(pairs) * abs(mean_c - acc)
    fig, ax = plt.subplots(figsize=(4.2, 4.0))
    ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1)
    ax.plot([r[2] for r in rows], [r[3] for r in rows], marker="o")
    for _label, n, c, a in rows:
        ax.annotate(str(n), (c, a), fontsize=7, textcoords="offset points", xytext=(4, -10))
    ax.set_xlabel("confidence (bin mean)"), ax.set_ylabel("share with event_type right")
    ax.set_title(f"Reliability, ACLED events (ECE {ece:.3f})", fontsize=9)
    ax.set_xlim(0, 1), ax.set_ylim(0, 1)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return rows, ece


def error_classes(results: Iterable[RowResult]) -> Counter[str]:
    """Name each miss by what went wrong, so the largest class can be worked first."""
    classes: Counter[str] = Counter()
    for r in results:
        f = r.fields
        if not r.event_id:
            classes["no event coded for the gold event"] += 1
            continue
        if f.get("event_type") is False:
            classes[f"event type: {r.gold_event_type} coded as {r.predicted_event_type}"] += 1
        elif f.get("sub_event_type") is False:
            classes[f"sub-event type: {r.gold_sub_event_type} coded as {r.predicted_sub_event_type}"] += 1
        if f.get("fatalities") is False:
            classes["fatalities: count differs"] += 1
        if f.get("admin1") is False:
            classes["place: wrong or no admin1"] += 1
        elif f.get("admin2") is False:
            classes["place: admin1 right, admin2 wrong"] += 1
        if f.get("actor1") is False:
            classes["actor: gold actor1 not among the event's actors"] += 1
        if f.get("event_date") is False:
            classes["date: wrong day"] += 1
    return classes


def pct(correct: int, n: int) -> str:
    return "-" if n == 0 else f"{100 * correct / n:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="rows per dev set (default: all)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sets", default="", help="comma-separated keys (default: all)")
    args = parser.parse_args()
    if not DEV.is_dir():
        print(f"accuracy_report: no dev data at {DEV}", file=sys.stderr)
        return 2
    IMG.mkdir(parents=True, exist_ok=True)
    coder = RecordingCoder(args.workers)
    chosen = [s for s in DEV_SETS if not args.sets or s.key in args.sets.split(",")]
    cards: list[tuple[DevSet, Scorecard]] = []
    for dev in chosen:
        print(f"[accuracy] {dev.title} ...", file=sys.stderr, flush=True)
        card = run_eval(
            DEV / dev.file,
            code=coder,
            limit=args.limit,
            country=list(dev.country) or None,
            region=list(dev.region) or None,
        )
        cards.append((dev, card))

    out = [
        START,
        "",
        f"Generated {dt.date.today().isoformat()} by `scripts/accuracy_report.py`"
        + (f" with `--limit {args.limit}` (a partial run)" if args.limit else "")
        + ".",
        "",
    ]
    out += [
        "## Per-field accuracy (%)",
        "",
        "| dev set | rows | " + " | ".join(FIELDS_SHOWN) + " |",
        "|---|---:|" + "---:|" * len(FIELDS_SHOWN),
    ]
    for dev, card in cards:
        by = {fs.field: fs for fs in card.fields}
        cells = [pct(by[f].correct, by[f].n) if f in by else "" for f in FIELDS_SHOWN]
        out.append(f"| {dev.title} | {card.rows:,} | " + " | ".join(cells) + " |")
    out += [
        "",
        "Empty cells: the gold file has no such field. `coordinates`, `coordinates_50km`: the coded "
        "point within 25 or 50 km of the gold point.",
        "",
    ]

    out += ["## Event-type confusion", ""]
    for dev, card in cards:
        if not card.event_type_confusion:
            continue
        png = IMG / f"confusion_{dev.key}.png"
        confusion_plot(card, png, dev.title)
        out += [f"### {dev.title}", "", f"![event-type confusion, {dev.title}](img/{png.name})", ""]
        if card.sub_event_confusions:
            out += ["Most frequent sub-event confusions (gold → predicted: rows):", ""]
            out += [f"- {g} → {p}: {n}" for g, p, n in card.sub_event_confusions[:8]]
            out.append("")

    classes = Counter[str]()
    for _, card in cards:
        classes.update(error_classes(card.results))
    out += ["## The ten most common error classes (all dev sets)", "", "| # | class | rows |", "|---:|---|---:|"]
    out += [f"| {i} | {name} | {n:,} |" for i, (name, n) in enumerate(classes.most_common(10), 1)]
    out.append("")

    pairs = [
        (coder.confidence[r.event_id], bool(r.fields.get("event_type")))
        for dev, card in cards
        if dev.key.startswith("acled")
        for r in card.results
        if r.event_id in coder.confidence and "event_type" in r.fields
    ]
    if pairs:
        rows, ece = reliability(pairs, IMG / "reliability.png")
        out += [
            "## Confidence reliability (ACLED sets)",
            "",
            "![reliability curve](img/reliability.png)",
            "",
            "| confidence | events | mean confidence | event_type right |",
            "|---|---:|---:|---:|",
        ]
        out += [f"| {label} | {n:,} | {c:.2f} | {100 * a:.1f}% |" for label, n, c, a in rows]
        out += ["", f"Expected calibration error: {ece:.3f} over {len(pairs):,} aligned events.", ""]
    out.append(END)

    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Accuracy\n\n{START}\n{END}\n"
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    DOC.write_text(head + "\n".join(out) + tail, encoding="utf-8")
    print(f"[accuracy] wrote {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
