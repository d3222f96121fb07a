"""Regional phrases, historical units, bracketed abbreviations and "near" words found in text
(data/gazetteer/regions.toml), without a gazetteer."""

from __future__ import annotations

import pytest

from sitrep.errors import DataFileError
from sitrep.geo.regions import Regions, load_regions

COUNTRIES = {"Pakistan": "PK", "Pak": "PK", "India": "IN", "Afghanistan": "AF"}


def find(text: str) -> list[tuple[str, str, bool]]:
    found = load_regions().find(text, country_of=lambda word: COUNTRIES.get(word, ""))
    return [(m.text, m.admin1, m.needs_country) for m in found]


@pytest.mark.parametrize(
    ("text", "phrase", "admin1"),
    [
        ("Bomb kills two in northwest Pakistan", "northwest Pakistan", "Khyber Pakhtunkhwa"),
        ("Bomb kills two in north-western Pakistan", "north-western Pakistan", "Khyber Pakhtunkhwa"),
        ("Bomb kills two in NW Pak", "NW Pak", "Khyber Pakhtunkhwa"),
        ("Gunmen kill four in SW Pakistan", "SW Pakistan", "Balochistan"),
        ("Troops pound hideouts in Pakistan's restive northwest", "Pakistan's restive northwest", "Khyber Pakhtunkhwa"),
        (
            "Clashes in the Federally Administered Tribal Areas",
            "Federally Administered Tribal Areas",
            "Khyber Pakhtunkhwa",
        ),
        ("Drone strike in FATA kills five", "FATA", "Khyber Pakhtunkhwa"),
        ("Blast in the NWFP capital", "NWFP", "Khyber Pakhtunkhwa"),
        ("Militants attack a tribal area border post", "tribal area", "Khyber Pakhtunkhwa"),
        ("Fighting in Baluchistan", "Baluchistan", "Balochistan"),
        ("Shelling in Shahpur sector (Poonch district, J&K).", "J&K", "Jammu and Kashmir"),
        ("Workers protested in Hyderabad city (Hyderabad, TS).", "TS", "Telangana"),
    ],
)
def test_phrases_name_todays_province(text: str, phrase: str, admin1: str) -> None:
    assert find(text) == [(phrase, admin1, False)]


@pytest.mark.parametrize(
    "text",
    [
        "Floods in northwest India",  # another country's northwest
        "Fighting in North Kordofan",  # a compass word before a name that is no country
        "An MP said the fata morgana was a mirage",  # abbreviations outside brackets; lower-case 'fata'
        "Southern Punjab was calm",  # a province, not the country
        "Both sides clashed in southern Afghanistan",  # no entry for Afghanistan's south
    ],
)
def test_words_that_are_not_regions(text: str) -> None:
    assert find(text) == []


def test_a_compass_word_alone_needs_the_story_country() -> None:
    assert find("Forces killed 27 militants in the northwest, the military said") == [
        ("in the northwest", "Khyber Pakhtunkhwa", True)
    ]


def test_the_longest_phrase_wins() -> None:
    assert find("Attack in the North-West Frontier Province") == [
        ("North-West Frontier Province", "Khyber Pakhtunkhwa", False)
    ]


@pytest.mark.parametrize(
    ("before", "near"),
    [
        ("Gunmen shot two men near ", True),
        ("a checkpost on the outskirts of ", True),
        ("a village 20 km from ", True),
        ("the highway outside the town of ", True),
        ("Gunmen shot two men in ", False),
        ("a district near Quetta and in ", False),
    ],
)
def test_near_words_just_before_a_name(before: str, near: bool) -> None:
    assert load_regions().is_near(before + "Mastung", len(before)) is near


def test_historical_units_have_successors_but_abbreviations_do_not() -> None:
    successors = load_regions().successors()
    assert successors["FATA"] == successors["NWFP"] == "Khyber Pakhtunkhwa"
    assert "J&K" not in successors and "TS" not in successors


def test_a_broken_entry_raises_e008() -> None:
    with pytest.raises(DataFileError, match=r"\[E008\]"):
        Regions({"unit": [{"country": "PK", "names": ["FATA"]}]})  # no admin1
