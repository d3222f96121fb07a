"""UCDP ``where_prec`` (1-7) of a resolved place, beside ACLED's ``geo_precision`` (1-3).

UCDP GED codebook, "where_prec":

    1  the exact location (a town, village)          5  a larger part of a country, a border or a road
    2  within about 25 km of a known point ("near")  6  only the country
    3  a second-order unit (district; here also a tehsil)
    4  a first-order unit (province)                 7  international waters or airspace

sitrep's places come from the gazetteer's feature codes and ACLED precision, so the mapping is
by feature: a town at ACLED precision 1 is 1, at 2 ("near X", "X district" coded at its seat)
2 or 3; a district or tehsil 3; a province (or a regional phrase mapped to one) 4; a country 6.
"""

from __future__ import annotations

from sitrep.model import GeoPrecision, Place

__all__ = ["COUNTRY_FEATURES", "where_prec"]

COUNTRY_FEATURES = frozenset({"PCLI", "PCL", "PCLD", "PCLF", "PCLS", "PCLIX", "COUNTRY"})
_DISTRICT_FEATURES = frozenset({"ADM2", "ADM3", "ADM4"})


def where_prec(place: Place | None) -> int:
    """UCDP where_prec of a place; 6 (country) when there is none to go by.

    place (Place | None): a resolved place; None or an empty name for an unlocated event.
    RETURNS (int): 1..6 (sitrep never codes 7, international waters or airspace).
    """
    if place is None or not place.name:
        return 6
    if place.feature in COUNTRY_FEATURES:
        return 6
    if place.feature == "ADM1":
        return 4
    if place.feature in _DISTRICT_FEATURES:
        return 3
    if place.geo_precision == GeoPrecision.REGION:
        # a named unit the gazetteer knows only by its province (coded at the province): the text
        # still names a unit below it, but the point is the province's
        return 4
    return 1 if place.geo_precision == GeoPrecision.PLACE else 2
