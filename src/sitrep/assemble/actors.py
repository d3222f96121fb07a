"""Code an event's actor pair: who acted (actor 1), against whom (actor 2), with ACLED names.

Rules (ACLED Codebook 2023, "Actors" and "Associated actors"):

- actors go by the name they use: a government's label for a group is an alias of that group
  (the registry maps "Fitna al-Hindustan" to the BLA), never an actor of its own;
- a generic mention ("militants", "gunmen") in a story that attributes the violence to one named
  group ("blamed the attacks on the BLA", "the TTP claimed") is coded as that group;
- unnamed armed perpetrators are ``Unidentified Armed Group (<country>)``; the victims of violence
  against civilians are ``Civilians (<country>)``, with who they were as an associated actor;
- demonstrators are ``Protesters (<country>)`` or ``Rioters (<country>)``; the forces that
  intervene are actor 2;
- the one who speaks about an event ("police said") is a source, not an actor.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.extract.classify import Typing
from sitrep.model import Evidence, Frame, Reading
from sitrep.vocab.actors import ActorRegistry, interaction_code
from sitrep.vocab.taxonomy import ORGANISED_VIOLENCE, EventType

__all__ = ["ActorCoder", "CodedActors"]

# Words near a group's name that attribute the violence to it.
ATTRIBUTION = re.compile(
    r"\b(claim(ed|s)?|blam(ed|es|ing)|alleg(ed|es|edly)|responsibility|carried out by|attribut(ed|es)|"
    r"suspected|accus(ed|es) (the )?(group|militants|insurgents))\b",
    re.I,
)
ARMED_INTERS = frozenset({1, 2, 3, 4, 8})
NON_STATE_ARMED = frozenset({2, 3, 4})
UNIDENTIFIED = "unidentified_armed_group"


@dataclass(frozen=True, slots=True)
class CodedActors:
    actor1: str = ""
    assoc1: str = ""
    inter1: int = 0
    actor2: str = ""
    assoc2: str = ""
    inter2: int = 0
    interaction: int = 0
    evidence1: tuple[Evidence, ...] = ()
    evidence2: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class _Named:
    key: str
    name: str
    inter: int
    assoc: str
    evidence: tuple[Evidence, ...]


class ActorCoder:
    """Codes actor pairs with one registry; remembers each article's attributed group."""

    def __init__(self, registry: ActorRegistry) -> None:
        self.registry = registry
        self._attributed: dict[str, str | None] = {}

    def code(
        self, frames: Sequence[Frame], reading: Reading, *, typing: Typing, country: str, date: dt.date
    ) -> CodedActors:
        mentions = [a for f in frames for a in f.actors if a.role != "source" and (country or not a.generic)]
        resolved = [self._named(m.name, country, date, (m.evidence,)) for m in mentions]
        agents = [r for m, r in zip(mentions, resolved, strict=True) if m.role in {"agent", "party"}]
        targets = [r for m, r in zip(mentions, resolved, strict=True) if m.role in {"target", "party"}]
        others = [r for m, r in zip(mentions, resolved, strict=True) if m.role == ""]
        group = self._attribution(reading)
        etype, sub = typing.event_type, typing.sub_event_type
        a1: _Named | None
        a2: _Named | None
        if etype == EventType.PROTESTS:
            a1 = self._generic("protesters", country, date)
            assoc = [r for r in agents + others + targets if r.inter in {6, 7} and r.assoc]
            a1 = _with_assoc(a1, assoc[0].assoc if assoc else "", assoc[0].evidence if assoc else ())
            forces = [r for r in targets + others + agents if r.inter == 1]
            a2 = forces[0] if forces and sub != "Peaceful protest" else None
        elif etype == EventType.RIOTS:
            a1 = self._generic("rioters", country, date)
            rest = [r for r in targets + others if r.inter != 5] + [r for r in agents if r.inter in {1, 7}]
            a2 = rest[0] if rest else None
        else:
            armed = [r for r in agents + others if r.inter in ARMED_INTERS]
            a1 = armed[0] if armed else (agents[0] if agents else None)
            if a1 is not None and a1.key == UNIDENTIFIED and group:
                a1 = self._named(group, country, date, a1.evidence)
            if a1 is None and group and etype in ORGANISED_VIOLENCE:
                a1 = self._named(group, country, date, ())
            if a1 is None and etype in ORGANISED_VIOLENCE:
                kind = "military" if sub == "Air/drone strike" else UNIDENTIFIED
                a1 = self._generic(kind, country, date)
            if a1 is None and sub == "Arrests":
                a1 = self._generic("police", country, date)
            # the mentions actor 1 was coded from are not actor 2 ("attackers" that are the BLA)
            used = {id(r) for r in armed[:1]} if armed else set()
            pool = [
                r
                for r in targets + others + agents
                if id(r) not in used
                and (a1 is None or r.name != a1.name)
                and not (a1 is not None and group == a1.key and r.key == UNIDENTIFIED)
            ]
            if etype == EventType.VIOLENCE_AGAINST_CIVILIANS or (
                etype == EventType.EXPLOSIONS and any(r.inter == 7 for r in pool)
            ):
                civ = [r for r in pool if r.inter == 7]
                a2 = civ[0] if civ else self._generic("civilians", country, date)
            elif etype == EventType.BATTLES:
                armed2 = [r for r in pool if r.inter in ARMED_INTERS]
                a2 = armed2[0] if armed2 else None
                if a2 is None and a1 is not None:
                    if a1.inter in NON_STATE_ARMED:
                        a2 = self._generic("military", country, date)
                    elif group:
                        a2 = self._named(group, country, date, ())
                    else:
                        a2 = self._generic(UNIDENTIFIED, country, date)
            else:
                a2 = pool[0] if pool else None
        return _coded(a1, a2)

    # --- helpers -----------------------------------------------------------------------------

    def _named(self, key: str, country: str, date: dt.date, evidence: tuple[Evidence, ...]) -> _Named:
        name, inter = self.registry.resolve(key, country=country or "", date=date)
        assoc = self.registry.assoc(key, country=country, date=date) if country else ""
        return _Named(key, name, inter, assoc, evidence)

    def _generic(self, kind: str, country: str, date: dt.date) -> _Named | None:
        if kind not in self.registry.entries or not country:
            return None
        return self._named(kind, country, date, ())

    def _attribution(self, reading: Reading) -> str | None:
        """The one named non-state armed group the story holds responsible, if there is one."""
        aid = reading.article.id
        if aid in self._attributed:
            return self._attributed[aid]
        text = reading.article.text
        scores: Counter[str] = Counter()
        for m in reading.actors:
            entry = self.registry.entries.get(m.name)
            if entry is None or m.generic or entry.inter not in NON_STATE_ARMED:
                continue
            scores[m.name] += 1
            lo, hi = reading.sentences[m.sentence] if m.sentence < len(reading.sentences) else (0, len(text))
            if ATTRIBUTION.search(text[lo:hi]):
                scores[m.name] += 2  # named in a sentence that attributes the violence
        best = scores.most_common(2)
        group = best[0][0] if best and (len(best) == 1 or best[0][1] > best[1][1]) else None
        if len(self._attributed) > 1000:
            self._attributed.clear()
        self._attributed[aid] = group
        return group


def _with_assoc(actor: _Named | None, assoc: str, evidence: tuple[Evidence, ...]) -> _Named | None:
    if actor is None:
        return None
    return _Named(actor.key, actor.name, actor.inter, assoc, actor.evidence + evidence)


def _coded(a1: _Named | None, a2: _Named | None) -> CodedActors:
    if a1 is None and a2 is not None and a2.inter != 7:
        a1, a2 = a2, None
    if a1 is not None and a2 is not None and a1.name == a2.name:
        a2 = None
    inter1 = a1.inter if a1 else 0
    inter2 = a2.inter if a2 else 0
    return CodedActors(
        actor1=a1.name if a1 else "",
        assoc1=a1.assoc if a1 and a1.assoc != a1.name else "",
        inter1=inter1,
        actor2=a2.name if a2 else "",
        assoc2=a2.assoc if a2 and a2.assoc != a2.name else "",
        inter2=inter2,
        interaction=interaction_code(inter1, inter2) if inter1 or inter2 else 0,
        evidence1=a1.evidence if a1 else (),
        evidence2=a2.evidence if a2 else (),
    )
