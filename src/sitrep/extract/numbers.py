"""Counts as news writes them: figures, number words, ranges, hedges and vague words.

The reader works on lower-cased token texts (``[t.lower_ for t in sent]``), so it needs no spaCy
objects and no per-call pattern compilation. ``read_quantity(words, i)`` returns the quantity that
starts at token ``i`` or ``None``.

How each form becomes a UCDP-style ``low / best / high`` (``best`` is the ACLED figure):

=====================================================  =====  ======  =====
form                                                   low    best    high
=====================================================  =====  ======  =====
``12``, ``twelve``, ``about 12``, ``some 12``          12     12      12
``at least 12``, ``more than 12``, ``over 12``         12     12      12
``up to 12``, ``as many as 12``, ``at most 12``        1      12      12
``12 to 15``, ``12-15``, ``between 12 and 15``         12     12      15
``two dozen``                                          24     24      24
vague word (``dozens``, ``several``: quantities.toml)  table  table   table
=====================================================  =====  ======  =====

ACLED codebook, Reported fatalities: "the most conservative estimate available" is coded, so a floor
("at least N", "more than N") codes N and a range codes its lower end. UCDP GED takes the lowest and
highest *reported* figures as low and high, so a floor adds nothing above N; a ceiling ("up to N")
reports only that fewer may have died, so its low is 1.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from sitrep.errors import DataFileError, Errors
from sitrep.resources import data_path, load_toml

__all__ = [
    "QUANTITIES_FILE",
    "Quantity",
    "VagueQuantity",
    "load_vague_quantities",
    "parse_number",
    "read_number",
    "read_quantity",
]

logger = logging.getLogger(__name__)

QUANTITIES_FILE = "rules/quantities.toml"

_ONES: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_HYPHENS = frozenset({"-", "–", "—"})

# Hedges before a figure, as lower-case token tuples, longest first within each kind.
_FLOOR = (
    ("no", "fewer", "than"), ("no", "less", "than"), ("not", "less", "than"), ("in", "excess", "of"),
    ("a", "minimum", "of"), ("upwards", "of"), ("well", "over"), ("well", "above"), ("at", "least"),
    ("more", "than"), ("over",),
)  # fmt: skip
_CEILING = (("as", "many", "as"), ("no", "more", "than"), ("up", "to"), ("at", "most"))
_APPROX = (
    ("an", "estimated"), ("a", "total", "of"), ("close", "to"), ("just", "over"), ("just", "under"),
    ("about",), ("around",), ("approximately",), ("roughly",), ("nearly",), ("almost",), ("some",),
    ("estimated",),
)  # fmt: skip
_RANGE_JOIN = frozenset({"to", "-", "–", "—", "or"})


@dataclass(frozen=True, slots=True, kw_only=True)
class VagueQuantity:
    """One entry of ``quantities.toml``: the count coded for a vague word, and why."""

    words: tuple[str, ...]
    value: int
    low: int
    high: int
    rule: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """A count read from tokens ``start``..``end`` (exclusive) of a word list."""

    low: int
    best: int
    high: int
    start: int
    end: int
    vague: bool = False
    hedge: str = ""  # "floor", "ceiling", "approx" or "" for a bare figure


class _VagueEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: int
    low: int
    high: int
    rule: str

    @model_validator(mode="after")
    def _ordered(self) -> _VagueEntry:
        if not 0 <= self.low <= self.value <= self.high:
            raise ValueError(f"need 0 <= low <= value <= high, got {self.low}, {self.value}, {self.high}")
        if not self.rule.strip():
            raise ValueError("every entry must name the rule it implements")
        return self


@cache
def load_vague_quantities() -> Mapping[tuple[str, ...], VagueQuantity]:
    """Read and validate ``data/rules/quantities.toml`` (cached).

    RETURNS (Mapping[tuple[str, ...], VagueQuantity]): keyed by the lower-case token sequence.
    Raises ``DataFileError`` (E008) naming the entry when one is malformed.
    """
    table = load_toml(QUANTITIES_FILE).get("vague", {})
    out: dict[tuple[str, ...], VagueQuantity] = {}
    for key, raw in table.items():
        try:
            entry = _VagueEntry.model_validate(raw)
        except ValidationError as exc:
            detail = "; ".join(err["msg"] for err in exc.errors())
            raise DataFileError(Errors.E008.format(path=data_path(QUANTITIES_FILE), entry=key, detail=detail)) from exc
        words = tuple(key.lower().split())
        out[words] = VagueQuantity(words=words, value=entry.value, low=entry.low, high=entry.high, rule=entry.rule)
    return out


@cache
def _vague_index() -> dict[str, tuple[VagueQuantity, ...]]:
    """First word -> entries starting with it, longest first."""
    index: dict[str, list[VagueQuantity]] = {}
    for entry in load_vague_quantities().values():
        index.setdefault(entry.words[0], []).append(entry)
    return {k: tuple(sorted(v, key=lambda e: -len(e.words))) for k, v in index.items()}


def _starts_with(words: Sequence[str], i: int, seq: tuple[str, ...]) -> bool:
    return tuple(words[i : i + len(seq)]) == seq


def _digits(word: str) -> int | None:
    text = word.replace(",", "")
    if text.isdecimal() and len(text) <= 9:
        return int(text)
    return None


def read_number(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """Read one figure at ``words[i]``: "37", "1,200", "thirty-seven", "two hundred and five".

    RETURNS (tuple[int, int] | None): the value and the index just past it.
    """
    n = len(words)
    if i >= n:
        return None
    first = _digits(words[i])
    if first is not None:
        j = i + 1
        if j < n and words[j] in _SCALES:
            return first * _SCALES[words[j]], j + 1
        return first, j
    total = 0
    current = 0
    seen = False
    prev = ""  # class of the previous word: "ones", "tens", "scale"
    j = i
    while j < n:
        w = words[j]
        if w in _ONES and prev in ("", "scale") or (prev == "tens" and _ONES.get(w, 10) < 10):
            current += _ONES[w]
            prev = "ones"
        elif w in _TENS and prev in ("", "scale"):
            current += _TENS[w]
            prev = "tens"
            if j + 2 < n and words[j + 1] in _HYPHENS and words[j + 2] in _ONES and _ONES[words[j + 2]] < 10:
                current += _ONES[words[j + 2]]
                prev = "ones"
                j += 2
        elif w in _SCALES and seen:
            scale = _SCALES[w]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
            prev = "scale"
        elif (
            w == "and"
            and seen
            and j + 1 < n
            and (words[j + 1] in _ONES or words[j + 1] in _TENS)
            and (words[j - 1] in _SCALES)
        ):
            pass
        else:
            break
        seen = True
        j += 1
    if not seen:
        return None
    return total + current, j


def parse_number(text: str) -> int | None:
    """Parse a whole string as one figure ("thirty-seven" -> 37, "1,200" -> 1200); ``None`` otherwise."""
    words: list[str] = []
    for part in text.lower().replace("–", "-").split():
        pieces = part.split("-")
        for k, piece in enumerate(pieces):
            if k:
                words.append("-")
            if piece:
                words.append(piece)
    got = read_number(words, 0)
    if got is None or got[1] != len(words):
        return None
    return got[0]


@cache
def _hedge_index() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """First word -> (kind, words) of each hedge starting with it, floor, ceiling, approx in order."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for kind, seqs in (("floor", _FLOOR), ("ceiling", _CEILING), ("approx", _APPROX)):
        for seq in seqs:
            index.setdefault(seq[0], []).append((kind, seq))
    return {k: tuple(v) for k, v in index.items()}


