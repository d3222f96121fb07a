"""The geo stage: resolve an article's place mentions, with the article itself as context.

Two passes: the first resolves every name alone and learns which countries and provinces the
story is about; the second resolves again with that context, so "Tump" in a story about
Balochistan goes to Kech district, not to a namesake elsewhere.

Then the words around the names (``regions.py``, data in ``data/gazetteer/regions.toml``): a
regional phrase or historical unit ("northwest Pakistan", "FATA", "the tribal areas") stands for
today's province, at precision 3, wherever the gazetteer could place its words no finer than the
country; "near X" makes X precision 2.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from sitrep.errors import Warnings
from sitrep.geo.regions import RegionMatch, load_regions
from sitrep.geo.resolve import Geocoder, GeoContext
from sitrep.geo.text import acled_admin_name, normalise, split_affix
from sitrep.model import GeoPrecision, Issue, Place, PlaceMention, Reading

__all__ = ["Located", "locate"]

COUNTRY_FEATURES = frozenset({"PCLI", "PCL", "COUNTRY", "PCLD", "PCLF", "PCLS", "PCLIX"})
AREA_FEATURES = COUNTRY_FEATURES | {"ADM1", "ADM2", "ADM3"}
# What makes a country part of a story's context (see _story_countries' weights): more than a lone name.
MIN_SUPPORT = 2.0


@dataclass(frozen=True, slots=True)
class Located:
    """Each place mention resolved (or None), and the region events with no place fall back to."""

    places: dict[PlaceMention, Place | None]
    region: Place | None
    issues: tuple[Issue, ...] = ()


def locate(reading: Reading, geocoder: Geocoder) -> Located:
    """Resolve every place mention of one article (see the module docstring).

    RETURNS (Located): each mention's place (None, with a W005 issue, when nothing fits), and the
        region events with no place of their own fall back to.
    """
    phrases = _find_regions(reading, geocoder)
    hinted = _hinted_countries(reading, geocoder)
    for match in phrases:  # "northwest Pakistan", "(Hyderabad, TS)": the phrase names its country too
        country = geocoder.gazetteer.country(match.iso2)
        if country is not None and not match.needs_country:
            hinted[country.iso] += 1
    empty = GeoContext(countries=tuple(iso for iso, _ in hinted.most_common()))
    first = {m: geocoder.resolve(m.name, qualifier=m.qualifier, context=empty) for m in reading.places}
    scored = _story_countries(reading, first, hinted, geocoder)
    countries = _supported(scored)
    leading = sum(1 for _, score in scored if score == scored[0][1])
    # Provinces named outright (or by a regional phrase or abbreviation) steer the second pass
    # ("Bijapur district in Chhattisgarh"); only when none is named do the provinces of the
    # first-pass places stand in.
    main = countries[:1]
    main_iso2 = {c.iso2 for c in (geocoder.gazetteer.country(iso) for iso in main) if c is not None}
    guesses = [p for p in first.values() if p is not None and p.admin1 and (not main or p.iso in main)]
    named = [p.admin1 for p in guesses if p.feature == "ADM1"] + [r.admin1 for r in phrases if r.iso2 in main_iso2]
    admin1 = Counter(named or [p.admin1 for p in guesses])
    context = GeoContext(
        countries=tuple(countries),
        leading=max(1, leading),
        admin1=tuple(name for name, _ in admin1.most_common()),
        places=tuple(m.name for m in reading.places),
    )
    places = {m: geocoder.resolve(m.name, qualifier=m.qualifier, context=context) for m in reading.places}
    regional = _regional_places(reading, places, phrases, main_iso2, geocoder)
    places = _near_places(reading, {m: regional.get(m, p) for m, p in places.items()})
    issues = tuple(
        Issue(
            code="W005",
            message=Warnings.W005.format(article_id=reading.article.id, name=m.name),
            article_id=reading.article.id,
        )
        for m, p in places.items()
        if p is None
    )
    region = _region(places, geocoder, hinted)
    unplaced = regional.get(None)
    if unplaced is not None and (region is None or region.feature in COUNTRY_FEATURES):
        region = unplaced  # "militants attacked a post in the tribal areas": no finer place named
    if region is not None:
        places = {m: p if p is not None else _named_unit(reading, m, region) for m, p in places.items()}
    return Located(places=places, region=region, issues=issues)


def _named_unit(reading: Reading, mention: PlaceMention, region: Place) -> Place | None:
    """A named district or tehsil the gazetteer lacks ("Mirzaka district"): still a location, at the
    story's region (precision 3), under its own name as its admin2 (admin3 for a tehsil), never the
    district of the region's capital. Other unknown names stay unresolved (None)."""
    after = reading.article.text[mention.evidence.end : mention.evidence.end + 12].lower().split()
    word = after[0].strip(",.;:()") if after else ""
    unit = {"district": "admin2", "tehsil": "admin3", "subdivision": "admin3"}.get(word)
    if unit is None:
        return None
    name = acled_admin_name(mention.name)
    return replace(
        region,
        name=mention.name,
        feature="",
        geo_precision=GeoPrecision.REGION,
        admin2=name if unit == "admin2" else "",
        admin3=name if unit == "admin3" else "",
    )


def _find_regions(reading: Reading, geocoder: Geocoder) -> list[RegionMatch]:
    """The regional phrases, historical units and province abbreviations of the article."""

    def country_of(word: str) -> str:
        country = geocoder.gazetteer.country(word)
        return country.iso2 if country is not None else ""

    return load_regions().find(reading.article.text, country_of=country_of)


