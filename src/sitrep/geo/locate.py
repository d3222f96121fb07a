"""The geo stage: resolve an article's place mentions, with the article itself as context.

Two passes: the first resolves every name alone and learns which countries and provinces the
story is about; the second resolves again with that context, so "Tump" in a story about
Balochistan goes to Kech district, not to a namesake elsewhere.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sitrep.errors import Warnings
from sitrep.geo.resolve import Geocoder, GeoContext
from sitrep.model import Issue, Place, PlaceMention, Reading

__all__ = ["Located", "locate"]

COUNTRY_FEATURES = frozenset({"PCLI", "PCL", "COUNTRY", "PCLD", "PCLF", "PCLS", "PCLIX"})
AREA_FEATURES = COUNTRY_FEATURES | {"ADM1", "ADM2", "ADM3"}


@dataclass(frozen=True, slots=True)
class Located:
    """Each place mention resolved (or None), and the region events with no place fall back to."""

    places: dict[PlaceMention, Place | None]
    region: Place | None
    issues: tuple[Issue, ...] = ()


def locate(reading: Reading, geocoder: Geocoder) -> Located:
    hinted = _hinted_countries(reading, geocoder)
    empty = GeoContext(countries=tuple(iso for iso, _ in hinted.most_common()))
    first = {m: geocoder.resolve(m.name, qualifier=m.qualifier, context=empty) for m in reading.places}
    countries = _story_countries(reading, first, hinted, geocoder)
    # Provinces named outright steer the second pass ("Bijapur district in Chhattisgarh"); only when
    # none is named do the provinces of the first-pass places stand in.
    main = countries[:1]
    guesses = [p for p in first.values() if p is not None and p.admin1 and (not main or p.iso in main)]
    named = [p.admin1 for p in guesses if p.feature == "ADM1"]
    admin1 = Counter(named or [p.admin1 for p in guesses])
    context = GeoContext(
        countries=tuple(countries),
        admin1=tuple(name for name, _ in admin1.most_common()),
        places=tuple(m.name for m in reading.places),
    )
    places = {m: geocoder.resolve(m.name, qualifier=m.qualifier, context=context) for m in reading.places}
    issues = tuple(
        Issue(code="W005", message=Warnings.W005.format(article_id=reading.article.id, name=m.name),
              article_id=reading.article.id)
        for m, p in places.items() if p is None
    )
    return Located(places=places, region=_region(places, geocoder, hinted), issues=issues)


def _story_countries(reading: Reading, first: dict[PlaceMention, Place | None], hinted: Counter[int],
                     geocoder: Geocoder) -> list[int]:
    """Which countries the story is about, most likely first: the one that explains the most of its
    place names.

    Each candidate country (from a first guess of each name, and from nationalities) is scored
    by how many of the story's distinct names resolve inside it; a province counts 1.5, a country
    named outright 3. Ambiguous names ("Punjab" is in Pakistan and India) then follow the names
    that are not ("Jalandhar"), and a small foreign namesake ("Dunda") loses to a named province.
    """
    names = {m.name.casefold(): m for m in reading.places}
    candidates = set(hinted) | {p.iso for p in first.values() if p is not None}
    scores: dict[int, float] = {iso: float(n) for iso, n in hinted.items()}
    for iso in candidates:
        context = GeoContext(countries=(iso,))
        for m in names.values():
            p = geocoder.resolve(m.name, qualifier=m.qualifier, context=context)
            if p is None or p.iso != iso:
                continue
            weight = 3.0 if p.feature in COUNTRY_FEATURES else 1.5 if p.feature == "ADM1" else 1.0
            scores[iso] = scores.get(iso, 0.0) + weight
    return sorted(scores, key=lambda iso: -scores[iso])


def _hinted_countries(reading: Reading, geocoder: Geocoder) -> Counter[int]:
    """Countries named by nationality or by a national actor ("Afghan forces", "the Taliban")."""
    found: Counter[int] = Counter()
    for hint in reading.country_hints:
        country = geocoder.gazetteer.country(hint)
        if country is not None:
            found[country.iso] += 1
    return found


def _region(places: dict[PlaceMention, Place | None], geocoder: Geocoder, hinted: Counter[int]) -> Place | None:
    """The province the story is about (its most named admin1), else its country, at precision 3;
    with no place resolved, the country its nationalities and actors point to."""
    resolved = [p for p in places.values() if p is not None]
    if not resolved:
        return geocoder.country_place(hinted.most_common(1)[0][0]) if hinted else None
    country = Counter(p.iso for p in resolved).most_common(1)[0][0]
    in_country = [p for p in resolved if p.iso == country]
    admin1 = Counter(p.admin1 or (p.name if p.feature == "ADM1" else "") for p in in_country
                     if p.feature not in COUNTRY_FEATURES)
    admin1.pop("", None)
    if admin1:
        top = admin1.most_common(1)[0][0]
        region = geocoder.region_place(top, country)
        if region is not None:
            return region
    return geocoder.country_place(country)

