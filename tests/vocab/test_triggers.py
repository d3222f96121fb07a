"""The trigger lexicon: matching on lemmas, wildcards, longest match, and validation on load."""

from __future__ import annotations

import pytest

from sitrep.errors import DataFileError
from sitrep.vocab.triggers import Lexicon, TriggerEntry, load_lexicon


def keys(text: str) -> list[tuple[str, ...]]:
    """Crude lemma stand-in for tests that need no spaCy: the lower-case words themselves."""
    return [(w.lower(),) for w in text.split()]


def labels(text: str) -> list[str]:
    return [m.entry.label for m in load_lexicon().match(keys(text))]


def test_packaged_lexicon_loads_with_a_rule_on_every_entry() -> None:
    lexicon = load_lexicon()
    assert lexicon.entries
    assert all(e.rule.strip() for e in lexicon.entries)


def test_wildcard_phrase_spans_a_few_tokens() -> None:
    assert "riot" in labels("youths pelt the police with stones")


def test_longest_match_wins_over_a_contained_trigger() -> None:
    found = labels("police seize a cache of explosives")
    assert "weapons" in found
    assert "ied" not in found


def test_grenade_and_abduction_words_fire_their_classes() -> None:
    assert "grenade" in labels("militants hurl a grenade at a vehicle")
    assert "abduction" in labels("gunmen abduct passengers")


def test_a_phrase_may_not_start_with_a_wildcard() -> None:
    entry = TriggerEntry(id="x", label="x", rule="r", phrases=["* fire"])
    with pytest.raises(DataFileError) as err:
        Lexicon([entry])
    assert "[E008]" in str(err.value)
