"""The triage lexicon: cues and context families from data/lexicons/triage.toml, compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, ValidationError

from sitrep.errors import DataFileError, Errors
from sitrep.resources import data_path, load_toml

__all__ = ["LEXICON_FILE", "Cue", "Lexicon", "load_lexicon"]

LEXICON_FILE = "lexicons/triage.toml"


class _CueIn(BaseModel):
    """One entry of the TOML file, validated on load (the file's shape is an edge of sitrep)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    pattern: str
    weight: float
    rule: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Cue:
    """A word family that weighs for (cue) or against (context) parsing an article.

    id (str): the entry's id, named in triage reasons.
    weight (float): added to the score once when the family occurs; negative for context.
    rule (str): the ACLED codebook rule the entry implements.
    """

    id: str
    weight: float
    rule: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Lexicon:
    """Every cue and context family, with one compiled alternation finding all of them at once.

    pattern (re.Pattern[str]): ``(?<![a-z0-9])(?:(?P<g0>…)|(?P<g1>…)|…)\\b``, matched on lowercased
        text (four times faster than ``re.IGNORECASE``); group ``g<i>`` is ``cues[i]``, the groups
        tried weightiest first.
    """

    cues: tuple[Cue, ...]
    pattern: re.Pattern[str]


@cache
def load_lexicon(relative: str = LEXICON_FILE) -> Lexicon:
    """Read and compile the lexicon (cached per process). A broken entry raises ``DataFileError``
    (E008) naming the file and the entry."""
    raw = load_toml(relative)
    entries: list[_CueIn] = []
    for section in ("cue", "context"):
        for i, item in enumerate(raw.get(section, [])):
            try:
                entry = _CueIn.model_validate(item)
                re.compile(entry.pattern)
            except (ValidationError, re.error) as exc:
                name = item.get("id", f"{section}[{i}]") if isinstance(item, dict) else f"{section}[{i}]"
                raise DataFileError(Errors.E008.format(path=data_path(relative), entry=name, detail=exc)) from exc
            detail = ""
            if (entry.weight < 0) != (section == "context"):
                detail = "a cue weighs more than 0 and a context less than 0"
            elif entry.pattern != entry.pattern.lower():
                detail = "patterns are lowercase (they are matched on lowercased text)"
            if detail:
                raise DataFileError(Errors.E008.format(path=data_path(relative), entry=entry.id, detail=detail))
            entries.append(entry)
    # At one position the alternation takes the first family that matches, so where two share a
    # word ("military" and "military vehicles", "fired" and "fired at") the weightier goes first.
    order = sorted(range(len(entries)), key=lambda i: -abs(entries[i].weight))
    groups = "|".join(f"(?P<g{i}>{entries[i].pattern})" for i in order)
    pattern = re.compile(rf"(?<![a-z0-9])(?:{groups})\b")
    return Lexicon(cues=tuple(Cue(id=e.id, weight=e.weight, rule=e.rule) for e in entries), pattern=pattern)
