"""sitrep's spaCy components: they find places and triggers and write them onto the Doc.

Each component is a factory registered with ``Language.factory`` and a ``Doc -> Doc`` callable in
two steps, find then write (spaCy's span_ruler habit). Results ride on the Doc under named keys:
``doc.spans["sitrep.places"]``, ``doc.spans["sitrep.triggers"]``; places also go into
``doc.ents`` as ``GPE``, because the statistical model alone mislabels names like Quetta or Tump.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from sitrep.vocab.triggers import Lexicon, load_lexicon

__all__ = ["PLACES", "TRIGGERS", "PlaceNames", "PlaceRuler", "TriggerRuler"]

PLACES = "sitrep.places"
TRIGGERS = "sitrep.triggers"
MAX_NAME_TOKENS = 4
# Words that join the parts of a place name ("Dera Ismail Khan", "Ras al-Ain", "Bandar-e Abbas").
CONNECTORS = frozenset(
    {
        "al",
        "el",
        "ad",
        "as",
        "ash",
        "at",
        "ar",
        "an",
        "de",
        "del",
        "da",
        "do",
        "dos",
        "e",
        "i",
        "-",
        "es",
        "ez",
        "ed",
        "bin",
        "ibn",
        "abu",
        "wa",
        "y",
        "la",
        "le",
        "les",
    }
)
# Capitalised words that are never places on their own, though a gazetteer somewhere has them.
NOT_PLACES = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "police",
        "army",
        "security",
        "government",
        "minister",
        "president",
        "interior",
        "health",
        "officials",
        "islamic",
        "state",
        "national",
        "federal",
        "provincial",
        "district",
        "province",
        "city",
        "town",
        "village",
        "on",
        "in",
        "at",
        "the",
        "a",
        "an",
        "as",
        "of",
        "and",
        "but",
        "while",
        "after",
        "before",
        "local",
        "authorities",
        "islam",
        "allah",
        "god",
        "said",
        "will",
        "mass",
        "union",
        "unity",
        "victory",
        "independence",
        "liberty",
        "hope",
        "peace",
        "justice",
        "reported",
        "unknown",
        "unidentified",
        "sources",
        "source",
        "according",
        # offices: "U.N. Secretary-General", "the Governor said" (Secretary is a town in Maryland)
        "secretary",
        "spokesman",
        "spokesperson",
        "ambassador",
        "envoy",
        "governor",
    }
)
# Words that make an entity the model labelled DATE or TIME a real date.
CALENDAR_WORDS = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "today",
        "yesterday",
        "tonight",
        "night",
        "morning",
        "evening",
        "afternoon",
        "weekend",
        "decade",
        "hours",
        "hour",
        "minutes",
        "dawn",
        "noon",
    }
)
# Peoples named like places ("Baloch separatists", "Pashtun elders"): never a toponym on their own.
ETHNONYMS = frozenset(
    {
        "baloch",
        "baluch",
        "pashtun",
        "pakhtun",
        "sindhi",
        "punjabi",
        "hazara",
        "uzbek",
        "tajik",
        "kurdish",
        "kurd",
        "kurds",
        "arab",
        "arabs",
        "shia",
        "sunni",
        "hindu",
        "muslim",
        "sikh",
        "christian",
        "tamil",
        "sinhalese",
        "rohingya",
        "fulani",
        "tuareg",
        "yazidi",
        "druze",
    }
)
# Words after a name that make it an administrative area whatever its spelling.
ADMIN_QUALIFIERS = frozenset({"district", "province", "tehsil", "county", "governorate", "prefecture", "agency"})
PLURAL_QUALIFIERS = frozenset({"districts", "provinces", "tehsils", "counties", "governorates", "villages"})
NOT_TRIGGERS = frozenset({"DATE", "TIME"})
QUALIFIERS = frozenset(
    {
        "district",
        "agency",
        "province",
        "tehsil",
        "county",
        "state",
        "region",
        "governorate",
        "municipality",
        "division",
        "prefecture",
        "department",
        "village",
        "town",
        "city",
        "area",
        "subdivision",
        "block",
        "commune",
        "locality",
        "neighbourhood",
        "neighborhood",
        "camp",
    }
)


class PlaceNames(Protocol):
    """What the place ruler asks of a gazetteer: which candidate strings name a place, and whether a
    word names a country (a demonym's test). ``geo.gazetteer.Gazetteer`` answers both; the
    pipeline hands one to ``load_nlp``, so nlp reads no gazetteer itself (it comes later: geo)."""

    def known_names(self, candidates: Iterable[str]) -> set[str]: ...

    @property
    def country(self) -> Callable[[str], object]: ...


class PlaceRuler:
    """Tag the place names the gazetteer knows, overriding the statistical model's labels.

    gazetteer (PlaceNames | None): set by ``load_nlp`` after the component is added (spaCy's
        config holds only plain values).
    """

    def __init__(self, gazetteer: PlaceNames | None = None) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        spans = self.find(doc)
        self.set_annotations(doc, spans)
        return doc

    def find(self, doc: Doc) -> list[Span]:
        names, strict = _blocked_ranges(doc, is_demonym=self._is_demonym)
        candidates: dict[str, list[tuple[int, int]]] = {}
        runs = _capitalised_runs(doc)
        qualified = _qualified_runs(doc, runs)
        for start, end in runs:
            for i, j in _sub_spans(doc, start, end):
                if _cuts(i, j, names, whole_ok=True) or _cuts(i, j, strict, whole_ok=False):
                    continue
                candidates.setdefault(doc[i:j].text, []).append((i, j))
                if j - i > 1:  # "Dawlat Abad" is also written "Dawlatabad"
                    candidates.setdefault(_joined(doc[i:j].text), []).append((i, j))
        if not candidates:
            return []
        assert self.gazetteer is not None, "the place ruler is added with its gazetteer by load_nlp"
        known = self.gazetteer.known_names(candidates)
        spans: list[Span] = []
        # in the order found, so that of two known spellings of one span ("San Juan", "SanJuan") the
        # one as written comes first and wins (filter_spans keeps the first of equals): iterating
        # the set instead made the choice, and so the geocoding, change with Python's hash seed
        for text in (t for t in candidates if t in known):
            for i, j in candidates[text]:
                if j - i == 1 and not _plausible_single(doc[i]):
                    continue
                spans.append(Span(doc, i, j, label="GPE", span_id=text))
        # A capitalised name before an administrative word ("Nimruz province", "Deh Rahwod district")
        # is a place even when spelled in a way the gazetteer lacks: the geocoder tries variants.
        for i, j in qualified:
            if not _cuts(i, j, strict, whole_ok=False) and not _cuts(i, j, names, whole_ok=True):
                spans.append(Span(doc, i, j, label="GPE"))
        return filter_spans(spans)

    def _is_demonym(self, text: str) -> bool:
        assert self.gazetteer is not None
        return self.gazetteer.country(text) is not None or text.lower() in ETHNONYMS

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        doc.spans[PLACES] = spans
        if spans:
            keep = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
            doc.ents = filter_spans(keep + spans)


# A bracket or comma inside a model "name" means the model ran a place into it ("Ludhiana (Punjab",
# "Quetta, Balochistan"): such a span protects nothing.
_NOT_IN_NAMES = frozenset({"(", ")", "[", "]", ","})


def _blocked_ranges(
    doc: Doc, *, is_demonym: Callable[[str], bool]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Token ranges no place may cut into.

    RETURNS: (names, strict). ``names`` are multi-word person and organisation names: a place may
    be the whole name or contain it ("Dera Ismail Khan" around a "Ismail Khan"), never a part of it
    ("Pakistan" in "Pakistan Railways"). ``strict`` ranges hold no place at all: actors, dates,
    nationalities ("Indian", "Afghan"; the model also labels some towns, like Herat, as
    nationalities, so only words the gazetteer knows as demonyms count) and a person's surname
    met in full elsewhere in the story ("Kakar" after "Bakht Muhammad Kakar").
    """
    names: list[tuple[int, int]] = []
    strict: list[tuple[int, int]] = []
    surnames = {ent[-1].lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1}
    for ent in doc.ents:
        label = ent.label_
        demonym = label == "NORP" and is_demonym(ent.text)
        dated = label in {"DATE", "TIME"} and _looks_like_date(ent)  # the model calls "Turbat" a DATE
        if label in {"ACTOR", "ACTOR_GENERIC"} or dated or demonym:
            strict.append((ent.start, ent.end))
        elif label in {"ORG", "PERSON"} and len(ent) > 1 and not any(_breaks_name(t) for t in ent):
            names.append((ent.start, ent.end))
        elif label == "PERSON" and ent[0].lower_ in surnames:
            strict.append((ent.start, ent.end))
    return names, strict


def _breaks_name(tok: Token) -> bool:
    """A token no name holds: a bracket or comma, or a dash with spaces around it ("Karachi -
    report" is a place and a headline's tag, not an organisation)."""
    if tok.text in _NOT_IN_NAMES:
        return True
    spaced = tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_) and bool(tok.whitespace_)
    return tok.text in {"-", "–", "—"} and spaced


