"""ACLED's six event types: one home for their names and for which of them are violent.

The names are spelled as the codebook spells them (outside tools match on them) and are checked
against ``data/taxonomy/acled.toml`` when this module loads, so the enum and the data file cannot
drift apart. Being a ``StrEnum``, each member is equal to its name as a plain string.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from sitrep.errors import DataFileError, Errors
from sitrep.resources import load_toml

__all__ = ["ORGANISED_VIOLENCE", "TAXONOMY_FILE", "EventType", "event_type_of", "sub_event_types"]

TAXONOMY_FILE = "taxonomy/acled.toml"


class EventType(StrEnum):
    BATTLES = "Battles"
    EXPLOSIONS = "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
    RIOTS = "Riots"
    PROTESTS = "Protests"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


# ACLED Codebook 2023, "Disorder types": organised political violence (riots are disorder, not
# organised violence; mob violence is counted as political violence by sub-event type).
ORGANISED_VIOLENCE: frozenset[EventType] = frozenset(
    {EventType.BATTLES, EventType.EXPLOSIONS, EventType.VIOLENCE_AGAINST_CIVILIANS}
)


@cache
def sub_event_types() -> dict[str, EventType]:
    """Every ACLED sub-event type, with the event type it belongs to, in the codebook's order."""
    return {sub: EventType(t["name"]) for t in load_toml(TAXONOMY_FILE)["event_type"] for sub in t["sub_event_types"]}


def event_type_of(sub_event_type: str) -> EventType | None:
    """The event type an ACLED sub-event type implies ("Grenade" → Explosions/Remote violence);
    None for a name that is no ACLED sub-event type."""
    return sub_event_types().get(sub_event_type)


def _check() -> None:
    names = {t["name"] for t in load_toml(TAXONOMY_FILE)["event_type"]}
    if names != {t.value for t in EventType}:
        detail = f"event types {sorted(names)} differ from sitrep.vocab.taxonomy.EventType"
        raise DataFileError(Errors.E008.format(path=TAXONOMY_FILE, entry="event_type", detail=detail))


_check()
