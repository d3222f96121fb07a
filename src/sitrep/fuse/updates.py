"""Toll updates and claims: what a later report adds to an incident others reported first.

Follow-up stories ("Death toll in Quetta grenade attack rises to three", "a wounded constable
died in hospital") give the incident's running total, not a competing count; a claim of
responsibility ("The BLA claimed responsibility") names the attacker an earlier wire did not.
These functions read only a report's own coded fields (its notes and the evidence spans the
extractor kept), so fusion stays pure and order-free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.fuse.report import Report

__all__ = ["Update", "claims", "toll_update"]

# "toll rose to 15", "death toll rises to three", "the toll has climbed to twenty-one"
_TOLL = re.compile(
    r"\btoll\b[^.;]{0,60}?\b(?:rose|rises|risen|rising|climbed|climbs|jumped|increased|reached|stands at|stood at)"
    r"\s+(?:to\s+)?(?P<n>[\w,-]+(?:\s+[\w-]+){0,2})",
    re.IGNORECASE,
)
# a death that follows the attack: "a wounded constable died", "succumbed to his injuries"
_LATER_DEATH = re.compile(
    r"\b(?:wounded|injured)\b[^.;]{0,40}\bdied\b|\bsuccumbed\b|\bdied (?:of|from) (?:his |her |their )?"
    r"(?:wounds|injuries)\b|\bdied (?:later )?in (?:a )?hospital\b|\blater died\b",
    re.IGNORECASE,
)
_CLAIM = re.compile(r"\bclaim(?:ed|s)?\s+(?:the\s+)?(?:responsibility|the attack|the bombing)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Update:
    """A report that updates an incident's toll: ``total`` is the running total it gives (None
    when it reports later deaths without one)."""

    total: int | None


def _texts(report: Report) -> list[str]:
    e = report.event
    spans = [item.text for name in ("notes", "fatalities") for item in e.evidence.get(name, ())]
    return [*spans, e.notes]


def _number(words: str) -> int | None:
    from sitrep.extract.numbers import parse_number

    parts = words.replace(",", "").split()
    for n in range(len(parts), 0, -1):
        value = parse_number(" ".join(parts[:n]))
        if value is not None:
            return value
    return None


def toll_update(report: Report) -> Update | None:
    """The update this report gives, or None when it is an ordinary report."""
    for text in _texts(report):
        match = _TOLL.search(text)
        if match:
            return Update(total=_number(match.group("n")))
    if any(_LATER_DEATH.search(text) for text in _texts(report)):
        return Update(total=None)
    return None


def claims(report: Report) -> bool:
    """Whether the report tells of a claim of responsibility."""
    e = report.event
    texts = [*_texts(report), *(item.text for name in ("actor1",) for item in e.evidence.get(name, ()))]
    return any(_CLAIM.search(text) for text in texts)
