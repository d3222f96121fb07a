"""ACLED's spellings of first-level divisions: the crosswalk of ``data/gazetteer/admin1_acled.toml``.

    spellings = admin1_spellings()
    spellings.acled("SY", "Idlib")            # "Idleb"
    spellings.sources("SY", "Idleb")          # ("Idlib",): the names the gazetteer may hold for it

The gazetteer reader (``geo.gazetteer``) applies it to every admin1 name it hands out, and the
builder to the names it writes, so a Place, an Event and an analyst's correction all carry ACLED's
name. The file states the rule; docs/gazetteer.md says how the entries were found.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from sitrep.errors import DataFileError, Errors
from sitrep.geo.text import normalise
from sitrep.resources import load_toml

__all__ = ["ADMIN1_FILE", "Admin1Spellings", "admin1_spellings"]

ADMIN1_FILE = "gazetteer/admin1_acled.toml"


class Admin1Spellings:
    """Source name → ACLED name per country (ISO alpha-2), keys compared after ``normalise``."""

    def __init__(self, data: Mapping[str, Any], *, source: str = ADMIN1_FILE) -> None:
        self._to_acled: dict[str, dict[str, str]] = {}
        self._to_sources: dict[str, dict[str, list[str]]] = {}
        for iso2, table in data.items():
            if not isinstance(table, Mapping) or len(iso2) != 2 or not iso2.isupper():
                raise DataFileError(Errors.E008.format(path=source, entry=iso2, detail="not a country table"))
            for name, acled in table.items():
                if not isinstance(acled, str) or not acled.strip() or not normalise(name):
                    raise DataFileError(Errors.E008.format(path=source, entry=f"{iso2}.{name}", detail="not a name"))
                self._to_acled.setdefault(iso2, {})[normalise(name)] = acled
                self._to_sources.setdefault(iso2, {}).setdefault(normalise(acled), []).append(name)
        for iso2, table in self._to_acled.items():
            for acled in table.values():
                again = table.get(normalise(acled), acled)
                if again != acled:  # A → B and B → C: the reader would write B, the builder C
                    raise DataFileError(
                        Errors.E008.format(path=source, entry=f"{iso2}.{acled}", detail=f"is also a key ({again!r})")
                    )

    def acled(self, iso2: str, name: str) -> str:
        """ACLED's spelling of a first-level division of ``iso2`` (the name itself when it has none)."""
        if not name:
            return name
        table = self._to_acled.get(iso2)
        return table.get(normalise(name), name) if table else name

    def sources_anywhere(self, name: str) -> tuple[str, ...]:
        """The source names the crosswalk turns into ``name`` in any country (for a scorer that
        compares with a gold file spelled as the source was: GTD's "North-West" for "Nord-Ouest")."""
        key = normalise(name)
        return tuple(n for table in self._to_sources.values() for n in table.get(key, ()))

    def sources(self, iso2: str, name: str) -> tuple[str, ...]:
        """The source names the crosswalk turns into ``name`` in ``iso2`` (none when it is no ACLED spelling)."""
        table = self._to_sources.get(iso2)
        return tuple(table.get(normalise(name), ())) if table else ()


@cache
def admin1_spellings() -> Admin1Spellings:
    """The packaged crosswalk (loaded once). RAISES (DataFileError): E008 on a broken entry."""
    return Admin1Spellings(load_toml(ADMIN1_FILE))