def _regional_places(
    reading: Reading,
    places: dict[PlaceMention, Place | None],
    phrases: list[RegionMatch],
    main_iso2: set[str],
    geocoder: Geocoder,
) -> dict[PlaceMention | None, Place]:
    """Mentions a regional phrase re-places at its province; under ``None``, the first phrase that
    covers no mention (the story's region when it names nothing finer).

    A mention is re-placed when the gazetteer placed it no finer than its country (or not at all)
    and it lies inside the phrase ("northwest Pakistan"), or it is that country named in a sentence
    that names no finer place ("Pakistan's tribal areas"). A bracketed abbreviation ("J&K") only
    steers the context: it re-places nothing.
    """
    matches = [r for r in phrases if not r.needs_country or r.iso2 in main_iso2]
    finer = {
        _sentence(reading, m.evidence.start)
        for m, p in places.items()
        if p is not None and p.feature not in COUNTRY_FEATURES
    }
    out: dict[PlaceMention | None, Place] = {}
    for match in matches:
        place = _region_place(match, geocoder)
        if place is None:
            continue
        covered = False
        for mention, found in places.items():
            if match.steer_only or (
                found is not None and found.feature not in COUNTRY_FEATURES and not match.overrides
            ):
                continue
            at = mention.evidence
            inside = at.start < match.end and match.start < at.end
            sentence = _sentence(reading, at.start)
            alone = (
                found is not None
                and found.iso == place.iso
                and sentence == _sentence(reading, match.start)
                and sentence not in finer
            )
            if inside or alone:
                out.setdefault(mention, place)
                covered = covered or inside
        if not covered:
            out.setdefault(None, place)
    return out


def _region_place(match: RegionMatch, geocoder: Geocoder) -> Place | None:
    country = geocoder.gazetteer.country(match.iso2)
    if country is None:
        return None
    return geocoder.region_place(match.admin1, country.iso)


def _sentence(reading: Reading, offset: int) -> int:
    for i, (start, end) in enumerate(reading.sentences):
        if start <= offset < end:
            return i
    return -1


def _near_places(reading: Reading, places: dict[PlaceMention, Place | None]) -> dict[PlaceMention, Place | None]:
    """ "near X", "outside X", "20 km from X": X at ACLED precision 2 (the event is not in X itself)."""
    regions = load_regions()
    text = reading.article.text
    out: dict[PlaceMention, Place | None] = {}
    for mention, place in places.items():
        if (
            place is not None
            and place.geo_precision == GeoPrecision.PLACE
            and regions.is_near(text, mention.evidence.start)
        ):
            place = replace(place, geo_precision=GeoPrecision.NEAR)
        out[mention] = place
    return out


def _supported(scored: list[tuple[int, float]]) -> list[int]:
    """The story's countries: the best explained ones (ties too), and every other the story supports by more
    than one lone name (a country or nationality named, or two of its places). A country only a
    single name points to is no context: "SANA" (an alternate of Sanaa) does not make a Syrian story
    Yemeni, nor "Most" a Czech one, so such names must stand abroad on their own (see the resolver)."""
    return [iso for iso, score in scored if score >= min(MIN_SUPPORT, scored[0][1])]


def _story_countries(
    reading: Reading, first: dict[PlaceMention, Place | None], hinted: Counter[int], geocoder: Geocoder
) -> list[tuple[int, float]]:
    """Which countries the story is about, with their scores, most likely first: the one that
    explains the most of its place names.

    Each candidate country (from a first guess of each name, and from nationalities) is scored
    by how many of the story's distinct names resolve inside it; a province (or a town that shares
    a province's name: "Kandahar") counts 1.5, a country named outright 3. Ambiguous names
    ("Punjab" is in Pakistan and India) then follow the names that are not ("Jalandhar"), and a
    small foreign namesake ("Dunda") loses to a named province.
    """
    names = {m.name.casefold(): m for m in reading.places}
    candidates = set(hinted) | {p.iso for p in first.values() if p is not None}
    scores: dict[int, float] = {iso: float(n) for iso, n in hinted.items()}
    spelled = {key: any(geocoder.gazetteer.candidates(m.name)) for key, m in names.items()}
    for iso in candidates:
        context = GeoContext(countries=(iso,))
        country = geocoder.gazetteer.country(iso)
        iso2 = country.iso2 if country is not None else ""
        for key, m in names.items():
            p = geocoder.resolve(m.name, qualifier=m.qualifier, context=context)
            if p is None or p.iso != iso:
                continue
            province = p.feature == "ADM1" or bool(iso2 and geocoder.gazetteer.admin_areas(m.name, iso2=iso2, level=1))
            weight = 3.0 if p.feature in COUNTRY_FEATURES else 1.5 if province else 1.0
            if not spelled[key]:  # found only as a spelling variant: as strong as the spellings are close
                weight *= SequenceMatcher(None, split_affix(normalise(m.name))[0], normalise(p.name)).ratio()
            scores[iso] = scores.get(iso, 0.0) + weight
    return sorted(scores.items(), key=lambda item: -item[1])


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
    admin1 = Counter(
        p.admin1 or (p.name if p.feature == "ADM1" else "") for p in in_country if p.feature not in COUNTRY_FEATURES
    )
    admin1.pop("", None)
    if admin1:
        top = admin1.most_common(1)[0][0]
        region = geocoder.region_place(top, country)
        if region is not None:
            return region
    return geocoder.country_place(country)
