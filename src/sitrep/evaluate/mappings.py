"""Tables that translate other coding schemes into ACLED's: old event types, GTD attack types,
and ACLED's region for a country; for the news register, FA-KES causes, Syrian governorates and
ISAF's vague counts. Keys are casefolded."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "ACLED_REGIONS",
    "FAKES_CAUSES",
    "GTD_EVENT_TYPES",
    "ISAF_VAGUE_AS_ACLED",
    "OLD_EVENT_TYPES",
    "SUB_EVENT_CAUSES",
    "SYRIAN_GOVERNORATES",
]

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

# --- the news register (FA-KES, ISAF; scored in news.py)

# FA-KES ``attack_type`` → the cause scored. "unknown" is absent: those rows are not scored for cause.
FAKES_CAUSES: Mapping[str, str] = {
    "shelling": "shelling",  # FA-KES: also air strikes and barrel bombs
    "explosion": "explosion",
    "chemical": "chemical",
    "chemical and toxic gases": "chemical",
    "shooting": "shooting",
    "execution": "execution",
}

# A coded event's ACLED ``sub_event_type`` → the FA-KES cause it counts as (issue 15). Any other
# sub-event type is no cause, wrong against every gold cause.
SUB_EVENT_CAUSES: Mapping[str, str] = {
    "Air/drone strike": "shelling",
    "Shelling/artillery/missile attack": "shelling",
    "Remote explosive/landmine/IED": "explosion",
    "Suicide bomb": "explosion",
    "Grenade": "explosion",
    "Chemical weapon": "chemical",
    "Armed clash": "shooting",
    "Attack": "shooting",
    "Abduction/forced disappearance": "execution",
}

# Syrian governorates: spellings (folded: no accents or apostrophes, hyphens as spaces, no "governorate" or
# leading "al-"/"ar-"/"as-") → one name. FA-KES codes Rif Dimashq as Damascus, so both are one value.
_GOVERNORATE_SPELLINGS: Mapping[str, tuple[str, ...]] = {
    "damascus": (
        "damascus", "dimashq", "rif dimashq", "reef dimashq", "rif damascus", "rural damascus",
        "damascus countryside", "damascus suburbs", "eastern ghouta", "ghouta",
    ),
    "aleppo": ("aleppo", "halab"),
    "idlib": ("idlib", "idleb", "edlib"),
    "deir ez-zor": (
        "deir ez zor", "deir ezzor", "deir al zour", "deir al zor", "deir el zour", "deir ez zour",
        "deir el zor", "dayr az zawr", "deirezzor",
    ),
    "homs": ("homs", "hims"),
    "hama": ("hama", "hamah"),
    "al-hasakah": ("hasakah", "hasaka", "hassakeh", "hasakeh", "hassakah", "hasake", "hassake", "hasseke"),
    "raqqa": ("raqqa", "raqqah", "rakka", "raqa"),
    "daraa": ("daraa", "dara", "deraa", "dera", "darah"),
    "latakia": ("latakia", "lattakia", "ladhiqiyah", "lathqiyah", "latakiya", "lattakiya"),
    "tartus": ("tartus", "tartous", "tartoos"),
    "quneitra": ("quneitra", "qunaytirah", "kuneitra", "qunaitra"),
    "as-suwayda": ("suwayda", "sweida", "suwaida", "sweyda", "swaida"),
}  # fmt: skip
SYRIAN_GOVERNORATES: Mapping[str, str] = {
    spelling: name for name, spellings in _GOVERNORATE_SPELLINGS.items() for spelling in spellings
}

# ISAF's vague counts (the coder's rules, shared/dev README section 13) → the counts ACLED's rules
# give the same words, as sitrep reads them (data/rules/quantities.toml): a bare plural
# ("insurgents") is an unspecified number, 3; "a couple" 2; "several", "a few", "some", "a group",
# "multiple" 3; "numerous" 10 and "a handful" 3; "a large number" is "many", 10. A gold 2 may be a
# bare plural or "a couple", a gold 4 "numerous" or "a handful": both readings are accepted.
ISAF_VAGUE_AS_ACLED: Mapping[int, frozenset[int]] = {
    2: frozenset({2, 3}),
    3: frozenset({3}),
    4: frozenset({3, 10}),
    5: frozenset({10}),
}
