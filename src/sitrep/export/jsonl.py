"""JSON Lines: one event object per line, keys in ``EVENT_FIELDS`` order, UTF-8 kept as is."""

from __future__ import annotations

import json

from sitrep.export.base import Writer
from sitrep.export.fields import ReviewMark
from sitrep.model import Event

__all__ = ["JsonLinesWriter"]


class JsonLinesWriter(Writer):
    def _write(self, event: Event, review: ReviewMark | None) -> None:
        self.stream.write(json.dumps(self.fields(event, review), ensure_ascii=False) + "\n")
        self.count += 1
