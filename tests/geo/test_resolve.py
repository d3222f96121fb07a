"""The geocoder on the bundled gazetteer: the places the seed stories need, and ACLED precision."""

from __future__ import annotations

import time

import pytest

from sitrep.geo.distance import distance_km
from sitrep.geo.resolve import Geocoder, GeoContext
from sitrep.model import GeoPrecision

from .conftest import AFGHANISTAN, INDIA, PAKISTAN, YEMEN


@pytest.mark.parametrize(
    ("name", "admin2", "lat", "lon"),
    [
        ("Quetta", "Quetta", 30.184, 67.001),
        ("Mastung", "Mastung", 29.800, 66.846),
        ("Nushki", "Nushki", 29.552, 66.023),
        ("Dalbandin", "Chagai", 28.888, 64.406),
        ("Kharan", "Kharan", 28.585, 65.415),
        ("Pasni", "Gwadar", 25.263, 63.469),
        ("Gwadar", "Gwadar", 25.122, 62.325),
        ("Turbat", "Kech", 26.001, 63.048),
    ],
)
def test_balochistan_towns_resolve_to_the_town_with_cod_district(
    geocoder: Geocoder, balochistan: GeoContext, name: str, admin2: str, lat: float, lon: float
) -> None:
    place = geocoder.resolve(name, context=balochistan)
    assert place is not None
    assert (place.country, place.iso, place.admin1, place.admin2) == (
        "Pakistan",
        PAKISTAN,
        "Balochistan",
        admin2,
    )
    assert place.geo_precision == GeoPrecision.PLACE
    assert distance_km(place.latitude, place.longitude, lat, lon) < 1


def test_transliteration_variant_noshki_finds_nushki(geocoder: Geocoder, balochistan: GeoContext) -> None:
    place = geocoder.resolve("Noshki", context=balochistan)
    assert place is not None and place.name == "Nushki" and place.admin2 == "Nushki"


def test_tehsil_only_place_gets_district_by_polygon(geocoder: Geocoder, balochistan: GeoContext) -> None:
    """Tump is in no GeoNames file, only a tehsil polygon: its inner point, Kech district, precision 2."""
    place = geocoder.resolve("Tump", context=balochistan)
    assert place is not None
    assert (place.admin1, place.admin2, place.admin3) == ("Balochistan", "Kech", "Tump")
    assert place.geo_precision == GeoPrecision.NEAR
    assert distance_km(place.latitude, place.longitude, 26.12, 62.37) < 25


def test_town_in_tehsil_carries_tehsil_name_as_admin3(geocoder: Geocoder, balochistan: GeoContext) -> None:
    place = geocoder.resolve("Dalbandin", context=balochistan)
    assert place is not None and place.admin3 == "Dalbandin"  # the tehsil file spells it "Dalbadin"


def test_district_named_after_its_seat_is_the_town_at_precision_2(geocoder: Geocoder, balochistan: GeoContext) -> None:
    place = geocoder.resolve("Kharan district", context=balochistan)
    assert place is not None and place.name == "Kharan" and place.geo_precision == GeoPrecision.NEAR
    assert geocoder.resolve("Kharan", qualifier="district", context=balochistan) == place


def test_district_without_a_same_named_town_is_its_inner_point(geocoder: Geocoder, balochistan: GeoContext) -> None:
    place = geocoder.resolve("Kech", qualifier="district", context=balochistan)
    assert place is not None
    assert (place.name, place.admin2, place.feature, place.geo_precision) == ("Kech", "Kech", "ADM2", 2)


def test_province_only_is_its_capital_at_precision_3(geocoder: Geocoder, balochistan: GeoContext) -> None:
    place = geocoder.resolve("Balochistan", context=balochistan)
    assert place is not None
    assert (place.name, place.admin1, place.geo_precision) == ("Quetta", "Balochistan", GeoPrecision.REGION)
    assert geocoder.region_place("Balochistan", PAKISTAN) == place


@pytest.mark.parametrize(
    ("name", "iso", "admin1", "precision"),
    [
        ("Kabul", AFGHANISTAN, "Kabul", GeoPrecision.PLACE),
        ("Kandahar", AFGHANISTAN, "Kandahar", GeoPrecision.PLACE),
        ("Jalalabad", AFGHANISTAN, "Nangarhar", GeoPrecision.PLACE),
        ("Helmand", AFGHANISTAN, "Helmand", GeoPrecision.REGION),
        ("Mumbai", INDIA, "Maharashtra", GeoPrecision.PLACE),
        ("Sanaa", YEMEN, "Amanat al Asimah", GeoPrecision.PLACE),
    ],
)
def test_major_places_resolve_with_and_without_context(
    geocoder: Geocoder, name: str, iso: int, admin1: str, precision: GeoPrecision
) -> None:
    for context in (GeoContext(), GeoContext(countries=(iso,))):
        place = geocoder.resolve(name, context=context)
        assert place is not None
        assert (place.iso, place.admin1, place.geo_precision) == (iso, admin1, precision)


def test_afghanistan_is_named_as_acled_names_it(geocoder: Geocoder) -> None:
    place = geocoder.resolve("Kabul", context=GeoContext())
    assert place is not None and place.country == "Afghanistan"


@pytest.mark.parametrize("name", ["Balincha", "Xyzzyplace", "", "   "])
def test_unknown_names_return_none(geocoder: Geocoder, balochistan: GeoContext, name: str) -> None:
    assert geocoder.resolve(name, context=balochistan) is None


