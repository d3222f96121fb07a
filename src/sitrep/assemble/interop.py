"""PLOVER and CAMEO codes for an ACLED-typed event (issue 4, "Interoperability").

The crosswalk is data (``data/taxonomy/plover.toml``): each ACLED sub-event type has a PLOVER
event type, a PLOVER mode where the sub-event type decides it, and the nearest CAMEO root code.
Where the sub-event type leaves the mode open (an armed clash, an attack), the words that
triggered the event decide it when they name a weapon or a manner ("shot", "stabbed", "shelled").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from sitrep.resources import load_toml

__all__ = ["Crosswalk", "crosswalk"]

CROSSWALK_FILE = "taxonomy/plover.toml"


@dataclass(frozen=True, slots=True)
class Crosswalk:
    """One event's codes in the other schemes; empty strings where a scheme has no counterpart."""

    plover_event_type: str
    plover_mode: str
    cameo_root: str


@cache
def _table() -> tuple[dict[str, Crosswalk], tuple[tuple[str, re.Pattern[str]], ...]]:
    data = load_toml(CROSSWALK_FILE)
    table = {name: Crosswalk(row["plover"], row["mode"], row["cameo"]) for name, row in data["sub_event_type"].items()}
    cues = tuple(
        (cue["mode"], re.compile("|".join(r"\b" + re.escape(w) for w in cue["words"]))) for cue in data["mode_cue"]
    )
    return table, cues


def crosswalk(sub_event_type: str, trigger_text: str = "") -> Crosswalk:
    """The PLOVER type and mode and the CAMEO root for ``sub_event_type``.

    trigger_text (str): the words that triggered the event; they decide an ASSAULT mode that the
        sub-event type leaves open.
    """
    table, cues = _table()
    row = table.get(sub_event_type, Crosswalk("", "", ""))
    if row.plover_event_type != "ASSAULT" or row.plover_mode or not trigger_text:
        return row
    text = trigger_text.lower()
    for mode, pattern in cues:
        if pattern.search(text):
            return Crosswalk(row.plover_event_type, mode, row.cameo_root)
    return row
