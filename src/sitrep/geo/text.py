"""Name normalisation shared by the gazetteer builder and the resolver.

The same ``normalise`` must run at build time (to key the ``names`` table) and at
query time (to look names up), so it lives here and nowhere else.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "ADMIN_AFFIXES",
    "acled_admin_name",
    "article_forms",
    "fold",
    "is_latin",
    "normalise",
    "skeleton",
    "split_affix",
]

# Letters NFKD does not decompose into ASCII.
_EXTRA = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "ð": "d",
        "ħ": "h",
        "‘": "",
        "’": "",
        "ʼ": "",
        "ʻ": "",
        "ʿ": "",
        "ʾ": "",
        "`": "",
        "´": "",
        "'": "",
    }
)
_NON_WORD = re.compile(r"[^a-z0-9]+")

# Administrative words that news text and sources attach to a name ("Kech District",
# "area of Tump", "Muhafazat Hadramaout"). Lower-case, already folded.
ADMIN_AFFIXES: dict[str, str] = {
    "district": "district",
    "districts": "district",
    "zila": "district",
    "agency": "district",  # FATA's seven agencies became districts of Khyber Pakhtunkhwa in 2018
    "tribal agency": "district",
    "tribal district": "district",
    "tehsil": "tehsil",
    "tahsil": "tehsil",
    "taluka": "tehsil",
    "sub division": "tehsil",
    "subdivision": "tehsil",
    "sub": "tehsil",
    "province": "province",
    "provinsi": "province",
    "governorate": "province",
    "muhafazat": "province",
    "mohafazat": "province",
    "wilayat": "province",
    "wilaya": "province",
    "velayat e": "province",
    "ostan e": "province",
    "state": "province",
    "region": "province",
    "division": "division",
    "municipality": "district",
    "county": "district",
    "prefecture": "district",
    "department": "province",
    "area of": "area",
    "area": "area",
    "city": "city",
    "town": "city",
    "village": "city",
}
_PREFIXES = (
    "area of",
    "province of",
    "district of",
    "muhafazat",
    "mohafazat",
    "wilayat",
    "velayat e",
    "ostan e",
    "provincia de",
    "departamento de",
    "estado de",
    "city of",
)
_SUFFIXES = tuple(sorted((k for k in ADMIN_AFFIXES if k not in ("area of",)), key=len, reverse=True))
# Names in which the "affix" is the name itself.
_ADMIN_SUFFIX_WORDS = frozenset(k for k, v in ADMIN_AFFIXES.items() if v not in ("city", "area"))
_ADMIN_PREFIX_WORDS = frozenset(p for p in _PREFIXES if p not in ("area of", "city of"))
_PREFIX_FIRST_WORDS = frozenset(p.split()[0] for p in _PREFIXES)
_SUFFIX_LAST_WORDS = frozenset(x.split()[-1] for x in _SUFFIXES)
_KEEP = frozenset({"free state", "capital region", "sub", "state", "district", "city", "area"})


def fold(text: str) -> str:
    """Fold diacritics and odd letters to ASCII, keeping case ("Khārān" → "Kharan")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """The lookup key of a name: folded, lower-case, punctuation as single spaces.

    Example: ``normalise("Ta‘izz")`` is ``"taizz"``; ``normalise("NUSHKI_")`` is ``"nushki"``.
    """
    return _NON_WORD.sub(" ", fold(text).lower()).strip()


def is_latin(text: str) -> bool:
    """True when a name is written in Latin script (it folds to ASCII without loss)."""
    folded = fold(text)
    return bool(folded) and folded.isascii() and any(ch.isalpha() for ch in folded)


@lru_cache(maxsize=65536)
def split_affix(key: str) -> tuple[str, str]:
    """Split an administrative affix off a normalised name: ``"kech district"`` → ``("kech", "district")``.

    RETURNS (tuple[str, str]): the bare key and the affix class ("district", "tehsil",
    "province", "division", "area", "city"), or the key unchanged and "".
    """
    if key in _KEEP or " " not in key:
        return key, ""
    first, last = key.split(" ", 1)[0], key.rsplit(" ", 1)[1]
    if first not in _PREFIX_FIRST_WORDS and last not in _SUFFIX_LAST_WORDS:
        return key, ""  # most names: no word that could start or end an affix
    for prefix in _PREFIXES:
        if key.startswith(prefix + " ") and len(key) > len(prefix) + 1:
            bare = key[len(prefix) + 1 :]
            return bare, ADMIN_AFFIXES.get(prefix.split()[0], "province" if prefix != "area of" else "area")
    for suffix in _SUFFIXES:
        if key.endswith(" " + suffix) and len(key) > len(suffix) + 1:
            return key[: -len(suffix) - 1], ADMIN_AFFIXES[suffix]
    return key, ""