def test_country_place_is_precision_3_inside_the_country(geocoder: Geocoder) -> None:
    place = geocoder.country_place(PAKISTAN)
    assert place is not None
    assert (place.name, place.country, place.geo_precision) == ("Pakistan", "Pakistan", GeoPrecision.REGION)
    assert 23 < place.latitude < 37 and 60 < place.longitude < 78
    assert geocoder.country_place(999) is None


def test_country_context_picks_the_namesake_in_the_story(geocoder: Geocoder) -> None:
    """Hyderabad is in India and in Pakistan (Sindh): the story's country decides."""
    india = geocoder.resolve("Hyderabad", context=GeoContext(countries=(INDIA,)))
    pakistan = geocoder.resolve("Hyderabad", context=GeoContext(countries=(PAKISTAN,)))
    assert india is not None and india.iso == INDIA
    assert pakistan is not None and pakistan.iso == PAKISTAN and pakistan.admin1 == "Sindh"


def test_an_article_of_places_resolves_in_a_few_milliseconds(geocoder: Geocoder) -> None:
    context = GeoContext(countries=(PAKISTAN,), admin1=("Balochistan",), places=("Quetta", "Mastung", "Kharan"))
    names = ["Quetta", "Mastung", "Kharan", "Dalbandin", "Pasni", "Gwadar", "Turbat", "Nushki"]
    started = time.perf_counter()
    for name in names:
        geocoder._resolve(name, context=context)  # uncached path
    assert (time.perf_counter() - started) / len(names) < 0.005


def test_country_names_resolve_to_the_country_and_demonyms_do_not(geocoder: Geocoder) -> None:
    place = geocoder.resolve("Afghanistan", context=GeoContext(countries=(AFGHANISTAN,)))
    assert place is not None and (place.iso, place.feature, place.geo_precision) == (AFGHANISTAN, "PCLI", 3)
    assert geocoder.resolve("Afghan", context=GeoContext()) is None


def test_a_town_beats_the_district_named_after_it(geocoder: Geocoder) -> None:
    place = geocoder.resolve("Panjgur", context=GeoContext(countries=(PAKISTAN,)))
    assert place is not None and (place.feature, place.geo_precision) == ("PPL", GeoPrecision.PLACE)


def test_abbreviated_cod_district_names_are_spelt_out(geocoder: Geocoder) -> None:
    place = geocoder.resolve("Dera Ismail Khan", context=GeoContext(countries=(PAKISTAN,)))
    assert place is not None and place.admin2 == "Dera Ismail Khan"


def test_a_small_namesake_abroad_is_not_taken_for_a_place_in_the_story(geocoder: Geocoder) -> None:
    """ "Dera" in a Khyber Pakhtunkhwa story is not the Ethiopian village; Kabul still resolves abroad."""
    context = GeoContext(countries=(PAKISTAN, 231, AFGHANISTAN), places=("Bannu", "Tank", "Kohat"))
    assert geocoder.resolve("Dera", context=context) is None
    kabul = geocoder.resolve("Kabul", context=context)
    assert kabul is not None and kabul.iso == AFGHANISTAN


def test_district_whose_seat_is_known_by_the_district_name_is_the_town(geocoder: Geocoder) -> None:
    """GeoNames calls the town "Lakki" with the alternate "Lakki Marwat": the seat, at precision 2."""
    place = geocoder.resolve("Lakki Marwat", qualifier="district", context=GeoContext(countries=(PAKISTAN,)))
    assert place is not None and place.geo_precision == GeoPrecision.NEAR
    assert distance_km(place.latitude, place.longitude, 32.61, 70.91) < 2


def test_a_district_with_no_town_in_the_bundle_keeps_its_name_at_its_province_capital(
    geocoder: Geocoder,
) -> None:
    place = geocoder.resolve(
        "Shah Wali Kot", qualifier="district", context=GeoContext(countries=(AFGHANISTAN,), admin1=("Kandahar",))
    )
    assert place is not None
    assert (place.admin1, place.admin2) == ("Kandahar", "Shah Wali Kot")
    assert place.geo_precision == GeoPrecision.REGION  # only its province is located


@pytest.mark.parametrize("word", ["West", "Central", "Northern", "East"])
def test_a_compass_or_generic_word_alone_is_no_place(geocoder: Geocoder, word: str) -> None:
    """ "West" cut from "West Godaveri" must not find India's West district (Sikkim)."""
    assert geocoder.resolve(word, context=GeoContext(countries=(INDIA,))) is None


def test_a_district_known_only_through_its_namesake_town_is_that_district(geocoder: Geocoder) -> None:
    """India's Poonch district is in the gazetteer only as the town Punch (alternate "Poonch"), the seat
    of GeoNames' district "Punch": "Poonch district" in Jammu and Kashmir is that district, at the town."""
    context = GeoContext(countries=(INDIA, PAKISTAN), admin1=("Jammu and Kashmir",))
    place = geocoder.resolve("Poonch district", context=context)
    assert place is not None
    assert (place.iso, place.admin1, place.admin2, place.feature) == (INDIA, "Jammu and Kashmir", "Punch", "ADM2")
    assert place.geo_precision == GeoPrecision.NEAR


def test_an_acronym_matches_only_exactly(geocoder: Geocoder) -> None:
    """ "CASO" (a cordon-and-search operation) is no misspelling of the town Kosi."""
    india = GeoContext(countries=(INDIA,))
    kosi = geocoder.resolve("Kosi", context=india)
    assert kosi is not None and kosi.iso == INDIA
    assert geocoder.resolve("CASO", context=india) is None
