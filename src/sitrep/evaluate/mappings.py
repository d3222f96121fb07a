"""Tables that translate other coding schemes into ACLED's: old event types, GTD attack types,
and ACLED's region for a country. Keys are casefolded."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["ACLED_REGIONS", "GTD_EVENT_TYPES", "OLD_EVENT_TYPES"]

# Pre-2019 ACLED event types → the current types that count as correct. "Riots/Protests" was
# split into two types in 2019, so either is accepted.
OLD_EVENT_TYPES: Mapping[str, tuple[str, ...]] = {
    "riots/protests": ("Protests", "Riots"),
    "battle-no change of territory": ("Battles",),
    "battle-government regains territory": ("Battles",),
    "battle-non-state actors overtake territory": ("Battles",),
    "battle-non-state actor overtakes territory": ("Battles",),
    "remote violence": ("Explosions/Remote violence",),
    "violence against civilians": ("Violence against civilians",),
    "strategic development": ("Strategic developments",),
    "non-violent transfer of territory": ("Strategic developments",),
    "headquarters or base established": ("Strategic developments",),
}

# GTD attack types with one clear ACLED (event_type, sub_event_type). The others (armed assault,
# assassination, facility attack, ...) are Battles or Violence against civilians depending on the
# target, which GTD does not code the ACLED way: their type is not scored.
GTD_EVENT_TYPES: Mapping[str, tuple[str, str | None]] = {
    "bombing/explosion": ("Explosions/Remote violence", None),
    "hostage taking (kidnapping)": ("Violence against civilians", "Abduction/forced disappearance"),
}

# ACLED's region for countries in the dev files, used where a file has no ACLED region column
# (old schema, notes-only extract, UCDP, GTD) so that ``--region "Southern Asia"`` works everywhere.
ACLED_REGIONS: Mapping[str, str] = {
    "afghanistan": "Caucasus and Central Asia",
    "armenia": "Caucasus and Central Asia",
    "azerbaijan": "Caucasus and Central Asia",
    "bangladesh": "Southern Asia",
    "bhutan": "Southern Asia",
    "india": "Southern Asia",
    "maldives": "Southern Asia",
    "nepal": "Southern Asia",
    "pakistan": "Southern Asia",
    "sri lanka": "Southern Asia",
    "cambodia": "South-Eastern Asia",
    "indonesia": "South-Eastern Asia",
    "laos": "South-Eastern Asia",
    "malaysia": "South-Eastern Asia",
    "myanmar": "South-Eastern Asia",
    "philippines": "South-Eastern Asia",
    "thailand": "South-Eastern Asia",
    "vietnam": "South-Eastern Asia",
    "iran": "Middle East",
    "bahrain": "Middle East",
    "algeria": "Northern Africa",
    "burkina faso": "Western Africa",
    "burundi": "Eastern Africa",
    "cameroon": "Middle Africa",
    "angola": "Middle Africa",
}
