"""The rules' reading of training texts: for each event the rules find, what a learned typer will
read when it codes that event (its text) and how the rules typed it.

A model that reads the rules' decision beside the text (``assemble.learned.rules_features``)
must be trained on the rules' decisions on its training texts, made exactly as when it codes:
each text goes through spaCy, extract, geo and assemble, with a typer here that only records
what assemble hands it and keeps the rules' type.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.assemble.learned import Decision
from sitrep.extract.classify import Typing

if TYPE_CHECKING:
    from sitrep.model import Article
    from sitrep.pipeline import Pipeline

__all__ = ["RulesEvent", "read_with_rules"]


@dataclass(frozen=True, slots=True)
class RulesEvent:
    """One event the rules found: its id, the text a model reads for it, and the rules' typing."""

    event_id: str
    text: str
    typing: Typing


class _Recorder:
    """A typer that keeps the rules' type and notes, per event, the text and typing it was given."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, Typing]] = []
        self._texts: list[str] = []

    def probabilities(
        self, texts: Sequence[str], rules: Sequence[Typing | None] | None = None
    ) -> list[dict[str, float]]:
        self._texts = list(texts)
        return [{} for _ in texts]

    def decide(self, rules: Typing, probs: Mapping[str, float]) -> Decision:
        self.seen.append((self._texts.pop(0), rules))
        return Decision(rules, "rules", 0.0, str(len(self.seen) - 1))  # label: the index of what was seen


def read_with_rules(articles: Iterable[Article], *, pipeline: Pipeline | None = None) -> dict[str, list[RulesEvent]]:
    """Each article's events as the rules find them (no triage: a coded text is read whatever it
    says); an article the rules find no event in, or that fails to code, maps to an empty list."""
    from sitrep.pipeline import Pipeline

    rules = pipeline or Pipeline()
    batch = list(articles)
    recorder = _Recorder()
    out: dict[str, list[RulesEvent]] = {}
    texts = [a.text for a in batch]
    for article, doc in zip(batch, rules.nlp.pipe(texts, batch_size=rules.settings.batch_size), strict=True):
        out[article.id] = []
        if not article.text.strip():
            continue
        try:
            events, _ = rules.code_doc(doc, article, typer=recorder)
        except Exception:  # a text the rules cannot code teaches from its words alone
            continue
        for event in events:
            text, typing = recorder.seen[int(event.label)]
            out[article.id].append(RulesEvent(event.event_id, text, typing))
    return out
