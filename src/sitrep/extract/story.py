"""News structure: the dateline, the headline, and the role of each clause in the story.

A wire story opens with a dateline ("KABUL, Afghanistan (Jan. 25, 2013) —", "QUETTA (Reuters) -",
or an outlet's "Wed 19 Apr 2017"): where and when the report was filed. It is the reference day
for "yesterday" and "Sunday" and never the event's place or day. Then come the headline and the
lead, which tell the reported incident, and a body that elaborates it, adds related incidents and
recalls background. The rules (``data/lexicons/story.toml`` names the codebook rule of each list):

- a clause whose toll is counted over a period or a war ("more than 230,000 people have been
  killed since 2011", "so far this year") is ``aggregate``: never an event;
- a clause that ascribes an act to someone's record ("a leader responsible for IED attacks",
  "linked to an attack that killed four", "planned and conducted attacks") is ``background``;
- a clause of a photo caption ("A picture taken on July 29 shows ...", "(AFP Photo)") is
  ``caption``: it describes a picture, not this report's incident;
- a clause in the headline (the text before the first full sentence of the body, when it has no
  full stop of its own) is ``headline``: it restates the lead and joins its event.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from sitrep.extract.dates import first_date
from sitrep.resources import load_toml

__all__ = [
    "AGGREGATE",
    "BACKGROUND",
    "CAPTION",
    "HEADLINE",
    "Dateline",
    "StoryLexicon",
    "ascribed",
    "clause_role",
    "find_dateline",
    "describes_actor",
    "weapon_not_used",
    "is_aggregate",
    "is_caption",
    "seat_of_power",
    "speaks_for",
    "load_story_lexicon",
]

AGGREGATE = "aggregate"
BACKGROUND = "background"
CAPTION = "caption"
HEADLINE = "headline"

# "KABUL, Afghanistan (Jan. 25, 2013)", "PAKTIKA PROVINCE, Afghanistan –", "BEIRUT (Reuters) -":
# a place in capitals at the start of a line, an optional region, then a bracket or a dash.
_WIRE = re.compile(
    r"(?m)(?:^|(?<=\s\s))[ \t]*(?P<place>[A-Z][A-Z'’.\-]+(?:[ \t][A-Z][A-Z'’.\-]+)*)"
    r"(?:,[ \t]*(?P<region>[A-Z][A-Za-z'’.\-]+(?:[ \t][A-Z][A-Za-z'’.\-]+){0,2}))?"
    r"[ \t]*(?:\((?P<paren>[^)\n]{2,40})\)[ \t]*[-–—:]*|[ \t]*[-–—]+)"
)
# An outlet's date line: "Wed 19 Apr 2017", "12 February 2015", "Jan. 5, 2016", "Posted on April 4
# 2017 by ...", "Date of publication 25 April 2017".
_DATED = re.compile(
    r"^\s*(?:(?:posted|published|updated|date of publication|last updated)(?:\s+on)?:?\s+)?"
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
    r"(?P<date>\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})",
    re.IGNORECASE,
)
DATELINE_WINDOW = 400  # a dateline stands within the first characters of a story


@dataclass(frozen=True, slots=True, kw_only=True)
class Dateline:
    """Where and when a story was filed.

    start, end (int): the dateline's character range in the text.
    place (str): the filing place as written ("KABUL"), "" when the line gives only a date.
    date (date | None): the filing day, when the line states one.
    """

    start: int
    end: int
    place: str = ""
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class StoryLexicon:
    aggregate_phrases: tuple[str, ...]
    period_openers: frozenset[str]
    ascription_heads: frozenset[str]
    habitual_acts: frozenset[str]
    statement_verbs: frozenset[str]
    caption_phrases: tuple[str, ...]
    attributive_participles: frozenset[str]
    weapon_bearers: frozenset[str]
    weapon_logistics: frozenset[str]
    war_nouns: frozenset[str]
    toll_verbs: frozenset[str]
    record_holders: frozenset[str]
    governing_bodies: frozenset[str]


@cache
def load_story_lexicon() -> StoryLexicon:
    data = load_toml("lexicons/story.toml")
    return StoryLexicon(
        aggregate_phrases=tuple(data["aggregate_phrases"]),
        period_openers=frozenset(data["period_openers"]),
        ascription_heads=frozenset(data["ascription_heads"]),
        habitual_acts=frozenset(data["habitual_acts"]),
        statement_verbs=frozenset(data["statement_verbs"]),
        caption_phrases=tuple(data["caption_phrases"]),
        attributive_participles=frozenset(data["attributive_participles"]),
        weapon_bearers=frozenset(data["weapon_bearers"]),
        weapon_logistics=frozenset(data["weapon_logistics"]),
        war_nouns=frozenset(data["war_nouns"]),
        toll_verbs=frozenset(data["toll_verbs"]),
        record_holders=frozenset(data["record_holders"]),
        governing_bodies=frozenset(data["governing_bodies"]),
    )


def find_dateline(text: str, *, published: dt.date) -> Dateline | None:
    """The story's dateline, if it opens with one (see the module docstring)."""
    head = text[:DATELINE_WINDOW]
    wire = _WIRE.search(head)
    if wire is not None and _before_body(head, wire.start()):
        date = None
        paren = wire.group("paren") or ""
        if paren:
            found = first_date(paren, published=published + dt.timedelta(days=1))
            date = found[2] if found else None
        if date is None:
            after = first_date(head[wire.end() : wire.end() + 40], published=published + dt.timedelta(days=1))
            date = after[2] if after and head[wire.end() : wire.end() + after[0]].strip() == "" else None
        if paren or len(wire.group("place")) > 2:
            return Dateline(start=wire.start(), end=wire.end(), place=wire.group("place"), date=date)
    dated = _DATED.match(head)
    if dated is not None:
        found = first_date(dated.group("date"), published=published + dt.timedelta(days=1))
        return Dateline(start=dated.start("date"), end=dated.end(), date=found[2] if found else None)
    return None