def _qualified_runs(doc: Doc, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs an administrative word makes places whatever their spelling: "Nimruz province", and
    every name of a list that ends in a plural one ("Balincha, Tump and Kharan districts")."""
    out: list[tuple[int, int]] = []
    group: list[tuple[int, int]] = []
    for start, end in runs:
        if group and not all(t.lower_ in {",", "and"} for t in doc[group[-1][1] : start]):
            group = []
        if doc[start].lower_ in CONNECTORS:
            continue
        group.append((start, end))
        follower = doc[end].lower_ if end < len(doc) else ""
        if follower in ADMIN_QUALIFIERS:
            out.append((start, end))
        elif follower in PLURAL_QUALIFIERS:
            out.extend(group)
    return out


def _sub_spans(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """The token spans of a capitalised run that may be place names.

    A run followed by an administrative word ("Khwaja Baha Wuddin district") is one name: only
    the whole run is a candidate, never a piece of it ("Baha"). Otherwise any piece of up to
    MAX_NAME_TOKENS tokens is ("In Quetta Police said": "Quetta").
    """
    if end - start > 1 and end < len(doc) and doc[end].lower_ in QUALIFIERS:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    for i in range(start, end):
        for j in range(i + 1, min(end, i + MAX_NAME_TOKENS) + 1):
            if doc[i].lower_ in CONNECTORS or doc[j - 1].lower_ in CONNECTORS:
                continue
            out.append((i, j))
    return out


def _joined(text: str) -> str:
    return text.replace(" ", "")


def _looks_like_date(ent: Span) -> bool:
    """A date or time entity that has a figure or a calendar word in it, not a mislabelled name."""
    return any(t.like_num or t.lower_ in CALENDAR_WORDS for t in ent)


def _cuts(i: int, j: int, ranges: list[tuple[int, int]], *, whole_ok: bool) -> bool:
    """Does the span [i, j) overlap one of ``ranges`` without containing it whole?"""
    for a, b in ranges:
        if i < b and a < j:
            if whole_ok and i <= a and b <= j:
                continue
            return True
    return False


def _capitalised_runs(doc: Doc) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for tok in doc:
        capital = tok.text[:1].isupper() and tok.is_alpha or (tok.text[:1].isupper() and "-" in tok.text)
        inside = capital and tok.lower_ not in NOT_PLACES
        joiner = start is not None and tok.lower_ in CONNECTORS
        if inside or joiner:
            if start is None:
                start = tok.i
            continue
        if start is not None:
            runs.append((start, tok.i))
            start = None
    if start is not None:
        runs.append((start, len(doc)))
    return runs


def _plausible_single(tok: Token) -> bool:
    if tok.ent_type_ in {"GPE", "LOC", "FAC"}:
        return True
    if _opens_sentence(tok) and tok.pos_ != "PROPN":
        return False  # '"Most of the buildings…"': a capital that only starts the sentence
    if _title_case(tok.sent):
        return False  # "Rocket Attacks Kill 10 Civilians": capitals say nothing in a title-case headline
    return tok.pos_ in {"PROPN", "NOUN", "ADJ", "VERB", "X"} and len(tok.text) > 2


def _title_case(sent: Span) -> bool:
    """A headline in title case: nearly every content word capitalised, so capitals are no sign of
    a name and only the statistical model's place labels count."""
    words = [t for t in sent if t.is_alpha and len(t.text) > 3 and not t.is_stop]
    return len(words) >= 4 and sum(t.text[:1].isupper() for t in words) >= 0.8 * len(words)


def _opens_sentence(tok: Token) -> bool:
    """The sentence's first word, after any opening quote or bracket."""
    return all(t.is_punct for t in tok.doc[tok.sent.start : tok.i])


class TriggerRuler:
    """Mark event triggers (data/lexicons/triggers.toml) as spans labelled with their trigger class."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def find(self, doc: Doc) -> list[Span]:
        spans: list[Span] = []
        for sent in doc.sents:  # a phrase never runs across a sentence end
            # a date is never a trigger: "On 8 March 2020" is not a march
            keys = [(t.lemma_.lower(), t.lower_) if t.ent_type_ not in NOT_TRIGGERS else () for t in sent]
            for m in self.lexicon.match(keys):
                start, end = sent.start + m.start, sent.start + m.end
                spans.append(Span(doc, start, end, label=m.entry.label, span_id=m.entry.id))
        return spans

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        doc.spans[TRIGGERS] = spans


@Language.factory("sitrep_place_ruler")
def make_place_ruler(nlp: Language, name: str) -> PlaceRuler:
    """The ruler, without its gazetteer yet: ``load_nlp`` hands it one."""
    return PlaceRuler()


@Language.factory("sitrep_trigger_ruler")
def make_trigger_ruler(nlp: Language, name: str) -> TriggerRuler:
    return TriggerRuler(load_lexicon())
