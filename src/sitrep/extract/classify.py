"""Type an event: from its trigger classes, its target and its actors to ACLED's type and sub-type.

The decision follows the ACLED Codebook 2023 ("Event types and sub-event types"), checked in this
order, so a unit with several tactics takes the highest in the hierarchy:

1. Demonstrations: a protest trigger makes the unit a demonstration; violence by the crowd makes it
   a Violent demonstration (Riots), lethal or serious violence against the crowd Excessive force
   against protesters, and its dispersal or arrest a Protest with intervention.
2. Mob violence: a mob or communal crowd acting outside a demonstration (Riots).
3. Battles: an explicit fight (clash, gunbattle, repelled or foiled assault on a post) or violence
   aimed at an armed actor; a change of control is Government regains territory or Non-state actor
   overtakes territory by who took it.
4. Explosions/Remote violence: suicide bomb, chemical weapon, air/drone strike, shelling, grenade,
   remote explosive — in that order of precedence.
5. Violence against civilians: sexual violence, abduction, or an attack on civilians.
6. Strategic developments: agreement, arrests, weapons seized, looting/property destruction,
   base established, non-violent transfer of territory, change to group/activity, other.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

from sitrep.resources import load_toml
from sitrep.vocab.taxonomy import TAXONOMY_FILE, EventType

__all__ = ["Typing", "classify", "disorder_type", "event_rank"]


# Explosive trigger classes, in order of precedence, with their sub-event type.
EXPLOSIVE = (
    ("suicide", "Suicide bomb"),
    ("chemical", "Chemical weapon"),
    ("air", "Air/drone strike"),
    ("shelling", "Shelling/artillery/missile attack"),
    ("grenade", "Grenade"),
    ("ied", "Remote explosive/landmine/IED"),
)
# Strategic development trigger classes, in order of precedence, with their sub-event type.
STRATEGIC = (
    ("agreement", "Agreement"),
    ("weapons", "Disrupted weapons use"),
    ("arrest", "Arrests"),
    ("looting", "Looting/property destruction"),
    ("base", "Headquarters or base established"),
    ("transfer", "Non-violent transfer of territory"),
    ("change", "Change to group/activity"),
    ("other", "Other"),
)
# Trigger classes that say an operation fought rather than only detained.
FOUGHT = frozenset({"clash", "gunfire", "kill", "attack", "air", "shelling", "ied", "suicide", "grenade", "territory"})
STATE_INTER = 1
# ACLED inter codes of organised armed groups other than the state: rebels, political and identity
# militias, external forces.
ARMED_GROUP_INTERS = frozenset({2, 3, 4, 8})
CROWD_INTERS = frozenset({5, 7})  # rioters, civilians: people acting as a crowd, not an armed group


@dataclass(frozen=True, slots=True)
class Typing:
    """An ACLED type decision and the trigger classes that decided it."""

    event_type: str
    sub_event_type: str
    decided_by: tuple[str, ...]


def classify(
    labels: Collection[str],
    *,
    target: str = "",
    agent_inters: Collection[int] = (),
    civilian_deaths: bool = False,
    crowd: bool = False,
) -> Typing | None:
    """Type one event unit from the trigger classes found in it.

    labels (Collection[str]): trigger classes of the unit (data/lexicons/triggers.toml labels).
    target (str): "armed", "civilian" or "" — whom the violence was aimed at.
    agent_inters (Collection[int]): ACLED inter codes of the actors who acted.
    civilian_deaths (bool): the text reports civilians (protesters) killed.
    crowd (bool): the violence was done by an unorganised crowd (villagers, youths, two groups).
    RETURNS (Typing | None): None when the labels describe no codable event.
    """
    has = set(labels)
    if "assault" in has:
        # an assault on a post is a battle, unless a suicide bomber leads it (the explosion decides)
        has.discard("assault")
        if "suicide" not in has:
            has.add("clash")
    if "operation" in has:
        # an operation that only detained people is an arrest; one that fought or killed is a battle
        if "arrest" in has and not has & FOUGHT:
            return Typing(EventType.STRATEGIC_DEVELOPMENTS, "Arrests", ("arrest", "operation"))
        has.add("clash")
    if "gunfire" in has:
        if "shelling" in has and "clash" not in has and "protest" not in has:
            # machine guns or IFVs fired along with shells or rockets, and nobody fired back: one-sided
            # long-range fire (Codebook: Shelling/artillery/missile attack; an exchange is a clash)
            return Typing(EventType.EXPLOSIONS, "Shelling/artillery/missile attack", ("shelling", "gunfire"))
        has.add("clash")  # otherwise gunfire is fighting
    if "protest" in has:
        return _demonstration(has, target=target, civilian_deaths=civilian_deaths)
    if "mob" in has:
        return Typing(EventType.RIOTS, "Mob violence", ("mob",))
    if "riot" in has and not has & {"clash", "air", "shelling", "ied", "suicide"}:
        return Typing(EventType.RIOTS, "Violent demonstration", ("riot",))
    if "territory" in has and ("clash" in has or "attack" in has or target == "armed"):
        state = STATE_INTER in agent_inters
        sub = "Government regains territory" if state else "Non-state actor overtakes territory"
        return Typing(EventType.BATTLES, sub, ("territory",))
    if "clash" in has:
        if (crowd or "riot" in has) and not set(agent_inters) & ARMED_GROUP_INTERS:
            # a fight of unorganised people (two groups, villagers, workers against the police), or
            # one fought with stones, is Mob violence: a Battle needs organised armed groups on both
            # sides (Codebook, Battles)
            return Typing(EventType.RIOTS, "Mob violence", ("clash",) + (("riot",) if "riot" in has else ()))
        return Typing(EventType.BATTLES, "Armed clash", ("clash",))
    if "weapons" in has and not has & {"clash", "kill", "attack", "suicide"}:
        # a bomb defused, explosives or mortar shells seized, a missile intercepted: the weapon was
        # not used as intended (Codebook, Disrupted weapons use), whatever kind of weapon it was
        return Typing(EventType.STRATEGIC_DEVELOPMENTS, "Disrupted weapons use", ("weapons",))
    for label, sub in EXPLOSIVE:
        if label in has:
            return Typing(EventType.EXPLOSIONS, sub, (label,))
    if "looting" in has and not has & {"kill", "clash"} and target != "armed":
        # arson or damage, with no explosive, nobody killed and no fight: Looting/property
        # destruction (Codebook, Strategic developments), also when the words call it an "arson attack"
        return Typing(EventType.STRATEGIC_DEVELOPMENTS, "Looting/property destruction", ("looting",))
    violent = has & {"kill", "attack"}
    if (violent or "clash" in has) and (crowd or (agent_inters and set(agent_inters) <= CROWD_INTERS)):
        # Mob violence: unorganised people (villagers, a crowd) attack someone outside a demonstration
        return Typing(EventType.RIOTS, "Mob violence", tuple(violent | (has & {"clash"})))
    if "sexual" in has:
        return Typing(EventType.VIOLENCE_AGAINST_CIVILIANS, "Sexual violence", ("sexual",))
    if "abduction" in has and "kill" not in has:
        return Typing(EventType.VIOLENCE_AGAINST_CIVILIANS, "Abduction/forced disappearance", ("abduction",))
    # An abduction followed by a killing is an attack (hierarchy): the killing decides.
    if violent and target == "armed":
        return Typing(EventType.BATTLES, "Armed clash", tuple(violent))
    if "kill" in has or ("attack" in has and not has & {"arrest", "looting", "weapons", "agreement"}):
        return Typing(EventType.VIOLENCE_AGAINST_CIVILIANS, "Attack", tuple(violent))
    if "territory" in has:
        return Typing(EventType.STRATEGIC_DEVELOPMENTS, "Non-violent transfer of territory", ("territory",))
    for label, sub in STRATEGIC:
        if label in has:
            return Typing(EventType.STRATEGIC_DEVELOPMENTS, sub, (label,))
    if "attack" in has:
        return Typing(EventType.VIOLENCE_AGAINST_CIVILIANS, "Attack", ("attack",))
    return None


def _demonstration(has: set[str], *, target: str, civilian_deaths: bool) -> Typing:
    if "riot" in has:
        return Typing(EventType.RIOTS, "Violent demonstration", ("protest", "riot"))
    if civilian_deaths or ("kill" in has and target == "civilian"):
        return Typing(EventType.PROTESTS, "Excessive force against protesters", ("protest", "kill"))
    if has & {"clash", "kill"} and "intervention" not in has:
        return Typing(EventType.RIOTS, "Violent demonstration", ("protest", "clash"))
    if has & {"intervention", "arrest"}:  # dispersed or detained: the codebook's intervention
        return Typing(
            EventType.PROTESTS, "Protest with intervention", ("protest", *sorted(has & {"intervention", "arrest"}))
        )
    return Typing(EventType.PROTESTS, "Peaceful protest", ("protest",))


@cache
def _taxonomy() -> tuple[dict[str, str], dict[str, int], dict[str, str]]:
    raw = load_toml(TAXONOMY_FILE)
    disorder = {t["name"]: t["disorder_type"] for t in raw["event_type"]}
    rank = {t["name"]: int(t["rank"]) for t in raw["event_type"]}
    return disorder, rank, dict(raw.get("disorder_override", {}))


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED ``disorder_type`` of a (type, sub-type) pair (codebook, "Disorder types")."""
    disorder, _, override = _taxonomy()
    return override.get(sub_event_type, disorder[event_type])


def event_rank(event_type: str) -> int:
    """Position of an event type in the hierarchy (1 = highest; codebook, "Event type hierarchy")."""
    return _taxonomy()[1][event_type]
