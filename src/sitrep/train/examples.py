"""Training examples: the text a learned typer reads for an event, and the label a person gave it.

The text is built as the pipeline builds it when it codes (``extract.lead.model_input``): the
event's clauses beyond the article's lead, then the lead. A gold file's row is a note or summary
that is all lead; an event in the store brings its clauses (its ``notes`` evidence) and its
article's text from the store.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep.errors import Errors, InputError
from sitrep.extract.lead import lead_of, model_input

if TYPE_CHECKING:
    from sitrep.store import Store

__all__ = ["LABEL_FIELDS", "Example", "Examples", "from_csv", "from_gold", "from_store"]

LABEL_FIELDS = ("sub_event_type", "event_type")
TYPE_FIELDS = frozenset(LABEL_FIELDS)  # an analyst's correction of one of these makes a training example


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class Examples:
    """Examples and where they came from, for the model card.

    sha256 (str): of the data file, or for a store of the examples themselves.
    skipped (Mapping[str, int]): rows left out, by reason.
    """

    source: str
    sha256: str
    rows: tuple[Example, ...]
    label_field: str
    skipped: Mapping[str, int] = field(default_factory=dict)


def text_of(text: str) -> str:
    """The model's input for a text with no clause of its own marked: its lead."""
    return model_input(lead_of(text))


def from_gold(path: str | Path, *, label: str = "sub_event_type", half: str | None = None) -> Examples:
    """The rows of a gold file in any layout ``sitrep eval`` reads, labelled by their ``label``
    field (``sub_event_type`` or ``event_type``); ``half`` keeps one hash half (``gold.half_of``).
    A note shared by several rows (ACLED splits a report by place) is one example per label."""
    from sitrep.evaluate.gold import half_of, load_gold

    if label not in LABEL_FIELDS:
        raise InputError(Errors.E087.format(source=path, detail=f"--label-field must be one of {LABEL_FIELDS}"))
    gold = load_gold(path)
    skipped: dict[str, int] = dict(gold.skipped)
    seen: set[tuple[str, str]] = set()
    rows: list[Example] = []
    for row in gold.rows:
        value = getattr(row, label)
        if not value:
            skipped[f"no {label}"] = skipped.get(f"no {label}", 0) + 1
            continue
        if half is not None and half_of(row.article.text) != half:
            continue
        key = (row.article.text, value)
        if key in seen:
            continue
        seen.add(key)
        rows.append(Example(text_of(row.article.text), value))
    return Examples(str(path), _file_hash(Path(path)), tuple(rows), label, skipped)


def from_csv(path: str | Path, *, text: str, label: str, half: str | None = None) -> Examples:
    """A plain CSV of a text column and a label column (a team's own coding)."""
    from sitrep.evaluate.gold import half_of

    p = Path(path)
    if not p.is_file():
        raise InputError(Errors.E006.format(source=str(p)), source=str(p))
    skipped: dict[str, int] = {}
    rows: list[Example] = []
    with p.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = [c.strip() for c in reader.fieldnames or []]
        missing = [c for c in (text, label) if c not in header]
        if missing:
            detail = f"no column {missing[0]!r} (columns: {', '.join(header[:12]) or 'none'})"
            raise InputError(Errors.E087.format(source=p, detail=detail), source=str(p))
        for record in reader:
            row = {(k or "").strip(): (v or "").strip() for k, v in record.items()}
            if not row.get(text) or not row.get(label):
                skipped["empty text or label"] = skipped.get("empty text or label", 0) + 1
                continue
            if half is not None and half_of(row[text]) != half:
                continue
            rows.append(Example(text_of(row[text]), row[label]))
    return Examples(str(p), _file_hash(p), tuple(rows), label, skipped)


def from_store(store: Store, *, label: str = "sub_event_type") -> Examples:
    """The events analysts vouched for: confirmed ones, and ones whose type an analyst corrected
    (locked), each with the type it now has. Rejected events are not events and are left out;
    events nobody reviewed are the machine's own guesses and are left out too."""
    if label not in LABEL_FIELDS:
        raise InputError(Errors.E087.format(source="store", detail=f"--label-field must be one of {LABEL_FIELDS}"))
    skipped: dict[str, int] = {}
    rows: list[Example] = []
    for event in store.iter_events(order="event_id"):
        review = store.review(event.event_id)
        if review is None or not (review.reviewed or TYPE_FIELDS & set(review.locked)):
            skipped["not reviewed"] = skipped.get("not reviewed", 0) + 1
            continue
        article = store.article(event.article_ids[0]) if event.article_ids else None
        if article is None:
            skipped["article not stored"] = skipped.get("article not stored", 0) + 1
            continue
        clauses = [e for e in event.evidence.get("notes", ()) if e.article_id == article.id]
        value = str(getattr(event, label))
        rows.append(Example(model_input(lead_of(article.text, article_id=article.id), clauses), value))
    digest = hashlib.sha256("\n".join(f"{e.label}\t{e.text}" for e in rows).encode("utf-8")).hexdigest()
    return Examples("store", digest, tuple(rows), label, skipped)


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
