"""Calibration: does a confidence of 0.9 mean nine in ten right? The reliability curve and its ECE.

Predictions are put in equal-width bins by their confidence; each bin's mean confidence is set
beside the share of its predictions that were right. The expected calibration error (ECE) is the
count-weighted mean gap between the two (Guo et al., 2017, "On calibration of modern neural
networks"). ``sitrep train`` writes it for the held-out part in the model card, ``sitrep eval
--model`` measures it on the gold file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["BINS", "Bin", "curve_text", "reliability"]

BINS = 10


@dataclass(frozen=True, slots=True)
class Bin:
    """One bin of a reliability curve: predictions with confidence in (low, high]."""

    low: float
    high: float
    count: int
    confidence: float  # mean confidence of its predictions
    accuracy: float  # share of them that were right


def reliability(confidences: Sequence[float], correct: Sequence[bool], bins: int = BINS) -> tuple[list[Bin], float]:
    """The reliability curve in ``bins`` equal-width bins and the expected calibration error (the
    count-weighted mean gap between confidence and accuracy)."""
    out: list[Bin] = []
    ece = 0.0
    n = len(confidences)
    for i in range(bins):
        low, high = i / bins, (i + 1) / bins
        members = [k for k, c in enumerate(confidences) if (low < c <= high) or (i == 0 and c == 0.0)]
        if not members:
            continue
        conf = sum(confidences[k] for k in members) / len(members)
        acc = sum(1 for k in members if correct[k]) / len(members)
        out.append(Bin(low, high, len(members), round(conf, 4), round(acc, 4)))
        ece += len(members) / n * abs(conf - acc)
    return out, round(ece, 4)


def curve_text(curve: Sequence[Bin], ece: float) -> str:
    """The curve as a small text table, one bin per line, and the ECE."""
    lines = ["  confidence      n   mean conf   right", "  ----------  -----  ----------  ------"]
    for b in curve:
        lines.append(f"  {b.low:.1f}-{b.high:.1f}     {b.count:5d}  {b.confidence:10.3f}  {b.accuracy:6.3f}")
    lines.append(f"  expected calibration error (ECE): {ece:.3f}")
    return "\n".join(lines) + "\n"
