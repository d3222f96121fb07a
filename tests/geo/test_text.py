from __future__ import annotations

import pytest

from sitrep.geo.text import acled_admin_name, is_latin, normalise, skeleton, split_affix


@pytest.mark.parametrize(
    ("source", "acled"),
    [
        ("Khārān District", "Kharan"),
        ("Muhafazat Hadramaout", "Hadramaout"),
        ("KHAD KOCHA SUB-", "Khad Kocha"),
        ("NUSHKI_", "Nushki"),
        ("Al-Hudaydah Governorate", "Al-Hudaydah"),
        ("Maidan Wardak Province", "Maidan Wardak"),
        ("Ostān-e Tehrān", "Tehran"),
        ("Free State", "Free State"),
        ("QUETTA CITY", "Quetta City"),
    ],
)
def test_admin_names_lose_affixes_and_diacritics_like_acled(source: str, acled: str) -> None:
    assert acled_admin_name(source) == acled


def test_normalise_folds_case_diacritics_and_punctuation() -> None:
    assert normalise("Ta‘izz") == "taizz"
    assert normalise("  Dera  Ismail-Khan ") == "dera ismail khan"


def test_split_affix_names_the_admin_class() -> None:
    assert split_affix("kech district") == ("kech", "district")
    assert split_affix("area of tump") == ("tump", "area")
    assert split_affix("tump tehsil") == ("tump", "tehsil")
    assert split_affix("quetta") == ("quetta", "")


def test_transliteration_variants_share_a_skeleton() -> None:
    assert skeleton("noshki") == skeleton("nushki")
    assert skeleton("quetta") == skeleton("kuetta")
    assert skeleton("balincha") != skeleton("quetta")


def test_only_latin_script_counts_as_latin() -> None:
    assert is_latin("Kvéta")
    assert not is_latin("Кветта")
    assert not is_latin("کوئٹہ")
