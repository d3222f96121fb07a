"""Print a ``Scorecard``: a text report for people, a JSON dump for scripts. Both are deterministic
(sorted keys, no timestamps), so two runs of the same coder on the same file diff clean."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sitrep.evaluate.score import Scorecard

__all__ = ["side_by_side", "to_dict", "to_json", "to_text", "write_json"]


def to_text(card: Scorecard) -> str:
    """The human-readable report: header, per-field accuracy, event-type confusion, sub-type confusions."""
    lines = [f"sitrep eval: {card.gold or '(rows)'}" + (f" [{card.format}]" if card.format else "")]
    if card.filters:
        lines.append("filters: " + "; ".join(f"{k}={v}" for k, v in sorted(card.filters.items())))
    lines.append(
        f"rows {card.rows}   articles {card.articles}   events {card.events}   "
        f"rows with no event {card.no_event} ({_pct(card.no_event, card.rows)})"
    )
    if card.events_per_article is not None:
        lines.append(f"events per article {card.events_per_article:.2f} (gold: 1, the main event)")
    if card.skipped:
        lines.append("skipped rows: " + ", ".join(f"{k} {v}" for k, v in sorted(card.skipped.items())))
    lines += ["", f"{'field':<16}{'correct':>9}{'n':>8}{'accuracy':>10}"]
    for fs in card.fields:
        acc = "-" if fs.n == 0 else _pct(fs.correct, fs.n)
        lines.append(f"{fs.field:<16}{fs.correct:>9}{fs.n:>8}{acc:>10}")
    for group, scores in card.place_split.items():
        lines += ["", f"{group} ({max((fs.n for fs in scores), default=0)} rows)"]
        for fs in scores:
            acc = "-" if fs.n == 0 else _pct(fs.correct, fs.n)
            lines.append(f"  {fs.field:<14}{fs.correct:>9}{fs.n:>8}{acc:>10}")
    if card.event_type_confusion:
        lines += ["", "event_type confusion (gold: predicted rows, most first)"]
        for gold, preds in card.event_type_confusion.items():
            n = sum(preds.values())
            right = sum(v for k, v in preds.items() if k == gold or k in gold.split(" or "))
            cells = ", ".join(f"{p} {c}" for p, c in sorted(preds.items(), key=lambda kv: (-kv[1], kv[0])))
            lines.append(f"  {gold} (n={n}, {_pct(right, n)} right): {cells}")
    if card.sub_event_confusions:
        if card.format == "fakes":
            lines += ["", "top cause confusions (gold cause -> predicted sub_event_type: rows)"]
        else:
            lines += ["", "top sub_event_type confusions (gold -> predicted: rows)"]
        lines += [f"  {g} -> {p}: {n}" for g, p, n in card.sub_event_confusions]
    return "\n".join(lines) + "\n"


def side_by_side(rules: Scorecard, learned: Scorecard, *, model: str = "") -> str:
    """Per-field accuracy of the rules alone and of rules with a model (``sitrep eval --model``)."""
    lines = ["", f"rules alone vs rules + model{f' ({model})' if model else ''}"]
    lines.append(f"{'field':<16}{'n':>7}{'rules':>10}{'+ model':>10}{'change':>9}")
    theirs = {fs.field: fs for fs in learned.fields}
    for fs in rules.fields:
        other = theirs.get(fs.field)
        if other is None or fs.n == 0:
            continue
        a, b = fs.correct / fs.n, other.correct / max(other.n, 1)
        lines.append(f"{fs.field:<16}{fs.n:>7}{a:>10.1%}{b:>10.1%}{(b - a) * 100:>+8.1f}p")
    lines.append(f"{'rows with no event':<23}{rules.no_event:>10}{learned.no_event:>10}")
    return "\n".join(lines) + "\n"


def to_dict(card: Scorecard) -> dict[str, Any]:
    """Plain JSON-ready data: summary, fields (with accuracy), confusions and every row's result."""
    return {
        "gold": card.gold,
        "format": card.format,
        "filters": dict(sorted(card.filters.items())),
        "skipped": dict(sorted(card.skipped.items())),
        "rows": card.rows,
        "articles": card.articles,
        "events": card.events,
        "no_event": card.no_event,
        "events_per_article": None if card.events_per_article is None else round(card.events_per_article, 6),
        "fields": {
            fs.field: {
                "correct": fs.correct,
                "n": fs.n,
                "accuracy": None if fs.accuracy is None else round(fs.accuracy, 6),
            }
            for fs in card.fields
        },
        "place_split": {
            group: {
                fs.field: {
                    "correct": fs.correct,
                    "n": fs.n,
                    "accuracy": None if fs.accuracy is None else round(fs.accuracy, 6),
                }
                for fs in scores
            }
            for group, scores in card.place_split.items()
        },
        "event_type_confusion": {g: dict(p) for g, p in card.event_type_confusion.items()},
        "sub_event_type_confusions": [{"gold": g, "predicted": p, "rows": n} for g, p, n in card.sub_event_confusions],
        "results": [
            {
                "row_id": r.row_id,
                "article_id": r.article_id,
                "event_id": r.event_id,
                "gold_event_type": r.gold_event_type,
                "predicted_event_type": r.predicted_event_type,
                "gold_sub_event_type": r.gold_sub_event_type,
                "predicted_sub_event_type": r.predicted_sub_event_type,
                "in_gazetteer": r.in_gazetteer,
                "fields": dict(r.fields),
            }
            for r in card.results
        ],
    }


def to_json(card: Scorecard) -> str:
    return json.dumps(to_dict(card), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_json(card: Scorecard, path: str | Path) -> None:
    Path(path).write_text(to_json(card), encoding="utf-8")


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"
