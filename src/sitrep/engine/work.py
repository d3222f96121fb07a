"""The unit of work every worker runs: raw records in, one ``Outcome`` per record out.

A worker process and a Ray actor each hold one ``Pipeline`` (model, gazetteer and actor registry
loaded once) and call ``code_records`` on a chunk of records. Reading a record
(``ingest.corpus.parse_raw``) happens here too, on the worker, so every way of running shares
every line of code between the bytes of the corpus and the coded events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.ingest.corpus import RawRecord, parse_raw
from sitrep.ingest.jsonl import Parsed
from sitrep.model import Coded, Issue
from sitrep.pipeline import Pipeline

__all__ = ["Outcome", "code_records"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """What became of one record.

    coded (Coded | None): the article and its events; None when the record was unreadable or blank.
    issues (tuple[Issue, ...]): reading issues (W001/W002/W003, or the E### of a skipped record),
        then the coding issues.
    """

    source: str
    line: int
    coded: Coded | None
    issues: tuple[Issue, ...]


def code_records(pipeline: Pipeline, records: Sequence[RawRecord], *, max_chars: int) -> list[Outcome]:
    """Read and code ``records`` in this process, in order; one ``Outcome`` per record."""
    read: list[tuple[RawRecord, Parsed | Issue | None]] = [(r, parse_raw(r, max_chars=max_chars)) for r in records]
    articles = [p.article for _, p in read if isinstance(p, Parsed)]
    coded = iter(pipeline.run(articles))
    out: list[Outcome] = []
    for record, parsed in read:
        if isinstance(parsed, Parsed):
            result = next(coded)
            out.append(
                Outcome(source=record.source, line=record.line, coded=result, issues=parsed.issues + result.issues)
            )
        elif isinstance(parsed, Issue):
            out.append(Outcome(source=record.source, line=record.line, coded=None, issues=(parsed,)))
        else:
            out.append(Outcome(source=record.source, line=record.line, coded=None, issues=()))
    return out
