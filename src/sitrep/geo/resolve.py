"""Resolve a toponym to a ``Place`` with ACLED admin names and ``geo_precision``.

Ranking (highest score wins; ties go to population):

- country: a candidate in a country the story names scores by salience; one outside
  every named country is penalised;
- province: a candidate in an admin1 the story names scores;
- proximity: a candidate near other places the story names scores;
- feature: a populated place beats an admin area of the same name, unless the
  qualifier ("district", "tehsil", "province") asks for the area, and beats a mountain,
  valley or named area of the same name (GeoNames classes T and L, from country dumps);
- population (log scale), and an exact primary-name match over an alternate.

Precision (ACLED codebook, "geo_precision"): a named town is 1; "X district" where town
X is the district seat is that town at 2; a district or tehsil alone is its
representative point at 2; a province alone is 3 at its capital (the largest town of
the province, since the sources carry no PPLA codes); a country is 3.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from sitrep.geo.distance import distance_km
from sitrep.geo.gazetteer import AdminArea, Gazetteer, PlaceRow
from sitrep.geo.regions import load_regions
from sitrep.geo.text import ADMIN_AFFIXES, normalise, split_affix
from sitrep.model import GeoPrecision, Place

__all__ = ["GeoContext", "Geocoder"]

ADMIN_QUALIFIERS = frozenset({"district", "tehsil", "division"})
FEATURE_OF_LEVEL = {0: "PCLI", 1: "ADM1", 2: "ADM2", 3: "ADM3"}
# A place outside the story's main country must be at least this big, or near its other places.
MIN_FOREIGN_POPULATION = 50_000
# A town in a country the story names nowhere else must be a capital or at least this big.
MIN_LONE_FOREIGN_POPULATION = 1_000_000
# A candidate found only as a spelling variant, beside exact matches elsewhere, starts this far behind.
VARIANT_PENALTY = 1.0
MIN_VARIANT_LENGTH = 4  # shorter names have too many look-alikes to be matched by spelling variant
MAX_ACRONYM = 5  # a name of at most this many letters, all capitals, is matched only exactly


@dataclass(frozen=True, slots=True, kw_only=True)
class GeoContext:
    """What an article says about where it is, used to rank candidates.

    countries (tuple[int, ...]): ISO numeric codes, most salient first.
    leading (int): how many of the first countries tie as the story's main one (spelling
        variants are looked for in these only).
    admin1 (tuple[str, ...]): province/state names the article mentions.
    places (tuple[str, ...]): other place names the article mentions.
    """

    countries: tuple[int, ...] = ()
    leading: int = 1
    admin1: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


NO_CONTEXT = GeoContext()


_KM_PER_DEGREE = 111.2


def _nearest_km(lat: float, lon: float, anchors: list[tuple[float, float]]) -> float:
    """Distance to the nearest anchor, by the equirectangular approximation: within 1 % of the
    great circle at the few hundred kilometres the ranking looks at, and several times cheaper."""
    scale = math.cos(math.radians(lat))
    best = math.inf
    for a_lat, a_lon in anchors:
        d_lon = abs(lon - a_lon)
        d_lon = min(d_lon, 360.0 - d_lon) * scale
        best = min(best, math.hypot(lat - a_lat, d_lon))
    return best * _KM_PER_DEGREE


def _acronym(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return 1 < len(letters) <= MAX_ACRONYM and all(ch.isupper() for ch in letters)


def _qualifier_class(qualifier: str, affix: str) -> str:
    """The admin class a qualifier names: "district", "tehsil", "province", "area", "city" or ""."""
    key = normalise(qualifier)
    if key:
        return ADMIN_AFFIXES.get(key, split_affix("x " + key)[1] or "")
    return affix


class Geocoder:
    """Toponym → ``Place``. Share one per process: lookups are cached."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.open()
        self.resolve = lru_cache(maxsize=16384)(self._resolve)
        self._anchor = lru_cache(maxsize=4096)(self._anchor_point)

    # --- public -----------------------------------------------------------------------------

    def _resolve(self, name: str, *, qualifier: str = "", context: GeoContext = NO_CONTEXT) -> Place | None:
        """The best place for ``name`` in this context, or None when nothing matches.

        name (str): the toponym as written ("Tump", "Kech district", "area of Pasni").
        qualifier (str): an admin word the text attaches ("district", "tehsil", "province").
        context (GeoContext): countries, provinces and places the article names.
        RETURNS (Place | None): with ACLED country/admin names and geo_precision.
        """
        key = normalise(name)
        if not key:
            return None
        bare, affix = split_affix(key)
        qual = _qualifier_class(qualifier, affix)
        if not qual and load_regions().is_generic(bare):
            return None  # "West" of "West Godaveri", "Central" of "Central Prison": no place alone
        iso2s = self._iso2s(context)
        if self._demonym(key):
            return None  # "Syrian", "Afghan": a people, never a place, however close a town's spelling
        country = self._named_country(key)
        if country is not None:
            return self.country_place(country)  # "Iraq" is the country, not a look-alike town (Arak)
        # an acronym ("CASO", "CRPF") is never a misspelling of a place: exact names only
        acronym = _acronym(name)
        # spelling variants only in the story's main country, and only of names long enough to
        # have a telling skeleton or named as a district: "Ghareebeh" is no Green Bay, nor "Old" a
        # town in Idlib, but "Obe district" is Obeh
        telling = len(bare) >= MIN_VARIANT_LENGTH or qual in ADMIN_QUALIFIERS
        variant_iso2s = iso2s[: context.leading] if not acronym and telling else ()
        places, areas = self.gazetteer.candidates(name, variant_iso2s)
        if not places and not areas:
            return self.country_place(country) if country is not None else None
        if context.admin1 and variant_iso2s and not self._in_named_province(places, areas, context):
            # every exact match lies outside the provinces the story names ("Khogyani district,
            # Nangarhar" matched a Ghazni town's alternate): its spelling variants inside them compete
            provinces = {normalise(a) for a in context.admin1}
            found_places, found_areas = self.gazetteer.variants(name, variant_iso2s)
            more_places = [p for p in found_places if normalise(p.admin1) in provinces]
            more_areas = [a for a in found_areas if normalise(a.name if a.level == 1 else a.admin1) in provinces]
            variant = {("p", p.id) for p in more_places if p not in places}
            variant |= {("a", a.id) for a in more_areas if a not in areas}
            places = tuple({p.id: p for p in (*places, *more_places)}.values())
            areas = tuple({a.id: a for a in (*areas, *more_areas)}.values())
        else:
            variant = set()
        anchors = self._anchors(bare, context, iso2s)
        scored: list[tuple[float, int, PlaceRow | AdminArea]] = []
        for p in places:
            penalty = VARIANT_PENALTY if ("p", p.id) in variant else 0.0  # an exact spelling is better evidence
            scored.append((self._score_place(p, bare, qual, context, anchors) - penalty, p.population, p))
        for a in areas:
            penalty = VARIANT_PENALTY if ("a", a.id) in variant else 0.0
            scored.append((self._score_area(a, bare, qual, context, anchors) - penalty, 0, a))
        scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
        best = scored[0][2]
        if (
            self._implausible(best, context, anchors)
            or self._alias_abroad(best, bare, context)
            or self._unsupported_abroad(best, context)
        ):
            return None
        named = {p.id: p for p in places}  # towns this very name matches, alternates included
        if isinstance(best, AdminArea) and best.level >= 2 and best.seat in named:
            if qual in ADMIN_QUALIFIERS:  # "Lakki Marwat district" → the town Lakki (Marwat), precision 2
                return self._place(named[best.seat], GeoPrecision.NEAR, feature=FEATURE_OF_LEVEL[best.level])
            best = named[best.seat]  # "Panjgur": the town, not the district named after it
        if isinstance(best, PlaceRow):
            near = qual in ADMIN_QUALIFIERS or qual == "area"
            # "Poonch district" where only the town is known by that name: the town's district, at the
            # town (ACLED precision 2), so that what the district holds can be checked against it
            unit = (
                "ADM2"
                if qual in {"district", "division"} and best.admin2
                else ("ADM3" if qual == "tehsil" and best.admin3 else "")
            )
            return self._place(best, GeoPrecision.NEAR if near else GeoPrecision.PLACE, feature=unit)
        return self._area_place(best, bare)

    @staticmethod
    def _in_named_province(places: tuple[PlaceRow, ...], areas: tuple[AdminArea, ...], context: GeoContext) -> bool:
        named = {normalise(a) for a in context.admin1}
        return any(normalise(p.admin1) in named for p in places) or any(
            normalise(a.name if a.level == 1 else a.admin1) in named for a in areas
        )

    @staticmethod
    def _implausible(best: PlaceRow | AdminArea, context: GeoContext, anchors: list[tuple[float, float]]) -> bool:
        """A small namesake abroad: outside the story's main country, far from its other places.

        "Dera" in a story about Khyber Pakhtunkhwa is not the Ethiopian village; a real foreign
        city ("Kabul denies…") is big enough to pass. Returning None is more honest than a guess.
        """
        if not context.countries or best.iso == context.countries[0]:
            return False
        small = best.population < MIN_FOREIGN_POPULATION if isinstance(best, PlaceRow) else best.level >= 2
        if not small:
            return False
        lat, lon = (best.lat, best.lon)
        return not any(distance_km(lat, lon, a_lat, a_lon) < 300 for a_lat, a_lon in anchors)

    @staticmethod
    def _alias_abroad(best: PlaceRow | AdminArea, bare: str, context: GeoContext) -> bool:
        """A town abroad matched only by one of its alternate names: GeoNames lists "Human" for
        Uman, "SANA" for Sanaa and "More" for Mora, so in a story about Syria the "Syrian
        Observatory for Human Rights" and the news agency SANA are no Ukrainian or Yemeni towns.
        A foreign place is taken only by its own name."""
        if not context.countries or best.iso in context.countries or not isinstance(best, PlaceRow):
            return False
        return bare not in {normalise(best.name), normalise(best.asciiname)}

    @staticmethod
    def _unsupported_abroad(best: PlaceRow | AdminArea, context: GeoContext) -> bool:
        """A town in a country the story gives no other sign of ("Safi" in Morocco, from "Aqareb es
        Safi" in Hama): only a capital or a city of a million is known well enough to stand alone."""
        if not context.countries or best.iso in context.countries or not isinstance(best, PlaceRow):
            return False
        return best.fcode != "PPLC" and best.population < MIN_LONE_FOREIGN_POPULATION

    def region_place(self, admin1_name: str, iso: int) -> Place | None:
        """A province/state at ACLED precision 3: its capital (largest town), else its inner point."""
        country = self.gazetteer.country(iso)
        if country is None:
            return None
        areas = self.gazetteer.admin_areas(admin1_name, iso2=country.iso2, level=1)
        if not areas:
            return None
        return self._area_place(areas[0], normalise(admin1_name))

    def country_place(self, iso: int) -> Place | None:
        """A country at ACLED precision 3, at a representative point inside it."""
        country = self.gazetteer.country(iso)
        if country is None:
            return None
        area = self.gazetteer.country_area(country.iso)
        lat, lon = (area.lat, area.lon) if area is not None else (0.0, 0.0)
        return Place(
            name=country.name,
            country=country.name,
            region=country.region,
            iso=country.iso,
            latitude=lat,
            longitude=lon,
            geo_precision=GeoPrecision.REGION,
            feature="PCLI",
        )

    # --- ranking ----------------------------------------------------------------------------

    def _iso2s(self, context: GeoContext) -> tuple[str, ...]:
        out = []
        for iso in context.countries:
            country = self.gazetteer.country(iso)
            if country is not None:
                out.append(country.iso2)
        return tuple(out)

    def _demonym(self, key: str) -> bool:
        country = self.gazetteer.country(key)
        return country is not None and key in {normalise(d) for d in country.demonyms}

    def _named_country(self, key: str) -> int | None:
        """The ISO code when a name is a country's name or alias (not a demonym like "Afghan")."""
        if key.isdigit():
            return None
        country = self.gazetteer.country(key)
        if country is None or key in {normalise(d) for d in country.demonyms}:
            return None
        return country.iso

    def _anchor_point(self, name: str, iso2s: tuple[str, ...]) -> tuple[float, float] | None:
        """Where another place of the story is: its most populous match in the story's countries."""
        places, _areas = self.gazetteer.candidates(name, iso2s, False)
        pool = [p for p in places if not iso2s or p.iso2 in iso2s]
        if not pool:
            return None
        top = max(pool, key=lambda p: p.population)
        return top.lat, top.lon

    def _anchors(self, bare: str, context: GeoContext, iso2s: tuple[str, ...]) -> list[tuple[float, float]]:
        out = []
        for other in context.places:
            if split_affix(normalise(other))[0] == bare:
                continue
            point = self._anchor(other, iso2s)
            if point is not None:
                out.append(point)
        return out

    @staticmethod
    def _context_score(
        iso: int, admin1: str, lat: float, lon: float, context: GeoContext, anchors: list[tuple[float, float]]
    ) -> float:
        score = 0.0
        if context.countries:
            if iso in context.countries:
                score += 4.0 - 0.5 * min(context.countries.index(iso), 4)
            else:
                score -= 3.0
        if admin1 and any(normalise(admin1) == normalise(a) for a in context.admin1):
            score += 2.0
        if anchors:
            nearest = _nearest_km(lat, lon, anchors)
            score += 2.0 if nearest < 50 else 1.0 if nearest < 150 else 0.5 if nearest < 300 else 0.0
        return score

    def _score_place(
        self, p: PlaceRow, bare: str, qual: str, context: GeoContext, anchors: list[tuple[float, float]]
    ) -> float:
        score = self._context_score(p.iso, p.admin1, p.lat, p.lon, context, anchors)
        score += 0.3 * math.log10(p.population + 1)
        score += 0.5 if normalise(p.name) == bare else 0.0
        score += -2.0 if qual == "province" else 1.0  # a town over an admin area of the same name
        if p.fclass != "P":
            score -= 1.5  # a mountain or valley below a town of the same name
        if qual in {"district", "division"} and p.admin2 and normalise(p.admin2) in {normalise(p.name), bare}:
            score += 2.0  # "Poonch district": the town stands for the district named after it
        return score

    def _score_area(
        self, a: AdminArea, bare: str, qual: str, context: GeoContext, anchors: list[tuple[float, float]]
    ) -> float:
        admin1 = a.name if a.level == 1 else a.admin1
        score = self._context_score(a.iso, admin1, a.lat, a.lon, context, anchors)
        score += 0.3 * (4 - a.level) + (0.5 if normalise(a.name) == bare else 0.0)
        score += 1.5  # an admin area stands for many people: about a 100k town
        wanted = {"province": 1, "district": 2, "division": 2, "tehsil": 3}.get(qual)
        if wanted is not None:
            score += 3.0 if a.level == wanted else 1.0
        return score

    # --- building Places ----------------------------------------------------------------------

    def _region_name(self, iso: int) -> str:
        country = self.gazetteer.country(iso)
        return country.region if country is not None else ""

    def _country_name(self, iso: int) -> str:
        country = self.gazetteer.country(iso)
        return country.name if country is not None else ""

    def _place(self, p: PlaceRow, precision: GeoPrecision, *, feature: str = "") -> Place:
        feature = feature or ("PPL" if p.fclass == "P" else p.fcode)  # every town is "PPL" downstream
        return Place(
            name=p.asciiname,
            country=self._country_name(p.iso),
            region=self._region_name(p.iso),
            iso=p.iso,
            admin1=p.admin1,
            admin2=p.admin2,
            admin3=p.admin3,
            latitude=p.lat,
            longitude=p.lon,
            geo_precision=precision,
            feature=feature,
            geonameid=p.id if p.id < 1_000_000_000 else 0,
        )

    def _area_place(self, a: AdminArea, bare: str) -> Place:
        """An admin area as ACLED codes it.

        A province is its capital at precision 3; a district or tehsil is its same-named seat,
        else its representative point, at precision 2.
        """
        seat = self.gazetteer.places_by_id([a.seat])[0] if a.seat else None
        feature = FEATURE_OF_LEVEL.get(a.level, "ADM")
        if a.level == 0:
            found = self.country_place(a.iso)
            if found is not None:
                return found
        if a.level == 1:
            if seat is not None:
                return self._place(seat, GeoPrecision.REGION, feature=feature)
            precision = GeoPrecision.REGION
        else:
            if seat is not None and normalise(seat.name) == normalise(a.name):
                # "Kharan district" → Kharan town
                return self._place(seat, GeoPrecision.NEAR, feature=feature)
            # no seat and no polygon: the gazetteer knows only the district's province (build.py)
            precision = GeoPrecision.NEAR if seat is not None or a.has_polygon else GeoPrecision.REGION
        admin1 = a.name if a.level == 1 else a.admin1
        admin2 = a.name if a.level == 2 else a.admin2
        if a.has_polygon and ((a.level > 1 and not admin1) or (a.level > 2 and not admin2)):
            path = self.gazetteer.admin_for_point(a.lat, a.lon)  # parents the row does not name
            admin1 = admin1 or path.admin1
            admin2 = admin2 or (path.admin2 if a.level > 2 else "")
        admin3 = a.name if a.level == 3 else ""
        return Place(
            name=a.name,
            country=self._country_name(a.iso),
            region=self._region_name(a.iso),
            iso=a.iso,
            admin1=admin1,
            admin2=admin2,
            admin3=admin3,
            latitude=a.lat,
            longitude=a.lon,
            geo_precision=precision,
            feature=feature,
        )
