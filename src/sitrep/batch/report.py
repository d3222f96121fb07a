"""``BatchReport``: what a batch run did, a plain record ``run`` fills in and the CLI prints.

It lives apart from ``run`` so that every module of ``batch`` can name it without importing the
orchestration; the pure stages (``fusion``) never touch it: they return their counts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sitrep.model import Issue

__all__ = ["BatchReport"]


@dataclass(slots=True, kw_only=True)
class BatchReport:
    """What a batch run did.

    records (int): records read (JSON Lines lines that were not blank, Parquet rows).
    articles (int): articles coded; unreadable (int): records skipped with an E### issue.
    skipped (int): articles of ``articles`` that triage skipped before the parse (no events, W080).
    events (int): events written; seconds (float): wall time, start-up included.
    duplicates, windows, largest_window (int): with fusion, articles skipped as repeats, the
        fusion windows and the reports in the largest one.
    """

    files: int = 0
    records: int = 0
    articles: int = 0
    unreadable: int = 0
    skipped: int = 0
    events: int = 0
    duplicates: int = 0
    windows: int = 0
    largest_window: int = 0
    seconds: float = 0.0
    issues: list[Issue] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        return Counter(i.code for i in self.issues)