def _before_body(head: str, at: int) -> bool:
    """A dateline comes before the story's first full sentence: no ". " of prose precedes it."""
    return re.search(r"[a-z]{3,}\.\s+[A-Z]", head[:at]) is None


def clause_role(
    doc: Doc,
    start: int,
    end: int,
    record: Sequence[bool],
    *,
    body_start: int,
    aggregate: bool,
) -> str:
    """The role of the clause ``doc[start:end]`` in the story: ``aggregate``, ``caption``,
    ``background``, ``headline`` or "" (it tells an incident).

    record (Sequence[bool]): per act of the clause, whether it is ascribed to someone's record
        (``ascribed``, decided once by the caller, who also drops those acts from an incident).
    aggregate (bool): the clause counts a toll over a period (``is_aggregate``, decided once by
        the caller, who also reads its fatality counts by it).
    """
    if aggregate:
        return AGGREGATE
    if is_caption(doc[start].sent):
        return CAPTION
    if record and all(record):
        return BACKGROUND
    if doc[start].idx < body_start:
        return HEADLINE
    return ""


def is_caption(sent: Span) -> bool:
    """The sentence is a photo caption: it holds a caption phrase, or the next sentence opens with
    the credit in brackets that closes it ("... in Manbij on July 1 2016. (Reuters Photo) Airstrikes
    on ..."). A credit at a sentence's own start belongs to the sentence before it."""
    lex = load_story_lexicon()
    text = sent.text.lower()
    if text.startswith("("):
        text = text[text.find(")") + 1 :] if ")" in text else ""
    if any(p in text for p in lex.caption_phrases):
        return True
    doc = sent.doc
    follower = doc[sent.end :].text[:60].lower() if sent.end < len(doc) else ""
    return follower.startswith("(") and any(p in follower.split(")")[0] + ")" for p in lex.caption_phrases)


def doc_range(tok: Token) -> tuple[int, int]:
    """The character range of a token's phrase (its subtree)."""
    last = tok.right_edge
    return tok.left_edge.idx, last.idx + len(last)


