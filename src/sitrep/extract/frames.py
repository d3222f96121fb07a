"""Read a parsed article into frames: what each clause says happened, and the mentions bound to it.

A frame is one clause with at least one event trigger that is asserted to have happened. The
rules that decide which triggers count (ACLED Codebook 2023, "What is an event"):

- negated ("no attack took place"), future or hypothetical ("plans to attack", "will strike",
  "operate from Afghan soil to carry out attacks") triggers are not events;
- attempted, repelled and foiled attacks are events ("attempted to overrun", "assaults were foiled");
- a trigger inside a reason or cause phrase ("protested against the killing of ...") says why,
  not what happened, and does not count;
- a clause that only reports speech, an accusation or a denial is marked ``reported``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace as dc_replace

from spacy.tokens import Doc, Span, Token

from sitrep.extract.dates import find_dates
from sitrep.extract.fatalities import find_fatalities, find_stated_split
from sitrep.extract.lead import lead_of
from sitrep.extract.story import (
    HEADLINE,
    ascribed,
    clause_role,
    describes_actor,
    find_dateline,
    is_aggregate,
    seat_of_power,
    speaks_for,
    weapon_not_used,
)
from sitrep.extract.targets import is_crowd, off_duty, target_class
from sitrep.model import (
    ActorMention,
    Article,
    DateMention,
    Evidence,
    FatalityMention,
    Frame,
    PlaceMention,
    Reading,
    TriggerMention,
)
from sitrep.nlp.components import PLACES, QUALIFIERS, TRIGGERS
from sitrep.vocab.actors import LABEL_GENERIC, LABEL_NAMED, ActorRegistry

__all__ = ["read_doc"]

# Heads under which a trigger is not asserted: the event is planned, threatened or hypothetical.
HYPOTHETICAL_HEADS = frozenset(
    {
        "plan",
        "threaten",
        "vow",
        "warn",
        "intend",
        "seek",
        "aim",
        "prepare",
        "plot",
        "want",
        "urge",
        "call",
        "demand",
        "fear",
        "avoid",
        "prevent",
        "deter",
        "stop",
    }
)
PAST_TAGS = frozenset({"VBD", "VBN"})
# Dependencies by which a planned or prevented act hangs under "plan", "threaten", "stop" ...
GOVERNED = frozenset({"xcomp", "ccomp", "pcomp", "advcl", "prep"})
MODALS = frozenset({"will", "would", "could", "may", "might", "shall", "should", "can", "must", "'ll"})
ATTEMPT_HEADS = frozenset({"attempt", "try", "foil", "thwart", "repel", "repulse", "fail", "bid"})
# Words that open a reason or cause: triggers below them say why, not what happened.
REASON_MARKERS = frozenset(
    {
        "against",
        "over",
        "demand",
        "demanding",
        "condemn",
        "condemning",
        "denounce",
        "denouncing",
        "protest",
        "protesting",
        "decry",
        "decrying",
        "because",
        "following",
        "after",
        "amid",
        "amidst",
        "regarding",
        "about",
        "mourn",
        "mourning",
        "seeking",
        "oppose",
        "opposing",
        "release",
    }
)
SPEECH_VERBS = frozenset(
    {
        "say",
        "allege",
        "accuse",
        "deny",
        "claim",
        "blame",
        "reject",
        "warn",
        "tell",
        "state",
        "announce",
        "confirm",
        "praise",
        "condemn",
        "report",
        "add",
        "insist",
        "assert",
    }
)
# Clause boundaries inside a sentence ("..., while in Pasni ...", "...; ...").
CLAUSE_BREAKS = frozenset({"while", "whereas", "meanwhile", ";"})
# A bomb that goes off at a gathering: the gathering is its scene ("blew himself up at a rally").
BOMB_LABELS = frozenset({"suicide", "ied", "grenade"})
SCENE_PREPOSITIONS = frozenset({"at", "on", "near", "outside", "inside", "during", "targeting"})
# Verbs whose object is what an act was aimed at ("targeting a rally"): the object is no event itself.
TARGET_VERBS = frozenset({"target", "attack", "hit", "strike", "bomb"})
# Trigger classes named by a weapon noun, which may name a trade or supplies instead of a blast.
WEAPON_LABELS = frozenset({"ied", "grenade", "suicide"})
# Triggers that are reasons when a protest is the event ("protest against the killing").
PROTEST_LABELS = frozenset({"protest"})


def read_doc(doc: Doc, article: Article, *, registry: ActorRegistry) -> Reading:
    """Turn a parsed article into a Reading: its frames and every mention found.

    The dateline (story.py) is the reference day of relative dates; its place and day are where
    and when the story was filed, so no mention is taken from it.
    """
    sents = list(doc.sents)
    aid = article.id
    text = doc.text  # spaCy joins the tokens' text on every read of doc.text: once here
    dateline = find_dateline(text, published=article.published)
    reference = article.published
    if dateline is not None and dateline.date is not None and dateline.date <= article.published + ONE_DAY:
        reference = dateline.date
    cut = dateline.end if dateline is not None else 0
    dates = [d for d in find_dates(doc, published=reference, article_id=aid) if d.evidence.start >= cut]
    dates = [_statement_date(doc, d) for d in dates]
    # each sentence's clauses, with whether each counts a toll over a period (decided once here)
    clauses = [[(a, b, is_aggregate(doc, a, b)) for a, b in _clauses(sent)] for sent in sents]
    fatalities = _incident_tolls(doc, clauses, find_fatalities(doc, article_id=aid))
    actors = _actors(doc, sents, aid, registry)
    places = [p for p in _places(doc, sents, aid) if p.evidence.start >= cut and not _speaker(doc, p)]
    body_start = _body_start(text, article, cut)
    frames: list[Frame] = []
    for s_index, sent in enumerate(sents):
        for c_index, (start, end, aggregate) in enumerate(clauses[s_index]):
            triggers = _triggers(doc, s_index, start, end, aid)
            if not triggers:
                continue
            lo, hi = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
            clause_text = text[lo:hi]
            inside = [t for t in triggers if not (t.negated or t.hypothetical)]
            # a day or a toll of its own makes an act an incident, however it is worded
            anchors = [d.evidence.start for d in dates if lo <= d.evidence.start < hi]
            anchors += [f.evidence.start for f in fatalities if lo <= f.evidence.start < hi and f.best > 0]
            # a protest's "missing since 2021" is its cause, not a toll over a period
            aggregate = aggregate and not any(t.label in PROTEST_LABELS for t in inside)
            # each act's head, and whether the clause ascribes it to someone's record, decided once
            heads = [(t, h) for t in inside if (h := _head(doc, t, noun_heads=True)) is not None]
            record = [ascribed(h, anchors) for _, h in heads]
            role = clause_role(doc, start, end, record, body_start=body_start, aggregate=aggregate)
            if not role or role == HEADLINE:
                # the clause tells an incident: the acts it ascribes to someone's record ("captured a
                # leader who led IED attacks") describe the target, they do not type the event
                dropped = [t for (t, _), r in zip(heads, record, strict=True) if r]
                triggers = [t for t in triggers if t not in dropped]
            frames.append(
                Frame(
                    article_id=aid,
                    sentence=s_index,
                    clause=c_index,
                    span=Evidence(article_id=aid, start=lo, end=hi, text=clause_text),
                    triggers=tuple(triggers),
                    places=tuple(p for p in places if lo <= p.evidence.start < hi),
                    actors=tuple(a for a in actors if lo <= a.evidence.start < hi),
                    fatalities=tuple(f for f in fatalities if lo <= f.evidence.start < hi),
                    dates=tuple(d for d in dates if d.sentence == s_index),
                    target=_target(doc, inside, fatalities, lo, hi, clause_text=clause_text),
                    agent=_agent(doc, inside),
                    reported=_reported(sent, inside, doc),
                    role=role,
                )
            )
    return Reading(
        article=article,
        frames=tuple(frames),
        places=tuple(places),
        actors=tuple(actors),
        dates=tuple(dates),
        fatalities=tuple(fatalities),
        sentences=tuple((s.start_char, s.end_char) for s in sents),
        country_hints=_country_hints(doc, actors, registry),
        reference_date=reference,
        stated_split=find_stated_split(text, article_id=aid),
        lead=lead_of(text, article_id=aid),
    )


ONE_DAY = dt.timedelta(days=1)


def _speaker(doc: Doc, mention: PlaceMention) -> bool:
    """The place names who speaks or acts ("Moscow said", "the Britain-based Observatory")."""
    span = doc.char_span(mention.evidence.start, mention.evidence.end, alignment_mode="expand")
    return span is not None and (speaks_for(span.root) or describes_actor(doc, span.end) or seat_of_power(span.root))


def _incident_tolls(
    doc: Doc, clauses: Sequence[Sequence[tuple[int, int, bool]]], found: list[FatalityMention]
) -> list[FatalityMention]:
    """The counts that can belong to an incident: a toll over a period or a war ("so far this year
    more than 2,000 civilians have died") is never counted, whether or not its clause has a trigger."""
    spans = [
        (doc[a].idx, doc[b - 1].idx + len(doc[b - 1]))
        for sentence in clauses
        for a, b, aggregate in sentence
        if aggregate
    ]
    return [m for m in found if not any(lo <= m.evidence.start < hi for lo, hi in spans)]


def _body_start(text: str, article: Article, cut: int) -> int:
    """Where the body begins in the parsed ``text``: after the dateline and the headline. The
    headline is the article's title when the text repeats it, else a first line that ends without
    a full stop."""
    rest = text[cut:]
    stripped = rest.lstrip(" \t-–—:")
    offset = cut + len(rest) - len(stripped)
    title = article.title.strip()
    if title and stripped.startswith(title):
        return offset + len(title)
    line_end = stripped.find("\n")
    if 0 < line_end < 200 and not stripped[:line_end].rstrip().endswith((".", '"', "”")):
        return offset + line_end
    return offset


def _statement_date(doc: Doc, mention: DateMention) -> DateMention:
    """A day that dates a statement ("Today, forces confirmed ... arrested Sunday") is kept, but
    marked so that the act's own day wins."""
    span = doc.char_span(mention.evidence.start, mention.evidence.end, alignment_mode="expand")
    if span is None:
        return mention
    head = span.root.head
    if span.root.dep_ in {"npadvmod", "advmod", "pobj", "prep"} and head.lemma_.lower() in SPEECH_VERBS:
        return dc_replace(mention, of_statement=True)
    if head.dep_ == "prep" and head.head.lemma_.lower() in SPEECH_VERBS:
        return dc_replace(mention, of_statement=True)
    return mention


def _country_hints(doc: Doc, actors: Sequence[ActorMention], registry: ActorRegistry) -> tuple[str, ...]:
    """Words that say which country a story is about without naming a place: nationalities
    ("Afghan soldiers") and the countries of national actors ("the Taliban")."""
    hints = [ent.text for ent in doc.ents if ent.label_ == "NORP"]
    hints += [registry.entries[a.name].country for a in actors if registry.entries[a.name].country]
    return tuple(hints)


# --- clauses ------------------------------------------------------------------------------------


def _clauses(sent: Span) -> list[tuple[int, int]]:
    """Token ranges of the clauses of a sentence, split at "while", "whereas" and ";"."""
    bounds = [sent.start]
    for tok in sent:
        if tok.lower_ in CLAUSE_BREAKS and tok.i > sent.start + 2:
            cut = tok.i - 1 if tok.i > 0 and tok.nbor(-1).text == "," else tok.i
            if cut > bounds[-1]:
                bounds.append(cut)
    bounds.append(sent.end)
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


# --- triggers -----------------------------------------------------------------------------------


def _triggers(doc: Doc, s_index: int, start: int, end: int, aid: str) -> list[TriggerMention]:
    spans = [s for s in doc.spans[TRIGGERS] if start <= s.start < end]
    # a protest anywhere in the sentence makes it the event; what hangs under its reason words
    # ("opposing the detention of leaders who were arrested in a raid") says why it was held
    sent = doc[start].sent
    sent_spans = [s for s in doc.spans[TRIGGERS] if sent.start <= s.start < sent.end]
    protest_in_sentence = any(s.label_ in PROTEST_LABELS for s in sent_spans)
    out: list[TriggerMention] = []
    for span in spans:
        head = span.root
        if _under_reason(head, stop=sent.start, protest=protest_in_sentence and span.label_ not in PROTEST_LABELS):
            continue
        if span.label_ in WEAPON_LABELS and weapon_not_used(head):
            continue  # "an IED facilitator", "supplied explosives": a trade or supplies, not a blast
        if span.label_ in PROTEST_LABELS and _gathering_bombed(head, sent_spans):
            continue  # "blew himself up at a rally": the rally is where the bomb went off, not the event
        out.append(
            TriggerMention(
                label=span.label_,
                rule_id=span.id_,
                sentence=s_index,
                evidence=Evidence(article_id=aid, start=span.start_char, end=span.end_char, text=span.text),
                negated=_negated(head),
                attempted=_attempted(head),
                hypothetical=_hypothetical(head),
            )
        )
    return out


def _gathering_bombed(tok: Token, sent_spans: Sequence[Span]) -> bool:
    """A gathering named as where a bomb went off, or what it targeted: "a suicide bomber blew
    himself up at a rally", "an explosion at a protest camp", "detonated a vest targeting a
    protest" (Codebook 2023: an explosion aimed at a crowd is Explosions/Remote violence, not the
    crowd's demonstration)."""
    act = _targeted_by(tok)
    if act is None:
        if tok.dep_ != "pobj" or tok.head.lower_ not in SCENE_PREPOSITIONS:
            return False
        act = tok.head.head
    for span in sent_spans:
        if span.label_ in BOMB_LABELS and (
            span.root == act or span.root.head == act or act in span.root.ancestors or span.root in act.ancestors
        ):
            return True
    return False


def _targeted_by(tok: Token) -> Token | None:
    """The verb a gathering is the target of: "detonated targeting a protest", "targeting a
    gathering of protesters" (through "a gathering of", "a rally of")."""
    node = tok
    for _ in range(3):
        if node.dep_ == "dobj" and node.head.lemma_.lower() in TARGET_VERBS:
            return node.head
        if node.dep_ != "pobj" or node.head.dep_ != "prep" or node.head.lower_ != "of":
            return None
        node = node.head.head  # "a gathering of protesters": the gathering
    return None


def _ancestors(tok: Token, limit: int = 4) -> Iterable[Token]:
    for n, anc in enumerate(tok.ancestors):
        if n >= limit:
            return
        yield anc


def _negated(tok: Token) -> bool:
    for t in (tok, *_ancestors(tok, 1)):
        if any(c.dep_ == "neg" for c in t.children):
            return True
        if any(c.lower_ in {"no", "never"} and c.dep_ in {"det", "neg", "advmod"} for c in t.children):
            return True
    return False


def _attempted(tok: Token) -> bool:
    return any(a.lemma_.lower() in ATTEMPT_HEADS for a in (tok, *_ancestors(tok, 3)))


def _hypothetical(tok: Token) -> bool:
    chain = (tok, *_ancestors(tok, 3))
    for below, t in zip((None, *chain), chain, strict=False):
        lemma = t.lemma_.lower()
        if lemma in ATTEMPT_HEADS:
            return False  # "attempted to overrun": an attempt is an event
        if lemma in HYPOTHETICAL_HEADS and below is not None and below.dep_ in GOVERNED:
            return True  # "plans to attack", "stopped them from attacking"; not "stopped a bus and abducted"
        if any(c.dep_ == "aux" and c.lower_ in MODALS for c in t.children):
            return True
        if t.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            # an infinitive of purpose: asserted under a past act ("gathered to protest"), not
            # under a present or habitual one ("operate from its soil to carry out attacks")
            head = t.head
            if (
                head.lemma_.lower() not in ATTEMPT_HEADS
                and t.dep_ in {"advcl", "xcomp", "acl", "relcl"}
                and head.tag_ not in PAST_TAGS
            ):
                return True
    return False


def _under_reason(tok: Token, *, stop: int, protest: bool) -> bool:
    """True when the trigger sits in a reason phrase of a protest ("protest against the killing of")."""
    if not protest:
        return False
    for node in (tok, *tok.ancestors):
        if node.i < stop:
            break
        if node is not tok and (node.lower_ in REASON_MARKERS or node.lemma_.lower() in REASON_MARKERS):
            return True
        # a clause opened by a reason conjunction: "demanding justice after a gas leak killed 11"
        if any(c.dep_ == "mark" and c.lower_ in REASON_MARKERS for c in node.children):
            return True
    return False


def _reported(sent: Span, triggers: Sequence[TriggerMention], doc: Doc) -> bool:
    """A sentence whose main verb is a speech verb and whose triggers are not inside the clause it
    reports ("Kakar blamed the violence on the BLA" is a statement; "officials said attackers threw
    grenades" reports an event)."""
    root = sent.root
    if root.lemma_.lower() not in SPEECH_VERBS:
        return False
    for head in _roots(doc, triggers):
        for anc in (head, *head.ancestors):
            if anc.dep_ == "ccomp" and anc.head == root:
                return False
    return True


def _roots(doc: Doc, triggers: Sequence[TriggerMention]) -> Iterator[Token]:
    """The syntactic head of each trigger, read back from its evidence span."""
    for trig in triggers:
        head = _head(doc, trig)
        if head is not None:
            yield head


def _head(doc: Doc, trig: TriggerMention, *, noun_heads: bool = False) -> Token | None:
    """One trigger's syntactic head, read back from its evidence span.

    noun_heads (bool): a trigger ending in a noun that hangs outside it is headed by that noun
        (English noun phrases end in their head), whatever the parse makes of the words before:
        the small model reads "roadside" in "roadside bomb attacks" as a verb.
    """
    span = doc.char_span(trig.evidence.start, trig.evidence.end, alignment_mode="expand")
    if span is None:
        return None
    last = span[-1]
    if noun_heads and len(span) > 1 and last.pos_ == "NOUN" and not span.start <= last.head.i < span.end:
        return last
    return span.root


# --- targets ------------------------------------------------------------------------------------


def _target(
    doc: Doc,
    triggers: Sequence[TriggerMention],
    fatalities: Sequence[FatalityMention],
    lo: int,
    hi: int,
    *,
    clause_text: str,
) -> str:
    """Whom the clause's violence was aimed at: "armed", "civilian" or "" (ACLED: target decides
    type). ``clause_text`` is the text of ``lo``..``hi``."""
    classes: list[str] = []
    for head in _roots(doc, triggers):
        for tok in _objects(head):
            cls = target_class(tok)
            if cls:
                classes.append(cls)
    for fat in fatalities:
        if lo <= fat.evidence.start < hi and fat.best > 0:
            if fat.side in {"state", "rebel", "attacker"}:
                classes.append("armed")
            elif fat.side == "civilian":
                classes.append("civilian")
    if "armed" in classes:
        # personnel attacked off duty, at home or retired are civilians (targets.toml, off_duty)
        return "civilian" if off_duty(clause_text) else "armed"
    return "civilian" if "civilian" in classes else ""


VIOLENT_LABELS = frozenset({"kill", "attack", "clash", "assault", "gunfire"})
# Verbs that, with no object, tell their subject's death ("Journalist killed", "Two shot dead").
DEATH_VERB_LEMMAS = frozenset({"kill", "shoot", "behead", "execute", "murder", "slay", "gun", "assassinate"})


def _agent(doc: Doc, triggers: Sequence[TriggerMention]) -> str:
    """Who did the violence: "civilian" when any party is an unorganised crowd ("villagers
    attacked", "clashes between two groups", "beaten by three persons"), "armed" when the parties
    are armed actors, else "" (ACLED: violence by rioters is mob violence, not a battle)."""
    classes: list[str] = []
    for trig in triggers:
        head = _head(doc, trig) if trig.label in VIOLENT_LABELS else None
        if head is None or (trig.label == "kill" and _victim_subject(head)):
            continue
        for tok in _subjects(head):
            if is_crowd(tok):
                classes.append("civilian")
            elif target_class(tok) == "armed":
                classes.append("armed")
    if "civilian" in classes:
        return "civilian"
    return "armed" if "armed" in classes else ""


def _victim_subject(verb: Token) -> bool:
    """A death verb with no object names its subject's death: "Journalist killed in Quetta" (a
    headline's passive without "was"), "Two soldiers shot dead" — the subject is no killer."""
    return verb.tag_ in {"VBD", "VBN"} and not any(c.dep_ in {"dobj", "obj"} for c in verb.children)


def _subjects(tok: Token) -> Iterable[Token]:
    """The doers of an act: its subject, its "by" agent, or the parties "between" whom it was."""
    heads = [tok]
    if tok.dep_ in {"nsubj", "dobj"} and tok.head.pos_ in {"VERB", "AUX"}:
        heads.append(tok.head)  # "clashes erupted between ...", "carried out an attack"
    for h in heads:
        for child in h.children:
            if child.dep_ in {"nsubj", "csubj"} and child is not tok and h.lemma_.lower() not in SPEECH_VERBS:
                yield child
            elif child.dep_ in {"agent", "prep"} and child.lower_ in {"by", "between", "among"}:
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    yield pobj
                    yield from (c for c in pobj.children if c.dep_ == "conj")


def _objects(tok: Token) -> Iterable[Token]:
    """The words a violent act is aimed at: object, passive subject, "at/on/against" phrase."""
    heads = [tok]
    if tok.dep_ in {"nsubj", "compound"} and tok.head.pos_ in {"VERB", "AUX"}:
        heads.append(tok.head)  # "a bomb killed three soldiers"
    if tok.dep_ in {"dobj", "pobj"} and tok.head.pos_ == "VERB":
        heads.append(tok.head)  # "carried out an attack on ..."
    for h in heads:
        for child in h.children:
            if child.dep_ in {"dobj", "nsubjpass", "dative", "attr", "obj"}:
                yield child
            elif child.dep_ == "prep" and child.lower_ in {"on", "at", "against", "upon", "targeting", "into", "of"}:
                yield from (c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ in {"advcl", "xcomp"} and child.lemma_.lower() in {"kill", "injure", "wound", "target"}:
                yield from (c for c in child.children if c.dep_ in {"dobj", "obj"})
    if tok.dep_ == "nsubjpass":
        yield tok


# --- actors and places --------------------------------------------------------------------------


def _actors(doc: Doc, sents: Sequence[Span], aid: str, registry: ActorRegistry) -> list[ActorMention]:
    out: list[ActorMention] = []
    index = {s.start: i for i, s in enumerate(sents)}
    for ent in doc.ents:
        if ent.label_ not in {LABEL_NAMED, LABEL_GENERIC} or ent.ent_id_ not in registry.entries:
            continue
        entry = registry.entries[ent.ent_id_]
        out.append(
            ActorMention(
                name=ent.ent_id_,
                inter=entry.inter,
                role=_role(ent.root),
                sentence=index.get(ent.sent.start, 0),
                evidence=Evidence(article_id=aid, start=ent.start_char, end=ent.end_char, text=ent.text),
                generic=ent.label_ == LABEL_GENERIC,
            )
        )
    return out


def _role(tok: Token) -> str:
    """ "agent" (did it), "target" (had it done to them), "party" (clash between ...), "source"
    (only speaks of it) or ""."""
    t = tok
    while t.dep_ in {"compound", "amod", "poss", "nmod", "appos", "conj"} and t.head is not t:
        if t.dep_ == "conj" and t.head.dep_ == "pobj" and t.head.head.lower_ == "between":
            return "party"
        t = t.head
    dep = t.dep_
    if dep in {"nsubj", "csubj"} and t.head.lemma_.lower() in SPEECH_VERBS:
        return "source"  # "police said": the one who speaks is a source, not an actor
    if dep in {"nsubj", "csubj"}:
        # "Journalist killed in Quetta": a headline's passive without "was" names the dead
        return "target" if t.head.lemma_.lower() in DEATH_VERB_LEMMAS and _victim_subject(t.head) else "agent"
    if dep == "pobj":
        prep = t.head
        if prep.lower_ == "by":
            return "agent"
        if prep.lower_ == "between":
            return "party"
        if prep.lower_ in {"on", "at", "against", "upon", "targeting", "with"}:
            return "target" if prep.lower_ != "with" else "party"
        if prep.lower_ == "of" and prep.head.dep_ in {"nsubj", "nsubjpass"}:
            return _role(prep.head)
    if dep in {"dobj", "nsubjpass", "dative", "obj"}:
        return "target"
    return ""


def _places(doc: Doc, sents: Sequence[Span], aid: str) -> list[PlaceMention]:
    index = {s.start: i for i, s in enumerate(sents)}
    out: list[PlaceMention] = []
    for span in doc.spans[PLACES]:
        qualifier = ""
        if span.end < len(doc) and doc[span.end].lower_ in QUALIFIERS:
            qualifier = doc[span.end].lower_
        out.append(
            PlaceMention(
                name=span.id_ or span.text,  # the spelling the gazetteer knows ("Dawlatabad")
                sentence=index.get(span.sent.start, 0),
                evidence=Evidence(article_id=aid, start=span.start_char, end=span.end_char, text=span.text),
                qualifier=qualifier or _list_qualifier(doc, span),
            )
        )
    return out


def _list_qualifier(doc: Doc, span: Span) -> str:
    """ "Balincha, Tump and Kharan districts": each listed name takes the plural qualifier."""
    for tok in doc[span.end : min(len(doc), span.end + 8)]:
        if tok.is_punct or tok.lower_ in {"and", ","} or tok.ent_type_ == "GPE":
            continue
        lemma = tok.lemma_.lower()
        return lemma if lemma in QUALIFIERS else ""
    return ""
