"""Regional phrases, historical units and "near X", read from ``data/gazetteer/regions.toml``.

News names places that no gazetteer row holds: compass regions ("northwest Pakistan", "SW
Pakistan", "Pakistan's restive northwest"), historical units ("FATA", "NWFP") and informal belts
("the tribal areas"). Each is data, mapped to the province (admin1) that covers it today; this
module only finds them in a text. ``locate`` decides what a match replaces.

    regions = load_regions()
    regions.find(text, country_of=lambda word: "PK" if word == "Pakistan" else "")
    regions.is_near(text, start)   # "... near Quetta": the words before the name say "near"
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sitrep.errors import DataFileError, Errors
from sitrep.resources import load_toml

__all__ = ["REGIONS_FILE", "RegionMatch", "Regions", "load_regions"]

REGIONS_FILE = "gazetteer/regions.toml"
_COUNTRY_WORD = r"[A-Z][A-Za-z]+"
_POSSESSIVE = r"['’]s"
_OPTIONAL_THE_UNIT = r"(?:the\s+)?(?:(?:town|city|village|border\s+town|district|area)\s+of\s+)?"


@dataclass(frozen=True, slots=True, kw_only=True)
class RegionMatch:
    """A regional phrase found in a text, with the province it stands for today.

    start, end (int): character offsets of the phrase.
    iso2 (str): the country of the province; admin1 (str): the province, as the gazetteer names it.
    country_word (str): the country name inside the phrase ("Pakistan"), "" when it has none.
    needs_country (bool): the phrase names no country ("in the northwest"); it counts only in a
        story about ``iso2``.
    rule (str): why the phrase means that province (from the data file).
    """

    start: int
    end: int
    text: str
    iso2: str
    admin1: str
    rule: str
    country_word: str = ""
    needs_country: bool = False
    steer_only: bool = False  # a bracketed abbreviation ("J&K"): names the province, re-places nothing
    overrides: bool = False  # the phrase names its unit outright ("Pakistani Kashmir"): it re-places
    # what it holds however the gazetteer placed the bare name ("Kashmir": India's state)


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: re.Pattern[str]
    iso2: str
    admin1: str
    rule: str
    form: str  # "unit", "abbreviation", "before" ("NW Pakistan"), "after" ("Pakistan's northwest"), "bare"
    overrides: bool = False
    story_only: bool = False  # counts only in a story about its country ("Kashmir" in a Pakistani story)


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation, longest first; words in capitals ("NW", "FATA") match in capitals only."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        body = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", word.strip()))
        parts.append(body if word.upper() == word else f"(?i:{body})")
    return "(?:" + "|".join(parts) + ")"


class Regions:
    """The compiled phrases of one regions file."""

    def __init__(self, data: Mapping[str, Any], *, source: str = REGIONS_FILE) -> None:
        self._patterns: list[_Pattern] = []
        self._successors: dict[str, str] = {}
        self._generic = frozenset(w.casefold() for w in data.get("generic", {}).get("words", []))
        try:
            adjectives = _alternation(data.get("compass_adjectives", {}).get("words", []) or ["restive"])
            for entry in data.get("unit", []):
                names = _alternation(entry["names"])
                if entry.get("brackets", False):  # "(Poonch district, J&K)": an abbreviation counts only there
                    regex = re.compile(rf"(?:(?<=\()|(?<=,)|(?<=, )){names}(?=\s*[),])")
                    form = "abbreviation"
                else:
                    if not entry.get("story_country", False):  # a bare divided name succeeds no one unit
                        self._successors.update({name: entry["admin1"] for name in entry["names"]})
                    regex = re.compile(rf"(?<![\w.]){names}(?![\w])")
                    form = "unit"
                overrides = bool(entry.get("overrides", False))
                story_only = bool(entry.get("story_country", False))
                self._patterns.append(
                    _Pattern(regex, entry["country"], entry["admin1"], entry["rule"], form, overrides, story_only)
                )
            for entry in data.get("compass", []):
                dirs = _alternation(entry["directions"])
                iso2, admin1, rule = entry["country"], entry["admin1"], entry["rule"]
                before = re.compile(rf"(?<![\w-])(?:{dirs})\s+(?P<country>{_COUNTRY_WORD})\b")
                after = re.compile(
                    rf"\b(?P<country>{_COUNTRY_WORD}){_POSSESSIVE}\s+(?:{adjectives}\s+)*(?:{dirs})(?![\w-])"
                )
                bare = re.compile(
                    rf"\b(?i:in)\s+(?:(?i:the)\s+)?(?:(?i:country){_POSSESSIVE}\s+)?(?:{adjectives}\s+)*"
                    rf"(?:{dirs})(?![\w-])(?!\s+[A-Z])"
                )
                self._patterns += [
                    _Pattern(before, iso2, admin1, rule, "before"),
                    _Pattern(after, iso2, admin1, rule, "after"),
                    _Pattern(bare, iso2, admin1, rule, "bare"),
                ]
            near = _alternation(data.get("near", {}).get("words", []))
        except (KeyError, TypeError, re.error) as exc:
            raise DataFileError(Errors.E008.format(path=source, entry=str(exc), detail="bad regions entry")) from exc
        self._near = re.compile(rf"(?<![\w-]){near}\s+{_OPTIONAL_THE_UNIT}$")

    def find(self, text: str, *, country_of: Callable[[str], str]) -> list[RegionMatch]:
        """The regional phrases of ``text``, in text order, none overlapping another.

        country_of (callable): the ISO alpha-2 code a word names as a country ("Pakistan" → "PK"),
            else "". A compass phrase counts only with its own country's name.
        """
        found: list[RegionMatch] = []
        for pattern in self._patterns:
            for m in pattern.regex.finditer(text):
                word = m.group("country") if "country" in pattern.regex.groupindex else ""
                if word and country_of(word) != pattern.iso2:
                    continue
                found.append(
                    RegionMatch(
                        start=m.start(),
                        end=m.end(),
                        text=m.group(0),
                        iso2=pattern.iso2,
                        admin1=pattern.admin1,
                        rule=pattern.rule,
                        country_word=word,
                        needs_country=pattern.form == "bare" or pattern.story_only,
                        steer_only=pattern.form == "abbreviation",
                        overrides=pattern.overrides,
                    )
                )
        # longest first, then earliest: "North-West Frontier Province" over a "north-west" inside it
        found.sort(key=lambda r: (r.needs_country, -(r.end - r.start), r.start))
        kept: list[RegionMatch] = []
        for match in found:
            # one country's reading of a name does not hide another's ("Kashmir" in a story about
            # Pakistan or about India): those alternatives wait for the story's main country
            rivals = [k for k in kept if match.start < k.end and k.start < match.end]
            if all(k.needs_country and match.needs_country and k.iso2 != match.iso2 for k in rivals):
                kept.append(match)
        return sorted(kept, key=lambda r: r.start)

    def is_generic(self, key: str) -> bool:
        """True for a word that is never a place on its own ("west", "central"), though gazetteers
        hold districts so named; with a qualifier ("Central Province") it still is one."""
        return key.casefold() in self._generic

    def successors(self) -> dict[str, str]:
        """Each historical unit's name → the province that covers it today ("FATA" → "Khyber
        Pakhtunkhwa"); ``sitrep eval`` compares a gold admin1 of an old vintage through it."""
        return dict(self._successors)

    def is_near(self, text: str, start: int) -> bool:
        """True when the words just before ``start`` say the place is only near ("near", "outside",
        "20 km from", "on the outskirts of the town of")."""
        return bool(self._near.search(text[max(0, start - 48) : start]))


@cache
def load_regions() -> Regions:
    """The packaged regions file, compiled once per process."""
    return Regions(load_toml(REGIONS_FILE))
