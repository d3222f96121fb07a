"""ACLED typing from trigger classes, each case quoting the codebook rule it checks."""

from __future__ import annotations

from sitrep.extract.classify import classify, disorder_type, event_rank


def typed(labels: set[str], **kw: object) -> tuple[str, str]:
    result = classify(labels, **kw)  # type: ignore[arg-type]
    assert result is not None
    return result.event_type, result.sub_event_type


def test_a_grenade_with_no_battle_is_explosions_grenade() -> None:
    # "A grenade thrown at a target with no ensuing battle is Explosions/Remote violence / Grenade."
    assert typed({"grenade", "attack"}, target="armed") == ("Explosions/Remote violence", "Grenade")


def test_a_repelled_assault_on_a_post_is_an_armed_clash() -> None:
    # "Attacks on police stations, posts ... where security forces fight back, are Battles / Armed clash."
    assert typed({"clash", "attack"}) == ("Battles", "Armed clash")


def test_the_target_decides_between_battle_and_violence_against_civilians() -> None:
    assert typed({"attack"}, target="armed") == ("Battles", "Armed clash")
    assert typed({"attack"}, target="civilian") == ("Violence against civilians", "Attack")


def test_an_abduction_attempt_is_violence_against_civilians() -> None:
    assert typed({"abduction"}) == ("Violence against civilians", "Abduction/forced disappearance")


def test_shelling_inside_a_battle_is_one_battles_event() -> None:
    # Hierarchy: Battles above Explosions/Remote violence.
    assert typed({"clash", "shelling"}) == ("Battles", "Armed clash")


def test_machine_guns_fired_with_shells_and_no_reply_are_shelling() -> None:
    # Codebook: shelling is one-sided long-range fire; an exchange of fire is an Armed clash.
    assert typed({"gunfire", "shelling"}) == ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert typed({"gunfire", "shelling", "clash"}) == ("Battles", "Armed clash")
    assert typed({"gunfire"}) == ("Battles", "Armed clash")
    assert typed({"gunfire", "protest"}) == ("Riots", "Violent demonstration")


def test_a_clash_fought_with_stones_outside_a_demonstration_is_mob_violence() -> None:
    # Codebook: a Battle needs organised armed groups; stone-throwing crowds clashing are Mob violence.
    assert typed({"clash", "riot"}, agent_inters=[5, 1]) == ("Riots", "Mob violence")
    assert typed({"clash", "riot"}, agent_inters=[2, 1]) == ("Battles", "Armed clash")  # rebels also fought


def test_demonstrations_by_what_happened_to_the_crowd() -> None:
    assert typed({"protest"}) == ("Protests", "Peaceful protest")
    assert typed({"protest", "intervention"}) == ("Protests", "Protest with intervention")
    assert typed({"protest", "riot"}) == ("Riots", "Violent demonstration")
    assert typed({"protest", "attack"}, civilian_deaths=True) == ("Protests", "Excessive force against protesters")


def test_territory_taken_by_the_state_or_a_non_state_actor() -> None:
    assert typed({"territory", "clash"}, agent_inters={1}) == ("Battles", "Government regains territory")
    assert typed({"territory", "clash"}, agent_inters={2}) == ("Battles", "Non-state actor overtakes territory")


def test_non_explosive_sabotage_is_property_destruction() -> None:
    assert typed({"looting"}) == ("Strategic developments", "Looting/property destruction")


def test_no_trigger_class_gives_no_event() -> None:
    assert classify(set()) is None


def test_disorder_types_and_hierarchy_come_from_the_taxonomy_file() -> None:
    assert disorder_type("Battles", "Armed clash") == "Political violence"
    assert disorder_type("Protests", "Peaceful protest") == "Demonstrations"
    assert disorder_type("Strategic developments", "Arrests") == "Strategic developments"
    assert event_rank("Battles") < event_rank("Explosions/Remote violence") < event_rank("Violence against civilians")


def test_an_assault_on_a_post_is_a_battle_unless_a_suicide_bomber_leads_it() -> None:
    assert classify({"assault"}).sub_event_type == "Armed clash"
    led = classify({"assault", "suicide"})
    assert (led.event_type, led.sub_event_type) == ("Explosions/Remote violence", "Suicide bomb")
    assert classify({"assault", "suicide", "clash"}).sub_event_type == "Armed clash"
