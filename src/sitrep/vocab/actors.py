"""The actor registry: ACLED actor names and inter codes, regime periods, and a matcher for both.

The data lives in ``sitrep/data/actors/``: ``actors.toml`` (named groups, parties and national state
units), ``generic.toml`` (kinds of actor ACLED names by country: "Police Forces of {state}",
"Civilians ({country})") and ``regimes.toml`` (the government periods that date state forces).

    >>> registry = ActorRegistry.load()
    >>> registry.find("Fitna al-Hindustan gunmen stormed the FC camp")
    [(0, 18, 'bla'), (19, 25, 'unidentified_armed_group'), (38, 45, 'frontier_corps')]
    >>> registry.resolve("police", country="Pakistan", date=dt.date(2026, 1, 31))
    ('Police Forces of Pakistan (2022-)', 1)

ACLED codebook rules followed here: actors go by the name they use, never by a rival's label
(a label is an alias of the actor it names); state forces are named by country and government
period; a state force acting outside its own country is "External/Other forces" (inter 8);
``interaction`` joins the two inter codes, lower first.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import string
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sitrep.errors import DataFileError, Errors
from sitrep.resources import data_path

__all__ = [
    "ACTOR_FILES",
    "LABEL_GENERIC",
    "LABEL_NAMED",
    "REGIME_FILE",
    "ActorEntry",
    "ActorRegistry",
    "Regime",
    "interaction_code",
    "regime_label",
    "strip_period_end",
]

logger = logging.getLogger(__name__)

ACTOR_FILES = ("actors/actors.toml", "actors/generic.toml")
REGIME_FILE = "actors/regimes.toml"
LABEL_NAMED = "ACTOR"  # a fixed name, or a state unit of one country ("... Frontier Corps")
LABEL_GENERIC = "ACTOR_GENERIC"  # a kind filled in with the event's country ("Civilians (Pakistan)")
STATE_TEMPLATE = "Military Forces of {state}"  # what a group becomes on its `state_from` day
_PLACEHOLDERS = frozenset({"state", "country"})
_HYPHENS = "-\u2010\u2011\u2013"
_HYPHEN_CLASS = "\\-\u2010\u2011\u2013"  # the same, for a regex character class
_M = TypeVar("_M", bound=BaseModel)


class ActorEntry(BaseModel):
    """One registry entry, as written in a TOML table (the table key is ``key``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    name: str = ""
    template: str = ""
    inter: int = Field(ge=1, le=8)
    country: str = ""
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    assoc: str = ""
    by_country: dict[str, str] = Field(default_factory=dict)  # event country -> template that replaces
    state_from: dt.date | None = None
    rule: str = ""

    @field_validator("aliases", "acronyms")
    @classmethod
    def _no_blank(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(not v.strip() for v in value):
            raise ValueError("an alias or acronym is empty")
        return value

    @model_validator(mode="after")
    def _one_name(self) -> ActorEntry:
        if bool(self.name) == bool(self.template):
            raise ValueError("give exactly one of 'name' (a fixed ACLED name) or 'template'")
        if self.by_country and not (self.template and not self.country):
            raise ValueError("'by_country' is for generic kinds (a template and no home country)")
        for text in (self.template, self.assoc, *self.by_country.values()):
            fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
            if not fields <= _PLACEHOLDERS:
                raise ValueError(f"unknown placeholder(s) {sorted(fields - _PLACEHOLDERS)} in {text!r}")
        if self.state_from is not None and not self.country:
            raise ValueError("'state_from' needs the 'country' the group became the state of")
        return self

    @property
    def generic(self) -> bool:
        """True for a kind filled in with the event's country (no fixed name, no home country)."""
        return bool(self.template) and not self.country

    def surface_forms(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """RETURNS: (case-insensitive forms, case-sensitive acronyms), each without duplicates.

        A fixed name also matches itself and, for "ACR: Long Name", its long form.
        """
        forms = list(self.aliases)
        if self.name:
            forms.append(self.name)
            if ": " in self.name:
                forms.append(self.name.split(": ", 1)[1])
        return _dedupe(forms, key=str.casefold), _dedupe(self.acronyms, key=str)


class Regime(BaseModel):
    """The government periods of one country: each starts on a date and runs to the next."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    starts: tuple[dt.date, ...] = Field(min_length=1)
    the: bool = False  # ACLED writes "Military Forces of the United States"

    @field_validator("starts")
    @classmethod
    def _ascending(cls, value: tuple[dt.date, ...]) -> tuple[dt.date, ...]:
        if any(b <= a for a, b in zip(value, value[1:], strict=False)):
            raise ValueError("'starts' must be in ascending order")
        return value

    def label(self, day: dt.date) -> str:
        """The period containing ``day``: "(2018-2022)", "(2022-)" for the open one, "" before the first."""
        for i in range(len(self.starts) - 1, -1, -1):
            if day >= self.starts[i]:
                end = f"{self.starts[i + 1].year}" if i + 1 < len(self.starts) else ""
                return f"({self.starts[i].year}-{end})"
        return ""


@dataclass(frozen=True, slots=True, repr=False)
class ActorRegistry:
    """All actor entries by key, and the regime table by country."""

    entries: Mapping[str, ActorEntry]
    regimes: Mapping[str, Regime]
    _text_matcher: _Matcher = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_text_matcher", _build_matcher(self.entries))

    def __repr__(self) -> str:
        return f"ActorRegistry({len(self.entries)} entries, {len(self.regimes)} countries with regimes)"

    # --- loading ---------------------------------------------------------------------------------

    @classmethod
    def load(cls, paths: Sequence[str | Path] | None = None, *, regimes: str | Path | None = None) -> ActorRegistry:
        """Read and validate the registry (the packaged files, read once, when no path is given).

        paths (Sequence[str | Path]): actor TOML files; default ``ACTOR_FILES`` under ``sitrep/data``.
        regimes (str | Path): the regime table; default ``REGIME_FILE``.
        RAISES (DataFileError): [E008] naming the file and the entry that is broken.
        """
        if paths is None and regimes is None:
            return _default_registry()
        actor_paths = [Path(p) for p in paths] if paths is not None else [data_path(f) for f in ACTOR_FILES]
        regime_path = Path(regimes) if regimes is not None else data_path(REGIME_FILE)
        return cls._build(actor_paths, regime_path)

    @classmethod
    def _build(cls, actor_paths: Sequence[Path], regime_path: Path) -> ActorRegistry:
        table: dict[str, Regime] = {}
        for country, raw in _read_toml(regime_path).items():
            table[country] = _validated(Regime, raw, path=regime_path, entry=country, extra={})
        entries: dict[str, ActorEntry] = {}
        owner: dict[str, tuple[str, Path]] = {}  # surface form -> (key, file), to refuse ambiguity
        for path in actor_paths:
            for key, raw in _read_toml(path).items():
                if key in entries:
                    raise DataFileError(Errors.E008.format(path=path, entry=key, detail="duplicate key"))
                entry = _validated(ActorEntry, raw, path=path, entry=key, extra={"key": key})
                if entry.country and "{state}" in (entry.template + STATE_TEMPLATE * bool(entry.state_from)):
                    if _country_key(entry.country) not in table:
                        detail = f"country {entry.country!r} has no regime periods in {regime_path.name}"
                        raise DataFileError(Errors.E008.format(path=path, entry=key, detail=detail))
                folded, acronyms = entry.surface_forms()
                for form in [_compact(f, fold=True) for f in folded] + [_compact(a) for a in acronyms]:
                    other = owner.setdefault(form, (key, path))
                    if other[0] != key:
                        detail = f"alias {form!r} already names {other[0]!r} ({other[1].name})"
                        raise DataFileError(Errors.E008.format(path=path, entry=key, detail=detail))
                entries[key] = entry
        return cls(entries=entries, regimes=table)

    # --- names -----------------------------------------------------------------------------------

    def regime_label(self, country: str, date: dt.date) -> str:
        """The regime period of ``country`` on ``date``, e.g. "(2018-2022)"; "" when the table lacks it."""
        regime = self.regimes.get(_country_key(country))
        return regime.label(date) if regime is not None else ""

    def resolve(self, key: str, *, country: str, date: dt.date) -> tuple[str, int]:
        """The ACLED name and inter code of entry ``key`` in an event in ``country`` on ``date``.

        Generic kinds take the event's country (and its regime period); national units keep
        their own country, and are External/Other (inter 8) when they act abroad; fixed names
        stay as they are. A group with ``state_from`` is the state's military from that day.
        RAISES (KeyError): no entry ``key``. (ValueError): a generic kind with no country.
        """
        entry = self.entries[key]
        if entry.state_from is not None and date >= entry.state_from:
            name = self._fill(STATE_TEMPLATE, country=entry.country, date=date)
            return name, 1 if _country_key(entry.country) == _country_key(country) else 8
        if entry.name:
            return entry.name, entry.inter
        home = entry.country or country
        if not home.strip():
            raise ValueError(f"actor {key!r} is named by country: give the event's country")
        inter = entry.inter
        if inter == 1 and entry.country and country and _country_key(entry.country) != _country_key(country):
            inter = 8  # a state force outside its own country (dev data: Pakistan's army in India)
        template = entry.by_country.get(_country_key(country), entry.template)
        return self._fill(template, country=home, date=date), inter

    def assoc(self, key: str, *, country: str, date: dt.date) -> str:
        """The associated actor the words also tell ("Students (India)"), or "" when there is none."""
        entry = self.entries[key]
        if not entry.assoc:
            return ""
        return self._fill(entry.assoc, country=entry.country or country, date=date)

    def _fill(self, template: str, *, country: str, date: dt.date) -> str:
        ckey = _country_key(country)
        regime = self.regimes.get(ckey)
        period = regime.label(date) if regime is not None else ""
        if regime is None:
            logger.debug("no regime periods for %r; state actor named without a period", country)
        article = "the " if regime is not None and regime.the else ""
        state = f"{article}{ckey} {period}".strip()
        return template.format(state=state, country=ckey)

    # --- matching --------------------------------------------------------------------------------

    def patterns(self, *, tokenizer: Callable[[str], Iterable[Any]] | None = None) -> list[dict[str, Any]]:
        """spaCy span/entity-ruler token patterns for every alias and acronym.

        Names match case-insensitively (``LOWER``), acronyms exactly (``ORTH``); a hyphen inside a
        name is optional ("al-Shabaab", "al Shabaab"). Each pattern's ``id`` is the entry key, so a
        matched span's ``id_`` can go straight to :meth:`resolve`.
        tokenizer (Callable): split alias text as the pipeline will (pass ``nlp.tokenizer``);
            default the tokenizer of a blank English spaCy pipeline.
        RETURNS (list[dict]): ``{"label": "ACTOR" | "ACTOR_GENERIC", "pattern": [...], "id": key}``.
        """

        split = tokenizer if tokenizer is not None else _english_tokenizer()
        out: list[dict[str, Any]] = []
        for key, entry in self.entries.items():
            label = LABEL_GENERIC if entry.generic else LABEL_NAMED
            names, acronyms = entry.surface_forms()
            for text, attr in [(n, "LOWER") for n in names] + [(a, "ORTH") for a in acronyms]:
                pattern: list[dict[str, Any]] = []
                for tok in (getattr(t, "text", str(t)) for t in split(text)):
                    if len(tok) == 1 and tok in _HYPHENS:
                        pattern.append({"ORTH": tok, "OP": "?"})
                    else:
                        pattern.append({attr: tok.lower() if attr == "LOWER" else tok})
                out.append({"label": label, "pattern": pattern, "id": key})
        return out

    def phrase_patterns(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The aliases as phrase patterns, for spaCy's PhraseMatcher (much faster than token patterns).

        RETURNS: (names to match on ``LOWER``, acronyms to match on ``ORTH``); a hyphenated name
        also comes without its hyphen ("al-Shabaab", "al Shabaab").
        """
        names: list[dict[str, Any]] = []
        acronyms: list[dict[str, Any]] = []
        for key, entry in self.entries.items():
            label = LABEL_GENERIC if entry.generic else LABEL_NAMED
            folded, acros = entry.surface_forms()
            for form in folded:
                for variant in dict.fromkeys((form.lower(), re.sub(f"[{_HYPHENS}]", " ", form.lower()))):
                    names.append({"label": label, "pattern": variant, "id": key})
            acronyms.extend({"label": label, "pattern": a, "id": key} for a in acros)
        return names, acronyms

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Actor mentions in plain text, without spaCy: ``(start, end, key)``, longest first, no overlaps."""
        matcher = self._text_matcher
        found: list[tuple[int, int, str]] = []
        for regex, fold in ((matcher.folded, True), (matcher.exact, False)):
            if regex is None:
                continue
            for m in regex.finditer(text):
                key = matcher.keys.get((_compact(m.group(), fold=fold), fold))
                if key is not None:
                    found.append((m.start(), m.end(), key))
        chosen: list[tuple[int, int, str]] = []
        for start, end, key in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
            if all(end <= s or start >= e for s, e, _ in chosen):
                chosen.append((start, end, key))
        return sorted(chosen)


# --- module-level helpers ------------------------------------------------------------------------


def regime_label(country: str, date: dt.date) -> str:
    """The packaged regime period of ``country`` on ``date``: "(2018-2022)", "(2022-)", or "" if unknown.

    ACLED closes a period retroactively (in 2020 it wrote "(2014-)" for what is now "(2014-2021)"),
    so compare state actors by the period's start year: see :func:`strip_period_end`.
    """
    return ActorRegistry.load().regime_label(country, date)


def strip_period_end(name: str) -> str:
    """Open every regime period in an actor name, so that names compare by start year.

    "Police Forces of Afghanistan (2014-2021) Afghan Local Police"
    -> "Police Forces of Afghanistan (2014-) Afghan Local Police"
    """
    return re.sub(r"\((\d{4})-\d{4}\)", r"(\1-)", name)


def interaction_code(inter1: int, inter2: int = 0) -> int:
    """ACLED ``interaction``: the two inter codes as two digits, lower first (1 and 2 -> 12).

    ACLED codebook, "Interaction": an event with one actor is that actor's code then 0
    (protesters alone: 60); the order of actor 1 and actor 2 does not matter (2 vs 1 -> 12).
    """
    for code in (inter1, inter2):
        if not 0 <= code <= 8:
            raise ValueError(f"inter codes run from 1 to 8 (0 for no actor), got {code}")
    low, high = sorted((inter1, inter2))
    if low == 0:
        return high * 10
    return low * 10 + high


@dataclass(frozen=True, slots=True)
class _Matcher:
    folded: re.Pattern[str] | None  # case-insensitive names
    exact: re.Pattern[str] | None  # case-sensitive acronyms
    keys: Mapping[tuple[str, bool], str]  # (compact form, folded?) -> entry key


def _build_matcher(entries: Mapping[str, ActorEntry]) -> _Matcher:
    keys: dict[tuple[str, bool], str] = {}
    names: list[str] = []
    acronyms: list[str] = []
    for key, entry in entries.items():
        folded, exact = entry.surface_forms()
        for n in folded:
            keys[(_compact(n, fold=True), True)] = key
            names.append(n)
        for a in exact:
            keys[(_compact(a), False)] = key
            acronyms.append(a)
    return _Matcher(folded=_alternation(names, re.IGNORECASE), exact=_alternation(acronyms, 0), keys=keys)


def _alternation(forms: list[str], flags: int) -> re.Pattern[str] | None:
    if not forms:
        return None
    parts = [_form_regex(f) for f in sorted(set(forms), key=len, reverse=True)]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", flags)


def _form_regex(form: str) -> str:
    out: list[str] = []
    for ch in form:
        if ch.isspace():
            out.append(r"\s+")
        elif ch in _HYPHENS:
            out.append(f"[{_HYPHEN_CLASS}\\s]?")
        elif ch in "'\u2019":
            out.append("['\u2019]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _compact(text: str, *, fold: bool = False) -> str:
    """A form's identity for lookups: no spaces or hyphens, one apostrophe, optionally case-folded."""
    text = re.sub(f"[\\s{_HYPHEN_CLASS}]+", "", text).replace("\u2019", "'")
    return text.casefold() if fold else text


def _country_key(country: str) -> str:
    country = " ".join(country.split())
    return country[4:] if country.lower().startswith("the ") else country


def _dedupe(items: Iterable[str], *, key: Callable[[str], str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(key(item), item)
    return tuple(seen.values())


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataFileError(Errors.E008.format(path=path, entry="", detail=exc)) from exc
    return data


def _validated(model: type[_M], raw: Any, *, path: Path, entry: str, extra: dict[str, Any]) -> _M:
    if not isinstance(raw, dict):
        raise DataFileError(Errors.E008.format(path=path, entry=entry, detail="expected a table"))
    try:
        return model.model_validate({**raw, **extra})
    except ValidationError as exc:
        detail = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'entry'}: {e['msg']}" for e in exc.errors())
        raise DataFileError(Errors.E008.format(path=path, entry=entry, detail=detail)) from exc


@cache
def _english_tokenizer() -> Callable[[str], Iterable[Any]]:
    import spacy  # only where patterns are built for a spaCy pipeline

    tokenizer: Callable[[str], Iterable[Any]] = spacy.blank("en").tokenizer
    return tokenizer


@cache
def _default_registry() -> ActorRegistry:
    return ActorRegistry._build([data_path(f) for f in ACTOR_FILES], data_path(REGIME_FILE))
