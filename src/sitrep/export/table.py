"""A plain aligned text table for people reading a terminal (the README demo).

Columns: event id, date, type / sub-type, actors, location, admin1 / admin2, country, fatalities
(the id is what `sitrep events history ID` and the review commands take). Rows are
held until ``finish()`` so the columns can be sized; long cells are cut with ``…``.
Not meant to be parsed: use ``jsonl`` or ``csv`` for that.
"""

from __future__ import annotations

from typing import TextIO

from sitrep.export.base import Writer
from sitrep.export.fields import ReviewMark
from sitrep.model import Event

__all__ = ["TableWriter"]

HEADER = ("event id", "date", "type / sub-type", "actors", "location", "admin1 / admin2", "country", "fatalities")
DEFAULT_MAX_WIDTH = 40


def _join(parts: tuple[str, ...], sep: str) -> str:
    return sep.join(p for p in parts if p)


def _fatalities(event: Event) -> str:
    if event.fatalities_low == event.fatalities_high:
        return str(event.fatalities)
    return f"{event.fatalities} ({event.fatalities_low}-{event.fatalities_high})"


def _row(event: Event) -> tuple[str, ...]:
    return (
        event.event_id,
        event.event_date.isoformat(),
        _join((event.event_type, event.sub_event_type), " / "),
        _join((event.actor1, event.actor2), " vs "),
        event.location,
        _join((event.admin1, event.admin2), " / "),
        event.country,
        _fatalities(event),
    )


class TableWriter(Writer):
    """max_width (int): the widest a column may be, in characters. A table is for reading, not
    for tools: it keeps its columns whether or not ``reviews`` is asked."""

    def __init__(self, stream: TextIO, *, max_width: int = DEFAULT_MAX_WIDTH, reviews: bool = False) -> None:
        super().__init__(stream, reviews=reviews)
        self.max_width = max(max_width, 4)
        self._rows: list[tuple[str, ...]] = []

    def _cut(self, cell: str) -> str:
        cell = " ".join(cell.split())  # no newlines or tabs inside a cell
        return cell if len(cell) <= self.max_width else cell[: self.max_width - 1] + "…"

    def _write(self, event: Event, review: ReviewMark | None) -> None:
        self._rows.append(tuple(self._cut(c) for c in _row(event)))
        self.count += 1

    def _finish(self) -> None:
        rows = [HEADER, *self._rows]
        widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
        last = len(HEADER) - 1

        def line(row: tuple[str, ...]) -> str:
            cells = [c.rjust(w) if i == last else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
            return "  ".join(cells).rstrip()

        self.stream.write(line(HEADER) + "\n")
        self.stream.write("  ".join("-" * w for w in widths) + "\n")
        for row in self._rows:
            self.stream.write(line(row) + "\n")
        if not self._rows:
            self.stream.write("(no events)\n")
