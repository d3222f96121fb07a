"""Training examples: what a learned typer reads for an event, and the label a person gave it.

A model reads the text of an event and the rules' typing of it (``assemble.learned.model_row``),
so each training text is first coded by the rules (``rules.read_with_rules``), as the pipeline
codes it: each event the rules find in it is an example with the text's label, its text built
as the pipeline builds it (``extract.lead.model_input``: the event's clauses beyond the lead,
then the lead; a gold note or summary is all lead). A text the rules find no event in is one
example with no rules' typing (``rules=False`` skips the rules: text only). An event in the
store is matched to the rules' reading of its article by its id.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep.assemble.learned import ModelRow, model_row
from sitrep.errors import Errors, InputError
from sitrep.extract.classify import Typing
from sitrep.extract.lead import lead_of, model_input
from sitrep.model import Article

if TYPE_CHECKING:
    from sitrep.pipeline import Pipeline
    from sitrep.store import Store

__all__ = ["LABEL_FIELDS", "Example", "Examples", "from_csv", "from_gold", "from_store"]

LABEL_FIELDS = ("sub_event_type", "event_type")
TYPE_FIELDS = frozenset(LABEL_FIELDS)  # an analyst's correction of one of these makes a training example


@dataclass(frozen=True, slots=True)
class Example:
    """One training example: the text a model reads for an event, its label, and the rules'
    typing of the event (None: the rules found none, or were not asked)."""

    text: str
    label: str
    rules: Typing | None = None

    @property
    def row(self) -> ModelRow:
        return model_row(self.text, self.rules)


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


def from_gold(
    path: str | Path,
    *,
    label: str = "sub_event_type",
    half: str | None = None,
    rules: bool = True,
    pipeline: Pipeline | None = None,
) -> Examples:
    """The rows of a gold file in any layout ``sitrep eval`` reads, labelled by their ``label``
    field (``sub_event_type`` or ``event_type``); ``half`` keeps one hash half (``gold.half_of``).
    A note shared by several rows (ACLED splits a report by place) is read once, with each label."""
    from sitrep.evaluate.gold import half_of, load_gold

    if label not in LABEL_FIELDS:
        raise InputError(Errors.E087.format(source=path, detail=f"--label-field must be one of {LABEL_FIELDS}"))
    gold = load_gold(path)
    skipped: dict[str, int] = dict(gold.skipped)
    seen: set[tuple[str, str]] = set()
    texts: list[tuple[Article, str]] = []
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
        texts.append((row.article, value))
    rows = _read(texts, rules=rules, pipeline=pipeline)
    return Examples(str(path), _file_hash(Path(path)), tuple(rows), label, skipped)


def from_csv(
    path: str | Path,
    *,
    text: str,
    label: str,
    half: str | None = None,
    rules: bool = True,
    pipeline: Pipeline | None = None,
) -> Examples:
    """A plain CSV of a text column and a label column (a team's own coding). ``pipeline``: the
    one whose rules read the texts (default: a new one)."""
    from sitrep.evaluate.gold import half_of

    p = Path(path)
    if not p.is_file():
        raise InputError(Errors.E006.format(source=str(p)), source=str(p))
    skipped: dict[str, int] = {}
    texts: list[tuple[Article, str]] = []
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
            texts.append((_article(row[text]), row[label]))
    return Examples(str(p), _file_hash(p), tuple(_read(texts, rules=rules, pipeline=pipeline)), label, skipped)


def from_store(
    store: Store, *, label: str = "sub_event_type", rules: bool = True, pipeline: Pipeline | None = None
) -> Examples:
    """The events analysts vouched for: confirmed ones, and ones whose type an analyst corrected
    (locked), each with the type it now has. Rejected events are not events and are left out;
    events nobody reviewed are the machine's own guesses and are left out too. The rules' typing
    of each is the rules' reading of its article again (the stored type may be the analyst's);
    an event the rules no longer find there is an example without it."""
    if label not in LABEL_FIELDS:
        raise InputError(Errors.E087.format(source="store", detail=f"--label-field must be one of {LABEL_FIELDS}"))
    skipped: dict[str, int] = {}
    found: list[tuple[str, str, str, Article]] = []  # event id, text, label, article
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
        found.append(
            (event.event_id, model_input(lead_of(article.text, article_id=article.id), clauses), value, article)
        )
    read: dict[str, dict[str, Typing]] = {}
    if rules and found:
        from sitrep.train.rules import read_with_rules

        articles = {a.id: a for _, _, _, a in found}
        read = {
            aid: {e.event_id: e.typing for e in events}
            for aid, events in read_with_rules(articles.values(), pipeline=pipeline).items()
        }
    rows = [Example(text, value, read.get(article.id, {}).get(event_id)) for event_id, text, value, article in found]
    digest = hashlib.sha256("\n".join(f"{e.label}\t{e.text}" for e in rows).encode("utf-8")).hexdigest()
    return Examples("store", digest, tuple(rows), label, skipped)


def _read(texts: Sequence[tuple[Article, str]], *, rules: bool, pipeline: Pipeline | None) -> list[Example]:
    """Examples of (article, label) pairs: with ``rules``, one per event the rules find in the
    article (each with its text and typing), or one without a typing where they find none; else
    one per article, its lead alone."""
    if not rules:
        return [Example(text_of(article.text), value) for article, value in texts]
    from sitrep.train.rules import read_with_rules

    articles = {article.id: article for article, _ in texts}
    read = read_with_rules(articles.values(), pipeline=pipeline)
    out: list[Example] = []
    seen: set[tuple[str, str, Typing | None]] = set()
    for article, value in texts:
        events: list[tuple[str, Typing | None]] = [(e.text, e.typing) for e in read.get(article.id, [])]
        for text, typing in events or [(text_of(article.text), None)]:
            if (text, value, typing) not in seen:
                seen.add((text, value, typing))
                out.append(Example(text, value, typing))
    return out


def _article(text: str) -> Article:
    """A plain CSV row's text as an article (its id from the text; the day does not matter to its type)."""
    return Article(id="train-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], text=text, published=_NO_DAY)


_NO_DAY = dt.date(2000, 1, 1)


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