def is_aggregate(doc: Doc, start: int, end: int) -> bool:
    """The clause ``doc[start:end]`` counts a toll over a period or a whole war."""
    lex = load_story_lexicon()
    text = doc[start:end].text.lower()
    return (
        any(p in text for p in lex.aggregate_phrases)
        or _since_period(doc, start, end, lex)
        or _war_counts(doc, start, end, lex)
    )


def _war_counts(doc: Doc, start: int, end: int, lex: StoryLexicon) -> bool:
    """The toll's subject is the war itself: "the six-year conflict has caused more than 470000
    deaths", "the fighting has claimed 300,000 lives" — a war's toll, never one incident's."""
    for tok in doc[start:end]:
        if tok.dep_ == "relcl" and tok.lemma_.lower() in lex.toll_verbs and tok.head.lemma_.lower() in lex.war_nouns:
            return True  # "the civil war that has since killed more than 300000 people"
        if tok.lemma_.lower() not in lex.war_nouns:
            continue
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in lex.toll_verbs:
            return True
        if tok.dep_ == "pobj" and tok.head.lower_ == "by" and tok.head.head.lemma_.lower() in lex.toll_verbs:
            return True  # "killed by the war" (not "killed due to a conflict over land")
    return False


def weapon_not_used(tok: Token) -> bool:
    """A weapon noun that names someone's trade or supplies, not a blast: "an IED facilitator",
    "an explosives cell", "supplied explosives", "the movement of improvised explosive devices"."""
    lex = load_story_lexicon()
    node = tok
    while node.dep_ in {"compound", "amod", "nmod", "pobj", "prep"} and node.head is not node:
        if node.dep_ == "prep" and node.lower_ not in {"of", "for"}:
            break  # "a facilitator of explosives", "an expert for IEDs": the trade; "blast near a leader": not
        node = node.head
        if node.lemma_.lower() in lex.weapon_bearers:
            return True
    for anc in (node, *list(node.ancestors)[:3]):
        if anc is not node and anc.lemma_.lower() in lex.weapon_logistics:
            return True
    return False


def describes_actor(doc: Doc, end: int) -> bool:
    """The place ending at token ``end`` is joined by a hyphen to a participle that makes it describe
    an actor: "Britain-based", "US-led", "Iran-backed"."""
    lex = load_story_lexicon()
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in lex.attributive_participles


def seat_of_power(tok: Token) -> bool:
    """A capital named as the seat of those who rule from it: "the regime in Damascus", "the
    government in Kabul" — who acts, not where an incident happened."""
    prep = tok.head
    return (
        tok.dep_ == "pobj" and prep.lower_ == "in" and prep.head.lemma_.lower() in load_story_lexicon().governing_bodies
    )


def speaks_for(tok: Token) -> bool:
    """A place named as who speaks or acts from afar: "Washington condemned", "Moscow's foreign
    ministry said", "Kabul denies" — not where something happened."""
    verbs = load_story_lexicon().statement_verbs
    node = tok
    if node.dep_ == "poss" or (node.dep_ == "compound" and node.head.pos_ in {"PROPN", "NOUN"}):
        node = node.head  # "Moscow's foreign ministry", "the Tehran government"
        if node.lemma_.lower() not in {"ministry", "government", "official", "spokesman", "foreign", "embassy"}:
            if tok.dep_ == "compound":
                return False
    return node.dep_ == "nsubj" and node.head.lemma_.lower() in verbs


def _since_period(doc: Doc, start: int, end: int, lex: StoryLexicon) -> bool:
    """ "since 2011", "since March 2011", "since the conflict began": a toll over a period."""
    for tok in doc[start:end]:
        if tok.lower_ != "since":
            continue
        if tok.dep_ == "advmod" and tok.head.lemma_.lower() in lex.toll_verbs:
            return True  # "has since killed": every death since then
        window = doc[tok.i + 1 : min(end, tok.i + 7)]
        if any((t.like_num and len(t.text) == 4) or t.lower_ in lex.period_openers for t in window):
            return True
    return False