def _read_hedge(words: Sequence[str], i: int) -> tuple[str, int]:
    if i < len(words):
        for kind, seq in _hedge_index().get(words[i], ()):
            if _starts_with(words, i, seq):
                return kind, i + len(seq)
    return "", i


def _read_vague(words: Sequence[str], i: int) -> tuple[VagueQuantity, int] | None:
    if i >= len(words):
        return None
    for entry in _vague_index().get(words[i], ()):
        if _starts_with(words, i, entry.words):
            j = i + len(entry.words)
            if j < len(words) and words[j] == "of":
                j += 1
            return entry, j
    return None


def read_quantity(words: Sequence[str], i: int) -> Quantity | None:
    """Read the count that starts at ``words[i]``, hedge and trailing "of" included.

    words (Sequence[str]): lower-case token texts of one sentence.
    RETURNS (Quantity | None): ``None`` when no count starts at ``i``.
    """
    n = len(words)
    if i >= n:
        return None
    if words[i] == "between":
        a = read_number(words, i + 1)
        if a is not None and a[1] < n and words[a[1]] in ("and", "to"):  # "between 2 and 4", "between 2 to 4"
            b = read_number(words, a[1] + 1)
            if b is not None and b[0] >= a[0]:
                return Quantity(low=a[0], best=a[0], high=b[0], start=i, end=b[1], hedge="")
        return None
    kind, j = _read_hedge(words, i)
    num = read_number(words, j)
    if num is not None:
        value, k = num
        # "two dozen", "two-dozen"
        m = k + 1 if k < n and words[k] in _HYPHENS else k
        if m < n and words[m] == "dozen":
            value, k = value * 12, m + 1
        low, best, high = value, value, value
        # a range: "12 to 15", "12-15", "two or three"
        if k + 1 < n and words[k] in _RANGE_JOIN:
            other = read_number(words, k + 1)
            if other is not None and other[0] > value:
                high = other[0]
                k = other[1]
        if kind == "ceiling":
            low = min(1, best)
        if k < n and words[k] == "of" and k + 1 < n and words[k + 1] in ("the", "them", "those", "whom"):
            k += 1
        return Quantity(low=low, best=best, high=high, start=i, end=k, hedge=kind)
    vague = _read_vague(words, j)
    if vague is None and kind == "approx" and words[i] == "some":
        vague = _read_vague(words, i)  # "some" on its own is a vague word, not a hedge
        kind = ""
    if vague is not None:
        entry, k = vague
        low = entry.low
        if kind == "ceiling":
            low = min(1, entry.low)
        elif kind == "floor":
            low = entry.value
        return Quantity(low=low, best=entry.value, high=entry.high, start=i, end=k, vague=True, hedge=kind)
    return None
