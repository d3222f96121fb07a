"""End to end, one written sentence per ACLED sub-event type: the codebook's definitions hold."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.model import Article
from sitrep.pipeline import Pipeline

PUBLISHED = dt.date(2025, 6, 12)

CASES = [
    (
        "On 10 June 2025, a roadside bomb struck an army vehicle in Kandahar, killing three soldiers.",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    (
        "On 10 June 2025, warplanes carried out airstrikes on militant hideouts near Kunduz.",
        "Explosions/Remote violence",
        "Air/drone strike",
    ),
    (
        "On 10 June 2025, a suicide bomber blew himself up outside a mosque in Peshawar, killing five worshippers.",
        "Explosions/Remote violence",
        "Suicide bomb",
    ),
    (
        "On 10 June 2025, Taliban fighters clashed with police in Ghazni, leaving two policemen dead.",
        "Battles",
        "Armed clash",
    ),
    (
        "On 10 June 2025, rebel forces fired mortar shells and heavy machine guns at farms and houses near Kupiansk.",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    ),
    (
        "On 10 June 2025, monitors recorded 40 explosions in both directions of the frontline near Avdiivka.",
        "Battles",
        "Armed clash",
    ),
    (
        "On 10 June 2025, rebel forces fired mortars, grenade launchers and small arms at army positions near Marinka.",
        "Battles",
        "Armed clash",
    ),
    (
        "On 10 June 2025, gunmen shot dead an off-duty police officer at his home in Quetta.",
        "Violence against civilians",
        "Attack",
    ),
    ("On 10 June 2025, gunmen killed a retired army officer in Quetta.", "Violence against civilians", "Attack"),
    ("On 10 June 2025, gunmen shot dead a police officer on patrol in Quetta.", "Battles", "Armed clash"),
    (
        "On 10 June 2025, 4 'Arbakis' were killed by a Taliban sniper in Zurmat district, Paktia.",
        "Battles",
        "Armed clash",
    ),  # Arbakis: a pro-government militia, an armed target
    ("On 10 June 2025, gunmen shot dead a shopkeeper in Quetta.", "Violence against civilians", "Attack"),
    (
        "On 10 June 2025, hundreds of students held a peaceful rally in Lahore against fee increases.",
        "Protests",
        "Peaceful protest",
    ),
    (
        "On 10 June 2025, bus drivers gathered in front of the transport office in Quetta to demand unpaid wages.",
        "Protests",
        "Peaceful protest",
    ),
    (
        "On 10 June 2025, villagers staged a road blockade near Turbat to stop trucks entering the area.",
        "Protests",
        "Peaceful protest",
    ),
    (
        "On 10 June 2025, residents banged pots against the governor during his visit to Gwadar.",
        "Protests",
        "Peaceful protest",
    ),
    (
        "On 10 June 2025, factory workers in Hub demanded the payment of three months of salaries.",
        "Protests",
        "Peaceful protest",
    ),
    (
        "On 10 June 2025, police fired tear gas to disperse traders protesting in Karachi against new taxes.",
        "Protests",
        "Protest with intervention",
    ),
    (
        "On 10 June 2025, protesters torched vehicles and pelted the police with stones in Hyderabad.",
        "Riots",
        "Violent demonstration",
    ),
    (
        "On 10 June 2025, transporters protesting against fuel prices set fire to tyres on the highway in Hub.",
        "Riots",
        "Violent demonstration",
    ),
    (
        "On 10 June 2025, residents blocked roads with burning objects in Turbat to demand water.",
        "Riots",
        "Violent demonstration",
    ),
    ("On 10 June 2025, villagers beat a suspected thief to death in Sukkur.", "Riots", "Mob violence"),
    ("On 10 June 2025, police arrested 12 members of a banned group in Multan.", "Strategic developments", "Arrests"),
    (
        "On 10 June 2025, security forces seized a cache of weapons and explosives in Bannu.",
        "Strategic developments",
        "Disrupted weapons use",
    ),
]


@pytest.mark.parametrize(
    ("text", "event_type", "sub_event_type"), CASES, ids=[f"{c[2]}-{i}" for i, c in enumerate(CASES)]
)
def test_each_sub_event_type_is_coded_as_the_codebook_defines_it(
    pipeline: Pipeline, text: str, event_type: str, sub_event_type: str
) -> None:
    events = list(pipeline.extract([Article(id="t", text=text, published=PUBLISHED)]))
    assert events, "no event coded"
    assert (events[0].event_type, events[0].sub_event_type) == (event_type, sub_event_type)
    assert events[0].event_date == dt.date(2025, 6, 10)


# --- deaths at and around protests (ACLED Codebook, Protests) --------------------------------------


def _only(pipeline: Pipeline, text: str) -> tuple[str, int]:
    [event] = pipeline.extract([Article(id="t", text=text, published=PUBLISHED)])
    return event.sub_event_type, event.fatalities


def test_deaths_that_are_a_protests_reason_leave_it_peaceful_with_no_fatalities(pipeline: Pipeline) -> None:
    text = "On 10 June 2025, hundreds of residents rallied in Sibi demanding compensation after a fire killed 9 people."
    assert _only(pipeline, text) == ("Peaceful protest", 0)


def test_protesters_killed_by_police_make_excessive_force_with_the_deaths(pipeline: Pipeline) -> None:
    text = "On 10 June 2025, three demonstrators died when police fired on a rally in Sibi."
    assert _only(pipeline, text) == ("Excessive force against protesters", 3)


def test_a_dispersal_told_in_its_own_sentence_makes_the_protest_one_with_intervention(pipeline: Pipeline) -> None:
    text = (
        "On 10 June 2025, about 300 farmers protested in Sibi against water cuts. "
        "Police used batons to disperse the crowd."
    )
    events = list(pipeline.extract([Article(id="t", text=text, published=PUBLISHED)]))
    assert [(e.sub_event_type, e.location) for e in events] == [("Protest with intervention", "Sibi")]
    assert events[0].actor2.startswith("Police Forces of Pakistan")


@pytest.mark.parametrize(
    "reply",
    [
        "Police arrested two of them, and the remaining demonstrators fled.",
        "Police assaulted the demonstrators and fired tear gas at them.",
        "The police intervened and used tear gas bombs.",
    ],
)
def test_a_reply_that_also_tells_force_or_flight_still_joins_the_protest(pipeline: Pipeline, reply: str) -> None:
    text = f"On 10 June 2025, about 300 farmers protested in Sibi against water cuts. {reply}"
    events = list(pipeline.extract([Article(id="t", text=text, published=PUBLISHED)]))
    assert [(e.sub_event_type, e.location) for e in events] == [("Protest with intervention", "Sibi")]


def test_an_arrest_told_as_the_protests_background_does_not_join_it(pipeline: Pipeline) -> None:
    text = (
        "On 10 June 2025, journalists protested in Sibi against the arrest of an editor. "
        "He was arrested in a tax case, and his arrest is called an attack on the press."
    )
    assert _only(pipeline, text) == ("Peaceful protest", 0)


def test_protesters_detained_make_a_protest_with_intervention(pipeline: Pipeline) -> None:
    text = "On 10 June 2025, police detained five activists taking part in an unauthorized protest in Sibi."
    assert _only(pipeline, text) == ("Protest with intervention", 0)


def test_an_arrest_that_is_the_protests_reason_leaves_it_peaceful(pipeline: Pipeline) -> None:
    text = (
        "On 10 June 2025, party workers staged a protest in Sibi opposing the detention of their leaders, "
        "who were arrested in a raid last month."
    )
    assert _only(pipeline, text) == ("Peaceful protest", 0)


@pytest.mark.parametrize(
    "text",
    [
        "On 10 June 2025, two groups of villagers clashed over a water channel in Sibi.",
        "On 10 June 2025, migrant workers clashed with police in Sibi after being stopped at a checkpoint.",
    ],
)
def test_a_clash_of_unorganised_people_is_mob_violence_not_a_battle(pipeline: Pipeline, text: str) -> None:
    [event] = pipeline.extract([Article(id="t", text=text, published=PUBLISHED)])
    assert (event.event_type, event.sub_event_type) == ("Riots", "Mob violence")


def test_a_clash_with_an_armed_group_stays_a_battle_when_villagers_are_the_other_side(pipeline: Pipeline) -> None:
    text = "On 10 June 2025, Taliban militants clashed with villagers in Khulm district, Balkh."
    [event] = pipeline.extract([Article(id="t", text=text, published=PUBLISHED)])
    assert event.event_type == "Battles"


def test_seized_mortar_shells_are_disrupted_weapons_use_not_shelling(pipeline: Pipeline) -> None:
    text = "On 10 June 2025, police recovered two rifles and three mortar shells from a hideout in Bannu."
    [event] = pipeline.extract([Article(id="t", text=text, published=PUBLISHED)])
    assert event.sub_event_type == "Disrupted weapons use"


def test_an_arson_attack_on_a_building_with_nobody_hurt_is_property_destruction(pipeline: Pipeline) -> None:
    text = "On 10 June 2025, an anarchist cell carried out an arson attack on a warehouse in Sibi, causing damage."
    [event] = pipeline.extract([Article(id="t", text=text, published=PUBLISHED)])
    assert (event.event_type, event.sub_event_type) == ("Strategic developments", "Looting/property destruction")
