"""`sitrep gazetteer build` on a GeoNames country dump, then the geocoder on what it built:
ambiguity resolved by context, spelling variants, "near X", district-only mentions, unknown names."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.geo.distance import distance_km
from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.locate import locate
from sitrep.geo.precision import where_prec
from sitrep.geo.resolve import Geocoder, GeoContext
from sitrep.model import Article, Evidence, GeoPrecision, PlaceMention, Reading

from .dump import write_dump_sources

PAKISTAN = 586


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("dump")
    out = root / "out" / "dump.sqlite"
    result = CliRunner().invoke(app, ["gazetteer", "build", str(write_dump_sources(root / "src")), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


@pytest.fixture(scope="module")
def geocoder(built: tuple[Path, str]) -> Geocoder:
    return Geocoder(Gazetteer.open(built[0]))


def reading(text: str, *names: str) -> Reading:
    """A one-sentence article whose place mentions are the given names, found in the text."""
    mentions = []
    for name in names:
        start = text.index(name)
        mentions.append(
            PlaceMention(
                name=name, sentence=0, evidence=Evidence(article_id="t", start=start, end=start + len(name), text=name)
            )
        )
    article = Article(id="t", text=text, published=dt.date(2026, 3, 2))
    return Reading(
        article=article, frames=(), places=tuple(mentions), sentences=((0, len(text)),), country_hints=("Pakistan",)
    )


def test_the_build_reads_the_dump_shows_progress_and_keeps_only_places_terrain_and_areas(
    built: tuple[Path, str],
) -> None:
    out, output = built
    assert "reading GeoNames dump PK.zip" in output and "PK.zip: 9 places kept" in output
    assert output.rstrip().splitlines()[-1].startswith("done")
    with sqlite3.connect(out) as con:
        rows = dict(con.execute("SELECT id, fcode FROM places").fetchall())
    assert rows == {
        9100001: "PPL",
        9100002: "PPL",
        9100003: "PPLA2",
        9100004: "PPL",
        9100005: "PPL",
        9100006: "MT",
        9100007: "PPLA2",
        9100011: "PPL",
        9100012: "PPL",
    }
    # no stream, no admin row, no historical place


def test_dump_places_get_admin_names_from_the_boundary_layers(geocoder: Geocoder) -> None:
    (mandi,), _ = geocoder.gazetteer.candidates("Lakhmir Mandi")
    assert (mandi.admin1, mandi.admin2) == ("Punjab", "Lakhmir")


def test_alternate_name_files_add_names_but_not_codes_or_links(geocoder: Geocoder) -> None:
    assert geocoder.gazetteer.known_names(["Lakhmir Bazar", "40100", "Nushky"]) == {"Lakhmir Bazar", "Nushky"}


def test_two_places_of_one_name_in_different_provinces_are_told_apart_by_context(geocoder: Geocoder) -> None:
    alone = geocoder.resolve("Shahpur", context=GeoContext(countries=(PAKISTAN,)))
    assert alone is not None and alone.admin1 == "Sindh"  # the more populous one, with no other clue
    by_province = geocoder.resolve("Shahpur", context=GeoContext(countries=(PAKISTAN,), admin1=("Punjab",)))
    by_neighbour = geocoder.resolve("Shahpur", context=GeoContext(countries=(PAKISTAN,), places=("Lakhmir Mandi",)))
    for place in (by_province, by_neighbour):
        assert place is not None and (place.admin1, place.admin2) == ("Punjab", "Lakhmir")
        assert distance_km(place.latitude, place.longitude, 30.5, 72.5) < 1


def test_a_spelling_variant_in_the_storys_province_competes_with_an_exact_match_elsewhere(
    geocoder: Geocoder,
) -> None:
    elsewhere = geocoder.resolve("Kalri", context=GeoContext(countries=(PAKISTAN,)))
    assert elsewhere is not None and (elsewhere.name, elsewhere.admin1) == ("Kalri", "Sindh")
    in_punjab = geocoder.resolve("Kalri", context=GeoContext(countries=(PAKISTAN,), admin1=("Punjab",)))
    assert in_punjab is not None and (in_punjab.name, in_punjab.admin1) == ("Kaleri", "Punjab")
    in_sindh = geocoder.resolve("Kalri", context=GeoContext(countries=(PAKISTAN,), admin1=("Sindh",)))
    assert in_sindh == elsewhere  # an exact match in a named province: no variant is looked for


@pytest.mark.parametrize("variant", ["Noshki", "Nushky", "NUSHKI", "Nuski"])
def test_spelling_variants_find_the_town(geocoder: Geocoder, variant: str) -> None:
    place = geocoder.resolve(variant, context=GeoContext(countries=(PAKISTAN,)))
    assert place is not None and place.name == "Nushki" and place.geo_precision == GeoPrecision.PLACE


def test_a_town_beats_a_mountain_of_the_same_name(geocoder: Geocoder) -> None:
    place = geocoder.resolve("Sarband", context=GeoContext(countries=(PAKISTAN,)))
    assert place is not None and (place.feature, place.latitude) == ("PPL", 33.7)


def test_near_x_is_x_at_precision_2(geocoder: Geocoder) -> None:
    located = locate(reading("Gunmen killed two guards near Lakhmir Mandi on Sunday.", "Lakhmir Mandi"), geocoder)
    (place,) = located.places.values()
    assert place is not None and place.name == "Lakhmir Mandi"
    assert (place.geo_precision, where_prec(place)) == (GeoPrecision.NEAR, 2)
    plain = locate(reading("Gunmen killed two guards in Lakhmir Mandi on Sunday.", "Lakhmir Mandi"), geocoder)
    assert [p.geo_precision for p in plain.places.values() if p] == [GeoPrecision.PLACE]


def test_a_district_only_mention_is_the_districts_inner_point_at_precision_2(geocoder: Geocoder) -> None:
    place = geocoder.resolve("Dharki Kot district", context=GeoContext(countries=(PAKISTAN,)))
    assert place is not None
    assert (place.name, place.admin1, place.admin2, place.feature) == ("Dharki Kot", "Sindh", "Dharki Kot", "ADM2")
    assert (place.geo_precision, where_prec(place)) == (GeoPrecision.NEAR, 3)
    assert 67 < place.longitude < 68 and 24 < place.latitude < 25


def test_a_district_named_after_its_seat_is_the_seat_at_precision_2(geocoder: Geocoder) -> None:
    place = geocoder.resolve("Gulabad", qualifier="district", context=GeoContext(countries=(PAKISTAN,)))
    assert place is not None and (place.latitude, place.longitude) == (33.2, 70.2)
    assert place.geo_precision == GeoPrecision.NEAR and place.admin2 == "Gulabad"


def test_an_unknown_name_falls_back_with_a_warning_and_keeps_the_other_places(geocoder: Geocoder) -> None:
    text = "Militants attacked a checkpost in Xyzzyville and a school in Gulabad."
    located = locate(reading(text, "Xyzzyville", "Gulabad"), geocoder)
    by_name = {m.name: p for m, p in located.places.items()}
    assert by_name["Xyzzyville"] is None
    gulabad = by_name["Gulabad"]
    assert gulabad is not None and gulabad.admin2 == "Gulabad" and gulabad.geo_precision == GeoPrecision.PLACE
    assert [i.code for i in located.issues] == ["W005"] and "Xyzzyville" in located.issues[0].message
    assert located.region is not None and located.region.admin1 == "Khyber Pakhtunkhwa"
    assert located.region.geo_precision == GeoPrecision.REGION


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Roadside bomb kills two soldiers in northwest Pakistan", "Pakistan"),
        ("Roadside bomb kills two soldiers in NW Pakistan", "Pakistan"),
        ("Troops killed six militants in Pakistan's restive northwest on Friday", "Pakistan"),
        ("Security forces killed six militants in the tribal areas of Pakistan", "Pakistan"),
        ("Security forces killed six militants in FATA, Pakistan", "Pakistan"),
    ],
)
def test_regional_phrases_and_historical_units_resolve_to_todays_province(
    geocoder: Geocoder, text: str, name: str
) -> None:
    located = locate(reading(text, name), geocoder)
    (place,) = located.places.values()
    assert place is not None and place.admin1 == "Khyber Pakhtunkhwa"
    assert (place.geo_precision, place.feature, where_prec(place)) == (GeoPrecision.REGION, "ADM1", 4)


def test_a_regional_phrase_with_no_place_word_sets_the_story_region(geocoder: Geocoder) -> None:
    located = locate(reading("Militants attacked a border post in the tribal belt, killing two."), geocoder)
    assert located.places == {} and located.region is not None
    assert (located.region.admin1, located.region.geo_precision) == ("Khyber Pakhtunkhwa", GeoPrecision.REGION)


def test_a_regional_phrase_never_overrides_a_finer_place(geocoder: Geocoder) -> None:
    located = locate(reading("Two soldiers were killed in Shahpur, southwest Pakistan.", "Shahpur"), geocoder)
    (place,) = located.places.values()
    assert place is not None and place.name == "Shahpur" and place.geo_precision == GeoPrecision.PLACE


def test_a_compass_word_of_another_country_is_not_a_region(geocoder: Geocoder) -> None:
    located = locate(reading("Floods hit northwest India and Pakistan.", "Pakistan"), geocoder)
    (place,) = located.places.values()
    assert place is not None and place.feature == "PCLI"  # "northwest India" names no Pakistani province


def test_a_named_district_the_gazetteer_lacks_keeps_its_name_at_the_province(geocoder: Geocoder) -> None:
    located = locate(reading("Militants attacked a post in Zarkhel district, Punjab.", "Zarkhel", "Punjab"), geocoder)
    by_name = {m.name: p for m, p in located.places.items()}
    zarkhel = by_name["Zarkhel"]
    assert zarkhel is not None
    assert (zarkhel.name, zarkhel.admin1, zarkhel.admin2, zarkhel.geo_precision) == (
        "Zarkhel",
        "Punjab",
        "Zarkhel",
        GeoPrecision.REGION,
    )  # not the district of Punjab's capital
    assert where_prec(zarkhel) == 4 and [i.code for i in located.issues] == ["W005"]
