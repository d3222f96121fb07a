"""The writer life cycle every format follows: ``start()``, ``write(event)`` per event, ``finish()``."""

from __future__ import annotations

from types import TracebackType
from typing import Any, TextIO

from sitrep.export.fields import ReviewMark, event_to_dict, review_to_dict
from sitrep.model import Event

__all__ = ["Writer"]


class Writer:
    """Writes events to a text stream; subclasses override the three hooks.

    ``finish()`` starts the output first if nothing was written, so an empty run still gives
    a valid document (a CSV header, an empty FeatureCollection). Usable as a context manager.
    count (int): events written; skipped (int): events the format could not hold.
    reviews (bool): add ``REVIEW_FIELDS`` (reviewed, reviewed_by) after every other field, from
        the mark given to ``write`` (a store export; ``Store.iter_marked`` yields both).
    """

    def __init__(self, stream: TextIO, *, reviews: bool = False) -> None:
        self.stream = stream
        self.reviews = reviews
        self.count = 0
        self.skipped = 0
        self._started = False
        self._finished = False

    def start(self) -> None:
        if not self._started:
            self._started = True
            self._start()

    def write(self, event: Event, review: ReviewMark | None = None) -> None:
        self.start()
        self._write(event, review)

    def fields(self, event: Event, review: ReviewMark | None) -> dict[str, Any]:
        """The event's output fields (``event_to_dict``), then its review when ``reviews``."""
        out = event_to_dict(event)
        if self.reviews:
            out.update(review_to_dict(review))
        return out

    def finish(self) -> None:
        self.start()
        if not self._finished:
            self._finished = True
            self._finish()
            self.stream.flush()

    def _start(self) -> None:
        pass

    def _write(self, event: Event, review: ReviewMark | None) -> None:
        raise NotImplementedError

    def _finish(self) -> None:
        pass

    def __enter__(self) -> Writer:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.finish()
