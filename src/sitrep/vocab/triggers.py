"""Event triggers: find the words that say something happened, and how (negated, attempted, hypothetical).

The lexicon is ``data/lexicons/triggers.toml``. Matching is on each token's lower-case lemma or
surface form, so "shelled", "shelling" and a sentence-initial "Shelled" mis-tagged as a proper noun
all match ``shell``. Overlapping matches keep the longest: "seized explosives" is a weapons seizure,
not an explosion.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from sitrep.errors import DataFileError, Errors
from sitrep.resources import data_path, load_toml

__all__ = ["Lexicon", "Match", "TriggerEntry", "load_lexicon"]

LEXICON_FILE = "lexicons/triggers.toml"
WILDCARD_SPAN = 4  # "*" in a phrase stands for up to this many tokens


class TriggerEntry(BaseModel):
    """One [[trigger]] entry of the lexicon file, validated on load."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    label: str
    rule: str
    phrases: list[str]
    strength: int = 2


@dataclass(frozen=True, slots=True)
class Match:
    """A trigger found in a token sequence: token range [start, end) and the entry that fired."""

    start: int
    end: int
    entry: TriggerEntry


# A compiled phrase: a tuple of steps; a step is a frozenset of accepted words, or None for "*".
_Phrase = tuple[frozenset[str] | None, ...]


class Lexicon:
    """The trigger lexicon, compiled for matching on lemma/lower-case token keys."""

    def __init__(self, entries: Sequence[TriggerEntry]) -> None:
        self.entries = tuple(entries)
        self._by_first: dict[str, list[tuple[_Phrase, TriggerEntry]]] = defaultdict(list)
        for entry in entries:
            for phrase in entry.phrases:
                steps = _compile(phrase)
                first = steps[0]
                assert first is not None  # _compile refuses a leading "*"
                for word in first:
                    self._by_first[word].append((steps, entry))

    def match(self, keys: Sequence[tuple[str, ...]]) -> list[Match]:
        """Find triggers in a token sequence.

        keys (Sequence[tuple[str, ...]]): for each token, the words it may be read as
            (its lower-case lemma and surface form).
        RETURNS (list[Match]): non-overlapping matches, longest first where they overlap.
        """
        found: list[Match] = []
        for i, token_keys in enumerate(keys):
            seen: set[int] = set()
            for key in token_keys:
                for steps, entry in self._by_first.get(key, ()):
                    if id(steps) in seen:
                        continue
                    seen.add(id(steps))
                    end = _match_at(steps, keys, i)
                    if end is not None:
                        found.append(Match(i, end, entry))
        return _longest(found)


def _compile(phrase: str) -> _Phrase:
    steps: list[frozenset[str] | None] = []
    for part in phrase.lower().split():
        if part == "*":
            steps.append(None)
        elif "|" not in part and "-" in part.strip("-"):
            # spaCy splits "sit-in" into "sit", "-", "in": match the pieces
            pieces = part.split("-")
            for k, piece in enumerate(pieces):
                if k:
                    steps.append(frozenset({"-"}))
                steps.append(frozenset({piece}))
        else:
            steps.append(frozenset(part.split("|")))
    if not steps or steps[0] is None or steps[-1] is None:
        raise DataFileError(Errors.E008.format(path=LEXICON_FILE, entry=phrase, detail="bad phrase"))
    return tuple(steps)


def _match_at(steps: _Phrase, keys: Sequence[tuple[str, ...]], start: int) -> int | None:
    """Return the end of a match of ``steps`` starting at token ``start``, or None."""

    def walk(step: int, pos: int) -> int | None:
        if step == len(steps):
            return pos
        accepted = steps[step]
        if accepted is None:  # wildcard: try the shortest gap first
            for gap in range(WILDCARD_SPAN + 1):
                end = walk(step + 1, pos + gap)
                if end is not None:
                    return end
            return None
        if pos < len(keys) and not accepted.isdisjoint(keys[pos]):
            return walk(step + 1, pos + 1)
        return None

    return walk(1, start + 1)


def _longest(matches: list[Match]) -> list[Match]:
    """Drop matches contained in a longer one of another entry (longest match wins)."""
    matches.sort(key=lambda m: (-(m.end - m.start), m.start))
    kept: list[Match] = []
    for m in matches:
        if any(k.start <= m.start and m.end <= k.end and k.entry.id != m.entry.id for k in kept):
            continue
        if any(k.start == m.start and k.end == m.end and k.entry.id == m.entry.id for k in kept):
            continue
        kept.append(m)
    kept.sort(key=lambda m: (m.start, m.end))
    return kept


def _entries(raw: dict[str, Any]) -> Iterator[TriggerEntry]:
    for item in raw.get("trigger", []):
        try:
            yield TriggerEntry.model_validate(item)
        except ValidationError as exc:
            entry = item.get("id", "?") if isinstance(item, dict) else "?"
            raise DataFileError(
                Errors.E008.format(path=data_path(LEXICON_FILE), entry=entry, detail=exc.errors()[0]["msg"])
            ) from exc


@cache
def load_lexicon() -> Lexicon:
    """Load and compile the packaged trigger lexicon (once per process)."""
    return Lexicon(list(_entries(load_toml(LEXICON_FILE))))
