"""News structure (issue 15): datelines, background, statements, captions and headline grammar.

Every text here is written for these tests: wire stories with datelines, background paragraphs,
quotes and cumulative tolls, and headlines in news grammar.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.extract.story import find_dateline
from sitrep.model import Article, Event
from sitrep.pipeline import Pipeline


def _code(pipeline: Pipeline, text: str, published: str = "2013-01-25", title: str = "") -> list[Event]:
    article = Article(id="t", text=text, published=dt.date.fromisoformat(published), title=title)
    return list(pipeline.code_one(article).events)


def _main(events: list[Event]) -> Event:
    assert events, "no event"
    return max(events, key=lambda e: e.fatalities)


# --- datelines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place", "day"),
    [
        ("KABUL, Afghanistan (Jan. 25, 2013)\nDuring an operation", "KABUL", dt.date(2013, 1, 25)),
        ("QUETTA, Pakistan (Reuters) - Militants attacked", "QUETTA", None),
        ("PAKTIKA PROVINCE, Afghanistan – Afghan forces", "PAKTIKA PROVINCE", None),
        ("Wed 23 Jan 2013 Bomb kills four in market", "", dt.date(2013, 1, 23)),
        ("Posted on January 20 2013 by a staff writer. Gunmen", "", dt.date(2013, 1, 20)),
        ("Ref 2013-01-S-9\n\nHERAT, Afghanistan (Jan. 24, 2013)\nForces", "HERAT", dt.date(2013, 1, 24)),
    ],
)
def test_dateline_is_read_with_its_place_and_day(text: str, place: str, day: dt.date | None) -> None:
    found = find_dateline(text, published=dt.date(2013, 1, 25))
    assert found is not None
    assert found.place == place
    assert found.date == day


def test_notes_and_summaries_have_no_dateline() -> None:
    assert find_dateline("On 6 May 2024, BLA militants attacked a post.", published=dt.date(2024, 5, 8)) is None
    assert find_dateline("Militants attacked a post in Kech on Monday.", published=dt.date(2024, 5, 8)) is None


WIRE_KABUL = (
    "KABUL, Afghanistan (Jan. 25, 2013)\n"
    "During a security operation in Andar district, Ghazni province, yesterday, an Afghan and coalition "
    "force killed a Taliban leader. The leader planned and conducted attacks against Afghan forces in the "
    "province, officials said."
)


def test_dateline_place_is_never_the_event_place(pipeline: Pipeline) -> None:
    events = _code(pipeline, WIRE_KABUL)
    assert events
    assert all(e.admin1 != "Kabul" and e.location != "Kabul" for e in events)
    assert _main(events).admin1 == "Ghazni"


def test_dateline_day_is_the_reference_for_yesterday(pipeline: Pipeline) -> None:
    events = _code(pipeline, WIRE_KABUL, published="2013-01-26")
    assert _main(events).event_date == dt.date(2013, 1, 24)


def test_a_statement_day_gives_way_to_the_act_day(pipeline: Pipeline) -> None:
    text = (
        "KANDAHAR, Afghanistan (Jan. 22, 2013)\n"
        "Today, Afghan and coalition forces confirmed a Taliban leader was arrested during an operation in "
        "Maiwand district, Kandahar province, Sunday."
    )
    events = _code(pipeline, text, published="2013-01-22")
    assert [e.event_date for e in events] == [dt.date(2013, 1, 20)]


# --- background is not an event -------------------------------------------------------------------

WIRE_ALEPPO = (
    "ALEPPO, Syria (AP) - A car bomb killed 14 people at a bus station in the Syrian city of Aleppo on "
    "Tuesday, a monitoring group said.\n"
    "The blast wounded dozens more, the group said.\n"
    "The war has killed more than 300,000 people since it began in March 2011.\n"
    "So far this year more than 2,000 civilians have died in the province, according to the group.\n"
    "Last March, a similar bombing in Damascus killed 40 people."
)


def test_cumulative_tolls_are_never_events(pipeline: Pipeline) -> None:
    events = _code(pipeline, WIRE_ALEPPO, published="2016-05-10")
    assert events
    assert max(e.fatalities for e in events) == 14
    assert all(e.fatalities < 300 for e in events)


def test_an_incident_recalled_from_long_ago_is_history(pipeline: Pipeline) -> None:
    events = _code(pipeline, WIRE_ALEPPO, published="2016-05-10")
    assert all(e.event_date >= dt.date(2016, 5, 1) for e in events)
    assert _main(events).story_role == "incident"


def test_a_record_ascribed_to_a_detainee_is_not_an_event(pipeline: Pipeline) -> None:
    text = (
        "KABUL, Afghanistan (Feb. 8, 2011)\n"
        "Afghan and coalition forces detained a Haqqani network leader during an operation in Sabari "
        "district, Khost province, yesterday. The leader coordinated and conducted IED attacks against "
        "Afghan and coalition forces, and is responsible for the ambush of a convoy that killed four soldiers."
    )
    events = _code(pipeline, text, published="2011-02-08")
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Arrests", 0)]


def test_a_recent_incident_recalled_keeps_its_day_and_is_background(pipeline: Pipeline) -> None:
    text = (
        "Militants stormed a police station in Kharan district on Saturday, killing three policemen, "
        "officials said. The attack came two days after a roadside bomb killed five soldiers in Turbat on "
        "Thursday."
    )
    events = _code(pipeline, text, published="2024-05-05")
    roles = {e.location: e.story_role for e in events}
    assert roles.get("Kharan") == "incident"
    assert roles.get("Turbat") == "background"


# --- statements and actor descriptions are not places ---------------------------------------------------------


def test_demonyms_and_foreign_capitals_in_statements_are_not_places(pipeline: Pipeline) -> None:
    text = (
        "Syrian government shelling killed nine people in the town of Douma on Sunday, a monitor said. "
        "Washington condemned the attack, and Moscow said it would study the reports."
    )
    events = _code(pipeline, text, published="2015-02-16")
    assert _main(events).location == "Douma"
    assert not any(e.country in {"United States", "Russia", "Iran"} for e in events)


# --- headline grammar ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "dead"),
    [
        ("Twin blasts kill 20 in Parachinar", 20),
        ("Bomb blast kills child, injures 5 in Peshawar", 1),
        ("Suicide attack on police kills 12 in Bannu", 12),
        ("Drone strike kills four suspected militants in North Waziristan", 4),
        ("Woman killed in shelling in Kotli", 1),
        ("Militant killed, three volunteers injured in Khyber", 1),
        ("Gunmen kill policeman in Quetta", 1),
        ("Rocket attack kills three in Kabul", 3),
        ("Roadside bomb kills two soldiers in Helmand", 2),
        ("Assailants shot and killed Naimatullah, the head of a local council, in Kandahar city on Monday.", 1),
        ("At least 30 people died when a suicide bomber blew himself up at a rally in Quetta", 30),
        ("Grenade attack wounds six in Karachi", 0),
        ("Police arrest 12 suspects after raid in Lahore", 0),
        ("Militants threaten to kill 5 hostages in Kunar", 0),
    ],
)
def test_headline_verbs_count_the_dead(pipeline: Pipeline, headline: str, dead: int) -> None:
    events = _code(pipeline, headline, published="2013-05-02")
    assert sum(e.fatalities for e in events) == dead


def test_a_bomb_at_a_rally_is_an_explosion_not_a_protest(pipeline: Pipeline) -> None:
    events = _code(pipeline, "At least 30 people died when a suicide bomber blew himself up at a rally in Quetta")
    assert _main(events).sub_event_type == "Suicide bomb"


def test_a_place_that_describes_an_actor_is_not_where_it_happened(pipeline: Pipeline) -> None:
    text = (
        "A US-led coalition air strike killed 12 civilians in the town of Manbij on Tuesday, the "
        "Britain-based Syrian Observatory for Human Rights said."
    )
    events = _code(pipeline, text, published="2016-07-20")
    assert [(e.location, e.country, e.fatalities) for e in events] == [("Manbij", "Syria", 12)]


def test_a_foreign_town_is_never_matched_by_an_alternate_name(pipeline: Pipeline) -> None:
    text = (
        "Government shelling killed seven people in Douma on Monday, the Syrian Observatory for Human "
        "Rights said, while state news agency SANA said rebels had fired mortars at Damascus."
    )
    events = _code(pipeline, text, published="2016-07-20")
    assert {e.country for e in events} == {"Syria"}


def test_a_photo_caption_is_no_incident_and_its_credit_closes_it(pipeline: Pipeline) -> None:
    text = (
        "Published July 19 2016 A fighter walks through the ruins of Manbij after it was taken on July 1 2016. "
        "(Reuters Photo) Air strikes on two villages near Manbij killed at least 20 civilians on Tuesday, "
        "activists said."
    )
    events = _code(pipeline, text, published="2016-07-19")
    assert [(e.event_date, e.fatalities) for e in events] == [(dt.date(2016, 7, 19), 20)]


@pytest.mark.parametrize(
    ("headline", "admin1"),
    [
        ("Woman killed in Indian shelling in Pakistani Kashmir", "Azad Jammu and Kashmir"),
        ("Militants attacked a police post in Indian Kashmir, killing two", "Jammu and Kashmir"),
        ("Six soldiers killed in clash in Pakistan's Orakzai Agency", "Khyber Pakhtunkhwa"),
    ],
)
def test_a_side_named_region_and_a_tribal_agency_place_the_event(
    pipeline: Pipeline, headline: str, admin1: str
) -> None:
    assert _main(_code(pipeline, headline, published="2013-05-02")).admin1 == admin1


@pytest.mark.parametrize(
    ("headline", "admin1"),
    [
        ("Two Pakistani civilians killed, five injured in Kashmir shelling", "Azad Jammu and Kashmir"),
        ("Two Indian soldiers killed in Kashmir gunfight", "Jammu and Kashmir"),
        ("Suspect militant arrested in Pakistan's Karachi - report", "Sindh"),
    ],
)
def test_a_divided_region_takes_the_storys_side_and_a_spaced_dash_ends_a_name(
    pipeline: Pipeline, headline: str, admin1: str
) -> None:
    assert _main(_code(pipeline, headline, published="2013-05-02")).admin1 == admin1


def test_a_weapon_named_as_a_trade_or_supplies_is_no_blast_and_a_captured_leader_is_arrested(
    pipeline: Pipeline,
) -> None:
    text = (
        "KABUL, Afghanistan (Nov. 22, 2010)\n"
        "Afghan and coalition forces captured a Taliban IED facilitator during an operation in Zurmat "
        "district, Paktiya province, yesterday. The facilitator provided explosives and supplies to an "
        "explosives cell operating in the province. No shots were fired."
    )
    events = _code(pipeline, text, published="2010-11-22")
    assert [(e.sub_event_type, e.admin1, e.event_date) for e in events] == [
        ("Arrests", "Paktia", dt.date(2010, 11, 21))
    ]


# --- a target's record, a war's toll ----------------------------------------------------------------


@pytest.mark.parametrize(
    "record",
    [
        "captured a Taliban leader who led roadside bomb and direct fire attacks, in Khost province, Saturday.",
        "captured a suicide attack planner in Khost province on Saturday.",
        "captured a Taliban leader active in roadside bomb attacks in Khost province on Saturday.",
        "captured a facilitator of explosives in Khost province on Saturday.",
    ],
)
def test_acts_of_a_captured_mans_record_do_not_type_the_arrest(pipeline: Pipeline, record: str) -> None:
    text = f"KABUL, Afghanistan (Oct. 17, 2010)\nAn Afghan and coalition security force {record} No shots were fired."
    events = _code(pipeline, text, published="2010-10-17")
    assert [(e.sub_event_type, e.admin1) for e in events] == [("Arrests", "Khost")]


def test_a_habit_told_in_the_present_is_no_blast(pipeline: Pipeline) -> None:
    text = (
        "KABUL, Afghanistan (Feb. 7, 2012)\nIn Maiwand district, Kandahar province, an Afghan and coalition "
        "security force detained three suspected insurgents during an operation today. The leader they sought "
        "conducts direct-fire and roadside bomb attacks."
    )
    events = _code(pipeline, text, published="2012-02-07")
    assert {e.sub_event_type for e in events} == {"Arrests"}


@pytest.mark.parametrize(
    "war_toll",
    [
        "According to a research centre, the six-year conflict has caused more than 470000 deaths in the country.",
        "The war began in 2011. Since then more than a quarter of a million people have been killed.",
    ],
)
def test_a_toll_whose_subject_is_the_war_or_counted_since_then_is_not_the_incidents(
    pipeline: Pipeline, war_toll: str
) -> None:
    text = (
        "15 Aug 2016 A suicide bomber blew himself up on a bus near the Atmeh crossing in Idlib province on "
        f"Monday, killing at least 15 people. {war_toll}"
    )
    events = _code(pipeline, text, published="2016-08-15")
    assert _main(events).fatalities == 15
    assert sum(e.fatalities for e in events) == 15


# --- names that are no places in a news story -------------------------------------------------------


def test_a_country_only_a_lone_name_points_to_is_no_context(pipeline: Pipeline) -> None:
    """SANA (the Syrian news agency; an alternate name of Sanaa), "Most" opening a quote and an
    office title ("Secretary", a town in Maryland) leave the story in Syria."""
    text = (
        "Wed Feb 3 2016 Rocket Attacks Kill 10 Civilians In Daraa. Rocket attacks killed 10 civilians in "
        'Daraa city on Wednesday, the hospital director told SANA. "Most of the buildings were damaged," he '
        "said. The U.N. Secretary-General condemned the attack."
    )
    events = _code(pipeline, text, published="2016-02-03")
    assert {e.country for e in events} == {"Syria"}
    assert _main(events).fatalities == 10
    assert _main(events).admin1.startswith("Dar")  # Daraa (GeoNames) or Dara'a (ACLED), not Sanaa


def test_a_town_written_without_its_arabic_article_is_found() -> None:
    from sitrep.geo.text import article_forms

    assert article_forms("qamishli") == ("al qamishli",)
    assert article_forms("salamiyah") == ("as salamiyah", "al salamiyah")
    assert article_forms("al hasakah") == ("hasakah",)
    assert article_forms("deir ez zor") == ()


def test_a_twin_bombing_in_a_town_named_without_its_article_is_placed_there(pipeline: Pipeline) -> None:
    text = (
        "Published July 27 2016 A twin bombing struck the town of Qamishli in northern Syria on Wednesday, "
        "killing 44 people, Kurdish media reported."
    )
    events = _code(pipeline, text, published="2016-07-27")
    assert (_main(events).location, _main(events).admin1) == ("Al Qamishli", "Al-Hasakeh")


def test_a_district_beside_its_province_wins_over_a_foreign_namesake(pipeline: Pipeline) -> None:
    text = "On 15 March 2020, a policeman turned on his colleagues, killing 4 policemen in Zhari district, Kandahar."
    events = _code(pipeline, text, published="2020-03-16")
    assert {(e.country, e.admin1) for e in events} == {("Afghanistan", "Kandahar")}


@pytest.mark.parametrize(
    ("headline", "fatalities"),
    [
        ("Militants kill police officer in northwest Pakistan", 1),
        ("Bombing kills senior Afghan Taliban official in Quetta", 1),
        ("Four soldiers, 20 militants killed in clashes in North Waziristan", 24),
    ],
)
def test_headline_victims_without_article_or_joined_by_commas_are_counted(
    pipeline: Pipeline, headline: str, fatalities: int
) -> None:
    assert _main(_code(pipeline, headline, published="2014-05-14")).fatalities == fatalities


def test_a_bomb_that_targets_a_protest_is_an_explosion_not_the_protest(pipeline: Pipeline) -> None:
    text = (
        "A suicide bomber detonated an explosives-laden vest targeting a gathering of protesters in Jalalabad, "
        "Nangarhar, on Monday. Twenty people were killed."
    )
    events = _code(pipeline, text, published="2018-01-05")
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Suicide bomb", 20)]


def test_the_seat_of_a_government_is_not_where_its_forces_struck(pipeline: Pipeline) -> None:
    text = (
        "Date of publication 5 April 2017 Warplanes struck the town of Khan Sheikhoun in Idlib province on "
        "Tuesday, killing at least 58 people. There was no comment from the regime in Damascus."
    )
    events = _code(pipeline, text, published="2017-04-05")
    assert {e.admin1 for e in events} == {"Idleb"}  # ACLED spelling


def test_a_toll_placed_only_in_the_country_goes_to_the_storys_province(pipeline: Pipeline) -> None:
    text = (
        "Published July 19 2016 Air strikes killed at least 21 civilians in Syria on Monday, a monitor said. "
        "The strikes hit villages near Manbij in Aleppo province, where fighting has raged for weeks."
    )
    main = _main(_code(pipeline, text, published="2016-07-19"))
    assert (main.country, main.admin1, main.fatalities) == ("Syria", "Aleppo", 21)


def test_a_war_toll_told_in_a_relative_clause_is_not_the_incidents(pipeline: Pipeline) -> None:
    text = (
        "Published Oct 20 2016 Air strikes killed 21 people in eastern Aleppo on Thursday, a monitor said. "
        "The city has been devastated by the five-year civil war that began with protests and has since "
        "killed more than 300000 people."
    )
    events = _code(pipeline, text, published="2016-10-20")
    assert _main(events).fatalities == 21


def test_a_days_toll_told_without_a_place_updates_the_incident_that_has_one(pipeline: Pipeline) -> None:
    """Not split with another event of the day that has no toll of its own."""
    text = (
        "Date of publication 27 July 2016 A truck bomb killed 12 people in Qamishli on Wednesday. Clashes also "
        "broke out in Manbij on Wednesday. Kurdish police later put the death toll at 16."
    )
    events = _code(pipeline, text, published="2016-07-27")
    assert _main(events).fatalities == 16
    assert sum(e.fatalities for e in events) == 16


@pytest.mark.parametrize(
    "note",
    [
        "On 18 February 2022, police baton charged medical students protesting at Quetta city (Balochistan).",
        "On 15 October 2022, police used baton charge against protesting doctors holding a sit-in at Quetta city "
        "(Balochistan).",
    ],
)
def test_a_baton_charge_is_no_criminal_charge_and_the_protest_stays(pipeline: Pipeline, note: str) -> None:
    events = _code(pipeline, note, published="2022-10-16")
    assert [e.sub_event_type for e in events] == ["Protest with intervention"]
