"""The actor registry: ACLED names, regime periods, the matcher and the data-file checks.

Every sentence here is written for these tests.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep.errors import DataFileError
from sitrep.vocab.actors import (
    LABEL_GENERIC,
    LABEL_NAMED,
    ActorRegistry,
    interaction_code,
    regime_label,
    strip_period_end,
)

SEED_DAY = dt.date(2026, 1, 31)
DAY_2020 = dt.date(2020, 5, 2)


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return ActorRegistry.load()


def keys_in(registry: ActorRegistry, text: str) -> list[tuple[str, str]]:
    return [(text[start:end], key) for start, end, key in registry.find(text)]


# --- Named groups and government labels --------------------------------------------------------


def test_fitna_al_hindustan_is_the_bla(registry: ActorRegistry) -> None:
    # EXPERT_CODING: "Fitna al-Hindustan" is the government's label for the BLA, an alias, never an actor.
    text = "Officials blamed Fitna al-Hindustan for the raid; the Baloch Liberation Army (BLA) claimed it."
    assert keys_in(registry, text) == [
        ("Fitna al-Hindustan", "bla"),
        ("Baloch Liberation Army", "bla"),
        ("BLA", "bla"),
    ]
    assert registry.resolve("bla", country="Pakistan", date=SEED_DAY) == ("BLA: Baloch Liberation Army", 2)


def test_no_actor_is_named_fitna(registry: ActorRegistry) -> None:
    for entry in registry.entries.values():
        assert "fitna" not in (entry.name + entry.template).casefold(), entry.key


def test_fitna_al_khawarij_is_the_ttp(registry: ActorRegistry) -> None:
    text = "Troops killed three Fitna al-Khawarij terrorists; the Pakistani Taliban denied it."
    found = keys_in(registry, text)
    assert ("Fitna al-Khawarij", "ttp") in found
    assert ("Pakistani Taliban", "ttp") in found  # the longer name wins over the Afghan "Taliban"
    assert registry.resolve("ttp", country="Pakistan", date=SEED_DAY)[0] == "TTP: Tehreek-i-Taliban Pakistan"


def test_acronyms_are_case_sensitive_names_are_not(registry: ActorRegistry) -> None:
    assert keys_in(registry, "The bla bla of politics.") == []
    assert keys_in(registry, "AL-SHABAAB fighters") == [("AL-SHABAAB", "al_shabaab")]
    assert keys_in(registry, "al Shabaab fighters") == [("al Shabaab", "al_shabaab")]


def test_islamic_state_is_named_by_the_country_it_acts_in(registry: ActorRegistry) -> None:
    assert keys_in(registry, "ISKP claimed the bombing.") == [("ISKP", "islamic_state")]
    assert registry.resolve("islamic_state", country="Afghanistan", date=DAY_2020) == (
        "Islamic State (Afghanistan)",
        2,
    )
    assert registry.resolve("islamic_state", country="Pakistan", date=SEED_DAY)[0] == "Islamic State (Pakistan)"


def test_unnamed_maoists_are_rebels_and_the_party_keeps_its_name(registry: ActorRegistry) -> None:
    text = "Maoists ambushed the patrol; the CPI (Maoist) later admitted it."
    assert [k for _, k in keys_in(registry, text)] == ["naxal_maoist", "cpi_maoist"]


# --- State forces, regimes and the Taliban state -----------------------------------------------


def test_police_in_pakistan_by_date(registry: ActorRegistry) -> None:
    assert keys_in(registry, "Two policemen were hurt.") == [("policemen", "police")]
    assert registry.resolve("police", country="Pakistan", date=SEED_DAY) == (
        "Police Forces of Pakistan (2022-)",
        1,
    )
    name_2020, inter = registry.resolve("police", country="Pakistan", date=DAY_2020)
    assert name_2020.startswith("Police Forces of Pakistan (2018-")  # ACLED wrote "(2018-)" in 2020
    assert inter == 1


def test_frontier_corps(registry: ActorRegistry) -> None:
    text = "Attackers stormed the Frontier Corps headquarters and fired on FC personnel."
    found = keys_in(registry, text)
    assert ("Frontier Corps", "frontier_corps") in found
    assert ("FC personnel", "frontier_corps") in found
    assert registry.resolve("frontier_corps", country="Pakistan", date=SEED_DAY) == (
        "Police Forces of Pakistan (2022-) Frontier Corps",
        1,
    )


def test_paramilitary_forces_in_pakistan_are_the_frontier_corps(registry: ActorRegistry) -> None:
    text = "They attacked the headquarters of paramilitary forces."
    assert keys_in(registry, text) == [("paramilitary forces", "paramilitary")]
    assert registry.resolve("paramilitary", country="Pakistan", date=SEED_DAY) == (
        "Police Forces of Pakistan (2022-) Frontier Corps",
        1,
    )
    assert registry.resolve("paramilitary", country="India", date=DAY_2020) == (
        "Police Forces of India (2014-)",
        1,
    )


def test_security_forces_are_the_military(registry: ActorRegistry) -> None:
    assert keys_in(registry, "security forces responded") == [("security forces", "military")]
    assert registry.resolve("military", country="Pakistan", date=SEED_DAY) == (
        "Military Forces of Pakistan (2022-)",
        1,
    )


def test_a_state_force_abroad_is_external(registry: ActorRegistry) -> None:
    # ACLED dev data: Pakistan's army is inter 1 in Pakistan and 8 in India.
    assert keys_in(registry, "Pakistani troops fired across the line.") == [("Pakistani troops", "pakistan_military")]
    assert registry.resolve("pakistan_military", country="Pakistan", date=DAY_2020)[1] == 1
    assert registry.resolve("pakistan_military", country="India", date=DAY_2020)[1] == 8


def test_taliban_become_the_afghan_state(registry: ActorRegistry) -> None:
    assert registry.resolve("taliban", country="Afghanistan", date=DAY_2020) == ("Taliban", 2)
    after = dt.date(2023, 3, 1)
    assert registry.resolve("taliban", country="Afghanistan", date=after) == (
        "Military Forces of Afghanistan (2021-)",
        1,
    )
    assert registry.resolve("taliban", country="Pakistan", date=after)[1] == 8
    assert registry.resolve("afghanistan_military", country="Afghanistan", date=DAY_2020)[0] == (
        "Military Forces of Afghanistan (2014-2021)"
    )


def test_regime_labels() -> None:
    assert regime_label("Pakistan", SEED_DAY) == "(2022-)"
    assert regime_label("Pakistan", dt.date(2022, 4, 10)) == "(2018-2022)"
    assert regime_label("Pakistan", dt.date(2022, 4, 11)) == "(2022-)"
    assert regime_label("India", DAY_2020) == "(2014-)"
    assert regime_label("Atlantis", DAY_2020) == ""
    assert regime_label("Pakistan", dt.date(1990, 1, 1)) == ""


def test_the_united_states_keeps_its_article(registry: ActorRegistry) -> None:
    assert registry.resolve("us_military", country="Afghanistan", date=DAY_2020) == (
        "Military Forces of the United States (2017-2021)",
        8,
    )


def test_strip_period_end_compares_by_start_year() -> None:
    assert strip_period_end("Military Forces of Afghanistan (2014-2021) Special Forces") == (
        "Military Forces of Afghanistan (2014-) Special Forces"
    )
    assert strip_period_end("Taliban") == "Taliban"


# --- Generic actors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "word", "key", "expected"),
    [
        (
            "Unknown gunmen opened fire.",
            "Unknown gunmen",
            "unidentified_armed_group",
            ("Unidentified Armed Group (Pakistan)", 3),
        ),
        (
            "Gunmen opened fire.",
            "Gunmen",
            "unidentified_armed_group",
            ("Unidentified Armed Group (Pakistan)", 3),
        ),
        ("The passengers were taken off the bus.", "passengers", "civilians", ("Civilians (Pakistan)", 7)),
        ("A shopkeeper was shot.", "shopkeeper", "civilians", ("Civilians (Pakistan)", 7)),
        ("Protesters blocked the highway.", "Protesters", "protesters", ("Protesters (Pakistan)", 6)),
        ("A mob torched two cars.", "mob", "rioters", ("Rioters (Pakistan)", 5)),
    ],
)
def test_generic_actors_in_pakistan(
    registry: ActorRegistry, sentence: str, word: str, key: str, expected: tuple[str, int]
) -> None:
    assert keys_in(registry, sentence) == [(word, key)]
    assert registry.resolve(key, country="Pakistan", date=SEED_DAY) == expected


def test_associated_actor_says_who(registry: ActorRegistry) -> None:
    assert keys_in(registry, "Students marched in Lahore.") == [("Students", "students")]
    assert registry.resolve("students", country="India", date=DAY_2020) == ("Civilians (India)", 7)
    assert registry.assoc("students", country="India", date=DAY_2020) == "Students (India)"
    assert registry.assoc("civilians", country="India", date=DAY_2020) == ""


def test_generic_kind_needs_a_country(registry: ActorRegistry) -> None:
    with pytest.raises(ValueError):
        registry.resolve("civilians", country="", date=SEED_DAY)
    with pytest.raises(KeyError):
        registry.resolve("fitna", country="Pakistan", date=SEED_DAY)


def test_overlapping_mentions_keep_the_longest(registry: ActorRegistry) -> None:
    text = "Afghan security forces and the police clashed."
    assert keys_in(registry, text) == [
        ("Afghan security forces", "afghanistan_military"),
        ("police", "police"),
    ]


# --- Interaction codes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inter1", "inter2", "code"),
    [(1, 2, 12), (2, 1, 12), (6, 0, 60), (1, 1, 11), (3, 7, 37), (8, 1, 18), (7, 0, 70)],
)
def test_interaction_code(inter1: int, inter2: int, code: int) -> None:
    # ACLED codebook, "Interaction": both codes, lower first; one actor alone is its code then 0.
    assert interaction_code(inter1, inter2) == code


def test_interaction_code_refuses_unknown_codes() -> None:
    with pytest.raises(ValueError):
        interaction_code(9, 1)


# --- spaCy patterns ----------------------------------------------------------------------------


def test_patterns_shape(registry: ActorRegistry) -> None:
    patterns = registry.patterns()
    by_id = {(p["id"], p["label"]) for p in patterns}
    assert ("bla", LABEL_NAMED) in by_id
    assert ("civilians", LABEL_GENERIC) in by_id
    assert ("frontier_corps", LABEL_NAMED) in by_id
    bla = [p["pattern"] for p in patterns if p["id"] == "bla"]
    assert [{"ORTH": "BLA"}] in bla  # acronym: case-sensitive
    assert [{"LOWER": "fitna"}, {"LOWER": "al"}, {"ORTH": "-", "OP": "?"}, {"LOWER": "hindustan"}] in bla


def test_patterns_match_in_spacy(registry: ActorRegistry) -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "sitrep.actors", "validate": True})
    ruler.add_patterns(registry.patterns(tokenizer=nlp.tokenizer))
    doc = nlp("Fitna al Hindustan militants attacked the Frontier Corps camp; the BLA said so, not the bla.")
    spans = {(s.text, s.id_, s.label_) for s in doc.spans["sitrep.actors"]}
    assert ("Fitna al Hindustan", "bla", LABEL_NAMED) in spans
    assert ("Frontier Corps", "frontier_corps", LABEL_NAMED) in spans
    assert ("BLA", "bla", LABEL_NAMED) in spans
    assert ("militants", "unidentified_armed_group", LABEL_GENERIC) in spans
    assert not any(s.text == "bla" for s in doc.spans["sitrep.actors"])


def test_every_alias_matches_itself_in_spacy(registry: ActorRegistry) -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("span_ruler", config={"validate": True})
    ruler.add_patterns(registry.patterns(tokenizer=nlp.tokenizer))
    missing = []
    for key, entry in registry.entries.items():
        names, acronyms = entry.surface_forms()
        for form in names + acronyms:
            doc = nlp(f"Reports said {form} was there.")
            if not any(s.id_ == key and s.text == form for s in doc.spans["ruler"]):
                missing.append((key, form))
    assert missing == []


def test_default_patterns_tokenise_like_spacy(registry: ActorRegistry) -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    assert registry.patterns() == registry.patterns(tokenizer=nlp.tokenizer)


# --- Data-file validation ----------------------------------------------------------------------


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


REGIMES = "[Pakistan]\nstarts = [2018-08-18, 2022-04-11]\n"


@pytest.mark.parametrize(
    ("body", "entry"),
    [
        ('[broken]\nname = "X"\ninter = 9\n', "broken"),  # inter out of range
        ('[broken]\ninter = 2\naliases = ["x"]\n', "broken"),  # neither name nor template
        ('[broken]\nname = "X"\ntemplate = "Y ({country})"\ninter = 2\n', "broken"),  # both
        ('[broken]\ntemplate = "Y ({place})"\ninter = 2\n', "broken"),  # unknown placeholder
        ('[broken]\nname = "X"\ninter = 2\ncolour = "red"\n', "broken"),  # unknown field
        ('[broken]\nname = "X"\ninter = 1\nby_country = { Pakistan = "Y" }\n', "broken"),  # not generic
        ('[broken]\ntemplate = "Police Forces of {state}"\ninter = 1\ncountry = "Atlantis"\n', "broken"),
        (
            '[a]\nname = "A"\ninter = 2\naliases = ["Same Name"]\n'
            '[broken]\nname = "B"\ninter = 2\naliases = ["same-name"]\n',
            "broken",
        ),  # ambiguous alias
    ],
)
def test_broken_entry_raises_e008(tmp_path: Path, body: str, entry: str) -> None:
    actors = write(tmp_path, "actors.toml", body)
    regimes = write(tmp_path, "regimes.toml", REGIMES)
    with pytest.raises(DataFileError) as info:
        ActorRegistry.load([actors], regimes=regimes)
    message = str(info.value)
    assert message.startswith("[E008]")
    assert "actors.toml" in message
    assert repr(entry) in message


def test_broken_regime_and_toml_syntax_raise_e008(tmp_path: Path) -> None:
    actors = write(tmp_path, "actors.toml", '[ok]\nname = "A"\ninter = 2\n')
    bad_order = write(tmp_path, "regimes.toml", "[Pakistan]\nstarts = [2022-04-11, 2018-08-18]\n")
    with pytest.raises(DataFileError, match=r"^\[E008\].*'Pakistan'"):
        ActorRegistry.load([actors], regimes=bad_order)
    not_toml = write(tmp_path, "bad.toml", "[ok\n")
    with pytest.raises(DataFileError, match=r"^\[E008\].*bad\.toml"):
        ActorRegistry.load([not_toml], regimes=write(tmp_path, "r.toml", REGIMES))


def test_a_small_registry_loads(tmp_path: Path) -> None:
    actors = write(
        tmp_path,
        "actors.toml",
        '[fc]\ntemplate = "Police Forces of {state} Frontier Corps"\ninter = 1\ncountry = "Pakistan"\n'
        'aliases = ["Frontier Corps"]\nacronyms = ["FC"]\n',
    )
    small = ActorRegistry.load([actors], regimes=write(tmp_path, "regimes.toml", REGIMES))
    assert small.find("FC and Frontier Corps") == [(0, 2, "fc"), (7, 21, "fc")]
    assert small.resolve("fc", country="Pakistan", date=dt.date(2020, 1, 1)) == (
        "Police Forces of Pakistan (2018-2022) Frontier Corps",
        1,
    )
