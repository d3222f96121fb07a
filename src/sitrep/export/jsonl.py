"""JSON Lines: one event object per line, keys in ``EVENT_FIELDS`` order, UTF-8 kept as is."""

from __future__ import annotations

import json

from sitrep.export.base import Writer
from sitrep.export.fields import event_to_dict
from sitrep.model import Event

__all__ = ["JsonLinesWriter"]


class JsonLinesWriter(Writer):
    def _write(self, event: Event) -> None:
        self.stream.write(json.dumps(event_to_dict(event), ensure_ascii=False) + "\n")
        self.count += 1
