"""Classify whom a violent act was aimed at, from the words of its object (data/lexicons/targets.toml).

ACLED Codebook 2023, "Violence against civilians": the same act is Violence against civilians
when aimed at unarmed civilians and a Battle when aimed at an armed, organised actor.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from sitrep.resources import load_toml

__all__ = ["is_crowd", "off_duty", "target_class"]

TARGETS_FILE = "lexicons/targets.toml"


@cache
def _lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    raw = load_toml(TARGETS_FILE)
    return frozenset(raw["armed"]), frozenset(raw["civilian"]), frozenset(raw["crowd"])


def target_class(tok: Token) -> str:
    """ "armed" if any word of the noun phrase names an armed actor or post, "civilian" if one names
    an unarmed person or property, else "" (armed wins: "a police vehicle" is an armed target)."""
    armed, civilian, _ = _lexicon()
    words = {t.lemma_.lower() for t in tok.subtree if t.i - tok.i < 8} | {tok.lower_}
    if not words.isdisjoint(armed):
        return "armed"
    if not words.isdisjoint(civilian):
        return "civilian"
    return ""


@cache
def _off_duty() -> tuple[str, ...]:
    return tuple(str(w) for w in load_toml(TARGETS_FILE)["off_duty"])


def off_duty(text: str) -> bool:
    """True when ``text`` says the personnel were off duty, at home or retired: civilians for ACLED."""
    lowered = text.lower()
    return any(marker in lowered for marker in _off_duty())


def is_crowd(tok: Token) -> bool:
    """True when the words name an unorganised crowd ("villagers", "two groups") and no armed actor."""
    armed, _, crowd = _lexicon()
    words = {t.lemma_.lower() for t in tok.subtree if t.i - tok.i < 8} | {tok.lower_}
    return words.isdisjoint(armed) and not words.isdisjoint(crowd)