def ascribed(tok: Token, anchors: Sequence[int]) -> bool:
    """The act headed by ``tok`` is ascribed to someone's record, not reported as an incident
    (see ``_ascribed``); ``anchors`` are the offsets of the clause's days and tolls."""
    return _ascribed(tok, load_story_lexicon(), anchors=anchors)


def _ascribed(tok: Token, lex: StoryLexicon, *, anchors: Sequence[int]) -> bool:
    """The act is someone's record ("responsible for attacks", "linked to an attack", "planned and
    conducted attacks"), not an incident the story reports."""
    if (
        tok.dep_ == "compound"
        and tok.lemma_.lower() in lex.habitual_acts
        and tok.head.lemma_.lower() in lex.record_holders
    ):
        return True  # "a suicide attack planner", "an attack cell": a role, not an act
    below = tok
    for node in tok.ancestors:
        # the act must hang as what the head ascribes (ASCRIBED_DEPS); a present participle tells the
        # act itself ("explosions involving small arms")
        lemma = node.lemma_.lower()
        if (
            (lemma in lex.ascription_heads or f"{lemma} {below.lower_}" in lex.ascription_heads)
            and below.dep_ in ASCRIBED_DEPS
            and node.tag_ != "VBG"
        ):
            return True
        if _tells_record(node, lex, anchors):
            return True
        below = node
    # a bare plural act with no number or article, in a clause with no day or toll: "he planned and
    # conducted attacks against coalition forces", "where he coordinated IED attacks"
    while tok.dep_ in {"compound", "amod"} and tok.head is not tok:
        tok = tok.head  # "improvised explosive device attacks": the act is "attacks"
    bare = not any(c.dep_ in {"det", "nummod", "poss"} for c in tok.children)
    head = _governing_verb(tok)
    if head is None:
        return False
    phrase = doc_range(head)
    anchored = any(phrase[0] <= a < phrase[1] for a in anchors)
    if not anchored and bare and tok.tag_ == "NNS" and tok.lemma_.lower() in lex.habitual_acts:
        return head.tag_ in {"VBZ", "VBP", "VBD", "VBN"}
    return False


# How an act hangs under an ascription head when the head ascribes it: "responsible for attacks",
# "charged with the bombing", "orchestrated the attack", "behind the attack". Not a clause beside
# it ("police baton charged students protesting", an adverbial clause) nor a coordinated act
# ("sentenced to death and executed him": the execution happened).
ASCRIBED_DEPS = frozenset({"prep", "pobj", "dobj", "xcomp", "acomp", "attr", "pcomp", "agent", "compound", "amod"})


def _tells_record(node: Token, lex: StoryLexicon, anchors: Sequence[int]) -> bool:
    """``node`` heads a relative clause on a person or group, with no day or toll of its own: "a
    Taliban leader who led IED attacks", "a commander who directs ambushes". (A participle is the
    scene, not a record: "armed men riding a motorcycle carried out a shooting".)"""
    if node.dep_ != "relcl" or node.head.lemma_.lower() not in lex.record_holders:
        return False
    if not any(c.dep_ == "nsubj" and c.tag_ in {"WP", "WDT"} for c in node.children):
        return False  # the person is not the doer: "networks in which members were seen beating"
    lo, hi = doc_range(node)
    return not any(lo <= a < hi for a in anchors)


def _governing_verb(tok: Token) -> Token | None:
    """The verb an act noun is the direct object of, through coordination and compounds the small
    parser may hang it on ("conducts direct-fire and roadside bomb attacks"); not a preposition's
    object ("killed four during airstrikes": the airstrikes are the incident's)."""
    node = tok
    for _ in range(4):
        if node.dep_ not in {"dobj", "conj", "compound"} or node.head is node:
            return None
        node = node.head
        if node.pos_ == "VERB" and node.tag_ in {"VBZ", "VBP", "VBD", "VBN"}:
            return node
    return None