def acled_admin_name(name: str) -> str:
    """An admin-area name as ACLED writes it: ASCII, no "District"/"Province"/"Wilayat" affix.

    Example: ``"Khārān District"`` → ``"Kharan"``; ``"Muhafazat Hadramaout"`` → ``"Hadramaout"``;
    ``"KHAD KOCHA SUB-"`` → ``"Khad Kocha"``; ``"NUSHKI_"`` → ``"Nushki"``.
    """
    text = fold(name).replace("_", " ").strip()
    text = re.sub(r"\s+SUB\s*-?\s*$", "", text, flags=re.IGNORECASE).strip(" -") or text
    words = text.split()
    if normalise(text) in _KEEP:
        return text
    changed = True
    while changed and len(words) > 1:
        changed = False
        for n in (2, 1):
            if len(words) > n and normalise(" ".join(words[-n:])) in _ADMIN_SUFFIX_WORDS:
                words = words[:-n]
                changed = True
                break
            if len(words) > n and normalise(" ".join(words[:n])) in _ADMIN_PREFIX_WORDS:
                words = words[n:]
                changed = True
                break
    text = " ".join(words)
    if text.isupper() or text.islower():
        text = " ".join(w.capitalize() for w in text.split())
    return text


# The Arabic definite article, which English writes or drops at will ("Qamishli", "Al-Qamishli",
# "Raqqa", "Ar-Raqqah"): before a "sun letter" it takes that letter's sound ("As Salamiyah").
_ARTICLES = frozenset({"al", "el", "ar", "as", "ash", "ad", "adh", "at", "ath", "az", "an"})
_SUN_LETTERS = ("sh", "th", "dh", "t", "d", "r", "z", "s", "n")


@lru_cache(maxsize=65536)
def article_forms(key: str) -> tuple[str, ...]:
    """The other spellings of a normalised name with or without the Arabic article.

    ``"qamishli"`` → ``("al qamishli",)``; ``"salamiyah"`` → ``("as salamiyah", "al salamiyah")``;
    ``"al hasakah"`` → ``("hasakah",)``. The article is added to a name of one word only, and
    taken off a name of two or three words: it starts a name, never ends one.
    """
    words = key.split()
    if not words or len(words) > 3 or not key.isascii():
        return ()
    if len(words) > 1 and words[0] in _ARTICLES:
        return (" ".join(words[1:]),)
    if len(words) > 2 or len(words[0]) < 3:
        return ()
    sun = next((s for s in _SUN_LETTERS if key.startswith(s)), "")
    return (f"a{sun} {key}", f"al {key}") if sun else (f"al {key}",)


_SKELETON_MAP = str.maketrans({"q": "k", "w": "v", "z": "j", "c": "k", "y": "i"})
_VOWELS = re.compile(r"(?<!^)[aeiou]+")
_DOUBLE = re.compile(r"(.)\1+")
_NASAL = re.compile(r"(?<=[aeiou])n(?=[^aeiou])")  # "Balincha" ~ "Balicha"


_SOFT_H = re.compile(r"(?<=[aeiou])h")


@lru_cache(maxsize=65536)
def skeleton(key: str) -> str:
    """A coarse transliteration key: spelling variants of one name share it.

    Inner vowels and a nasal before a consonant are dropped, doubled letters collapsed and
    q/k, w/v, c/k, z/j merged, so ``"noshki"`` and ``"nushki"`` both give ``"nshk"``,
    ``"kuetta"`` and ``"quetta"`` give ``"kt"``, ``"balincha"`` and ``"balicha"`` agree.
    """
    text = key.replace(" ", "").replace("kh", "k").replace("gh", "g").replace("ph", "f").replace("ee", "i")
    text = text.replace("oo", "u").translate(_SKELETON_MAP)
    text = _SOFT_H.sub("", text)  # an "h" that only lengthens a vowel: "Chahar Bolak" ~ "Charbolak"
    text = _NASAL.sub("", text)
    text = _DOUBLE.sub(r"\1", text)
    if text and text[0] in "aeiou":
        text = "a" + text[1:]
    return _VOWELS.sub("", text)
