"""Counts of people killed, found by a small token scan, and combined per event.

``find_fatalities(doc, article_id=...)`` reads each sentence of a spaCy ``Doc`` and returns one
``FatalityMention`` per count of people *killed*. A count is taken only when a death word is tied to it:

- after it, through its noun phrase and auxiliaries: "At least 10 soldiers were killed",
  "dozens of insurgents died", "two policemen and three militants were killed", "three fatalities",
  "five bodies", "12 people lost their lives", "a soldier was shot dead";
- right before it: "killed at least 37 attackers", "killing 41 insurgents", "kills 11",
  "the deaths of 10 soldiers", "managed to eliminate dozens of militants";
- in a toll: "the death toll rose to 15"; in an ACLED note: "Fatalities coded as 10";
- through a list sharing one predicate, whose counts on one side are added up ("4 policemen, 1 soldier
  and a child were killed": 5 state, 1 civilian), skipping a subset ("12 militants including 2
  commanders were killed": 12) and an apposition ("1 child, a shepherd, was killed": 1);
- with compound predicates ("were shot and killed", "was kidnapped and killed", "fatally shot") and,
  right after a death verb, one named person ("killed a tribal elder", "killing the man");
- bodies ("the body of a woman was found", "human remains of three men"), a participle phrase before a
  passive death ("a man driving a motorcycle was shot to death"), an unknown noun after a figure
  ("One dahalo was killed") and, only when nothing else counts, a reference back ("The victim died",
  "Both victims died", "Days later he died").

Never counted: injuries ("wounded 15", "5 killed or injured": casualties are not deaths, ACLED
codebook, Reported fatalities), other counts ("freed 30 inmates", "arrested 12", "attacks on 10 posts"),
ages ("a 25-year-old"), years, durations and designators ("Route 66"), counts introduced by "including"
when the sentence already has a total (they are a subset of it), hypotheticals ("could kill 5"), the
subject of an active death verb ("a policeman shot and killed a man": one), casualties ("killed,
injured or captured") and a killing given as a motive ("protest over the killing of a trader").

``side`` is read from the noun phrase: ``state`` (soldiers, police, security personnel, FC),
``rebel`` (militants, insurgents, terrorists, separatists, fighters), ``attacker`` (attackers, gunmen,
assailants, bombers), ``civilian`` (civilians, passengers, villagers, people, women, children) or
``unknown``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.extract.numbers import Quantity, parse_number, read_quantity
from sitrep.model import Evidence, FatalityMention, StatedSplit

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["NON_STATE_SIDES", "StatedSplit", "combine_fatalities", "find_fatalities", "find_stated_split", "side_of"]

logger = logging.getLogger(__name__)

# --- lexicons (lower-case token texts) ------------------------------------------------------------

_STATE = frozenset(
    "soldier soldiers troops troop trooper troopers policeman policemen policewoman policewomen "
    "police cop cops constable constables officer officers personnel army guard guards guardsmen "
    "paramilitary paramilitaries ranger rangers commando commandos sepoy sepoys jawan jawans levies "
    "fc servicemen serviceman sentry sentries marine marines airman airmen sailor sailors gendarme "
    "gendarmes colonel colonels lieutenant lieutenants sergeant sergeants corporal corporals inspector "
    "inspectors bodyguard bodyguards arbaki arbakis nds andsf ansf".split()
)
_STATE_MODIFIERS = frozenset("security police army military government paramilitary law".split())
_REBEL = frozenset(
    "militant militants insurgent insurgents terrorist terrorists rebel rebels separatist separatists "
    "fighter fighters jihadist jihadists extremist extremists guerrilla guerrillas guerillas "
    "combatant combatants taliban maoist maoists naxal naxals naxalite naxalites cadre cadres "
    "militia militias militiaman militiamen".split()
)
_MILITIA = frozenset({"militia", "militias", "militiaman", "militiamen"})
_ATTACKER = frozenset(
    "attacker attackers gunman gunmen assailant assailants bomber bombers raider raiders "
    "hijacker hijackers kidnapper kidnappers".split()
)
_CIVILIAN = frozenset(
    "civilian civilians passenger passengers villager villagers resident residents woman women "
    "child children girl girls boy boys worker workers labourer labourers laborers pilgrim pilgrims "
    "worshipper worshippers worshipers student students teacher teachers farmer farmers shopkeeper "
    "shopkeepers journalist journalists bystander bystanders commuter commuters tribesmen tribesman "
    "citizen citizens local locals youth youths teen teens teenager teenagers adolescent adolescents "
    "infant infants baby babies toddler toddlers elder elders doctor doctors nurse nurses driver drivers "
    "engineer engineers pastor pastors priest priests imam imams cleric clerics scholar scholars trader "
    "traders merchant merchants businessman businessmen herder herders herdsman herdsmen shepherd "
    "shepherds fisherman fishermen vendor vendors pedestrian pedestrians motorist motorists cook cooks "
    "refugee refugees migrant migrants relative relatives brother brothers sister sisters son sons "
    "daughter daughters wife wives husband husbands father fathers mother mothers nephew nephews "
    "cousin cousins companion companions friend friends colleague colleagues neighbour neighbours "
    "neighbor neighbors".split()
)
# Person nouns that say nothing about the side: a count still needs one of these or a side noun,
# or a death word, to be read as people.
_GENERIC_PERSON = frozenset(
    "people persons person man men individuals individual others member members victims victim them whom those".split()
)
# People named by their post, whose side the post alone does not give ("a district chief").
_POST_PERSON = frozenset(
    "leader leaders commander commanders chief chiefs official officials director directors head "
    "councilor councilors councillor councillors mayor mayors governor governors chairman chairmen "
    "spokesman spokesperson employee employees staffer staffers owner owners spy spies".split()
)
# People whose side the count alone does not settle (prisoners may be fighters, suspects anyone).
_OTHER_PERSON = frozenset(
    "prisoner prisoners inmate inmates detainee detainees hostage hostages captive captives suspect "
    "suspects protester protesters protestors demonstrator demonstrators rioter rioters".split()
)
# Words inside a noun phrase that the tagger may read as verbs: "two suspected ISGS fighters".
_NP_MODIFIERS = frozenset("suspected alleged armed unidentified unknown wanted so-called".split())
_GENERIC_CIVILIAN = frozenset({"people", "persons", "person", "man", "men", "individuals", "individual"})
# Nouns that are deaths themselves: "three fatalities", "five bodies".
_DEATH_NOUNS = frozenset("fatalities fatality deaths death dead bodies body corpses corpse".split())
# Death words after a count ("... were killed").
_DEATH_AFTER = frozenset(
    "killed died dead perished slain martyred executed beheaded lynched massacred murdered assassinated "
    "drowned electrocuted die dies".split()  # "die", "dies": a headline's present ("Two die in shelling")
)
# Death verbs right before a count ("killing 41").
_DEATH_BEFORE = frozenset(
    "killed killing kills slew slaying massacred massacring executed executing beheaded beheading "
    "murdered murdering eliminated eliminating neutralised neutralized neutralising neutralizing "
    "assassinated assassinating "
    "claimed claiming".split()
)
# Nouns before "of" and a count of people killed: "the deaths of 10", "the body of a woman".
_DEATH_OF = frozenset("deaths death bodies body corpse corpses remains killing killings massacre".split())


def _named_dead(toks: Sequence[_Tok], words: Sequence[str], i: int) -> int | None:
    """Where a named person's apposition ends, when the name is the subject of a death predicate
    ("Jan, an ANA official, was killed"; "Khan was shot dead"); else None."""
    if toks[i].pos != "PROPN" or not toks[i].is_title or toks[i].acronym:
        return None
    if i > 0 and (toks[i - 1].pos == "PROPN" or words[i - 1] in ("in", "of", "at", "near", "from", "to", "the")):
        return None  # not the start of a name, or a place
    k = i + 1
    while k < len(words) and k - i < 3 and toks[k].pos == "PROPN" and toks[k].is_title:
        k += 1
    np_end = k
    if k < len(words) and words[k] == ",":
        close = next((j for j in range(k + 1, min(len(words), k + 16)) if words[j] == ","), None)
        if close is None or words[k + 1] not in ("a", "an", "the"):
            return None
        k = close + 1
    if k < len(words) and words[k] == "was" and _death_after(words, k, agent=False) is not None:
        return np_end
    return None


def _bare_victim(toks: Sequence[_Tok], words: Sequence[str], i: int) -> int | None:
    """One person right after a death verb, with no article: a singular person noun, after the
    words that qualify it ("kills child", "kill police officer", "kills senior Afghan Taliban
    official"), or a name set off by a comma and a description ("killed Naimatullah, the head of").
    RETURNS the index past the phrase, or None."""
    k = i
    while (
        k + 1 < len(words)
        and k - i < 3
        and toks[k].pos in ("ADJ", "PROPN", "NOUN")
        and toks[k + 1].pos
        in (
            "NOUN",
            "PROPN",
        )
    ):
        k += 1  # "police officer", "Pak soldier", "senior Afghan Taliban official": the head is last
    w = words[k]
    if w in _PERSON_HEADS and w not in _PLURAL_PERSON and not (w.endswith("s") and not w.endswith("ss")):
        return k + 1
    if toks[i].pos != "PROPN" or not toks[i].is_title:
        return None
    k = i + 1
    while k < len(words) and k - i < 3 and toks[k].pos == "PROPN" and toks[k].is_title:
        k += 1
    return i + 1 if k + 1 < len(words) and words[k] == "," and words[k + 1] in ("the", "a", "an") else None


# Livestock and animals: a count of them killed is not a fatality.
_ANIMALS = frozenset(
    "cattle cow cows goat goats sheep camel camels livestock animal animals donkey donkeys horse horses "
    "dog dogs bull bulls ox oxen pig pigs chicken chickens head elephant elephants lion lions".split()
)
_IRREGULAR_HIT = frozenset({"shot", "hit", "struck"})  # "fatally shot the leader"
_BASE_VERBS = frozenset({"kill", "eliminate", "neutralise", "neutralize"})
_CAN_DO = frozenset({"managed", "able", "succeeded"})
# Base-form death verbs a headline uses in the present ("Gunmen kill two"), unless a word before
# them says the killing is not asserted ("to kill", "could kill", "did not kill").
_HEADLINE_VERBS = frozenset({"kill", "slay"})
_NOT_ASSERTED = frozenset(
    "to will would could can cannot may might must should shall not never did do does didn't don't doesn't "
    "threaten threatened threatens vow vowed vows".split()
)
_INJURY = frozenset("wounded injured hurt injuring wounding injuries wounds injury".split())
_AUX_SKIP = frozenset(
    "were was have has had been being are is be reportedly also all allegedly later subsequently "
    "each both mostly confirmed reported believed feared said thought to presumed found among "
    "either instantly immediately".split()
)
_TOLL_SKIP = frozenset(
    "rose risen rises has had have climbed climbs reached reaches stood stands jumped increased now "
    "to at of is was".split()
)
_PERSON_HEADS = (
    _STATE | _REBEL | _ATTACKER | _CIVILIAN | _GENERIC_PERSON | _OTHER_PERSON | _POST_PERSON | {"forces", "force"}
)
# Person nouns that are plural without a final "s": "his men" is not one person.
_PLURAL_PERSON = frozenset(
    "men women children people police personnel troops forces militia militiamen gendarmes staff".split()
)
_VAGUE_MARKERS = frozenset("unspecified unknown several dozens many number few some".split())
_CLAIM = frozenset({"claimed", "claiming", "claims", "claim", "took", "taking", "take", "takes", "cost", "costing"})
_MONTHS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july "
    "august september october november december".split()
)
_SUBSET = frozenset({"including", "included", "them"})  # "..., including 3 soldiers"; "among them 3"
# Tokens after a figure that make it something other than a head count.
_NOT_PEOPLE = frozenset(
    "year years yr yrs old percent % per km kilometres kilometers kilometre kilometer miles mile metres "
    "meters hours hour days day weeks week months month minutes minute seconds am pm a.m. p.m. times "
    "rupees dollars usd rs tonnes kg o'clock st nd rd th".split()
)
# Verbs that kill their object "to death" ("stabbed a man to death"); "sentenced" is not one of them.
_TO_DEATH_VERBS = frozenset(
    "stabbed beat beaten shot tortured hacked burned burnt stoned clubbed bludgeoned lynched strangled "
    "kicked trampled crushed mauled battered".split()
)
_OBJECT_START = frozenset({"a", "an", "the", "his", "her", "their", "him", "them", "its", "another"})
_MOTIVE = frozenset(
    "over against for about condemn condemned condemning protest protested protesting denounce "
    "denounced denouncing demanding demand justice involved relation avenge revenge retaliation".split()
)
_ARTICLES = frozenset({"a", "an", "another"})
_POSSESSIVES = frozenset({"his", "her", "their"})
_DEFINITE = _POSSESSIVES | {"the"}
_AGENT_SUFFIXES = ("er", "or", "ist", "ian", "man")
_NOT_AGENTS = frozenset(
    "border number water power order corner quarter center tractor motor sector floor door corridor "
    "helicopter computer container trailer tanker letter paper matter weather summer winter manner "
    "member chamber december november october september error terror minor major anchor factor "
    "mirror interior exterior headquarter tower shelter character counter sticker poster marker "
    "layer folder holder cylinder launcher rocket chapter barrier monitor operation".split()
)
_NP_POS = frozenset({"NOUN", "PROPN", "ADJ", "NUM", "DET", "PART", "X", "SYM"})
_NP_ADP = frozenset({"of", "from", "belonging"})

NON_STATE_SIDES = frozenset({"rebel", "attacker"})


def side_of(words: Sequence[str]) -> str:
    """Side of a noun phrase, from its lower-case words ("security personnel" -> "state").

    The first word that names a side wins; generic person words ("people", "men") count as civilians
    only when nothing more specific is there. RETURNS (str): state, rebel, attacker, civilian, unknown.
    """
    generic = False
    for k, w in enumerate(words):
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if w in _STATE_MODIFIERS and nxt in (
            "personnel", "forces", "force", "officials", "men", "officers", "agencies", "guards",
            "fatality", "fatalities", "deaths", "casualties",
        ):  # fmt: skip
            return "state"
        if nxt in _MILITIA and (w == "uprising" or (w == "government" and "anti" not in words[max(0, k - 2) : k])):
            return "state"  # militias fighting for the state: "pro-government militia", "Uprising militiamen"
        if w in ("forces", "force") and not any(x in _REBEL for x in words[:k]):
            return "state"
        if w in _STATE:
            return "state"
        if w in _REBEL:
            return "rebel"
        if w in _ATTACKER or (w == "suicide" and k + 1 < len(words) and words[k + 1].startswith("bomb")):
            return "attacker"
        if w in _CIVILIAN:
            return "civilian"
        if w in _GENERIC_CIVILIAN:
            generic = True
    return "civilian" if generic else "unknown"


@dataclass(slots=True)
class _Phrase:
    """A count and the noun phrase after it, as token indices within one sentence."""

    qty: Quantity
    np_end: int  # index just past the noun phrase
    person: bool  # the phrase names people
    death_noun: bool  # the phrase is itself a death noun ("fatalities", "bodies")
    thing: bool  # the phrase has a common noun that is neither a person nor a death ("3 vehicles")
    words: tuple[str, ...]
    singular: bool = False  # its person noun is singular ("guard", not "guards" or "men")
    article: bool = False  # the count is an article or determiner ("a soldier", "his guard"), not a figure

    @property
    def people(self) -> bool:
        """The count can be read as people: a person noun, a death noun, or no common noun at all."""
        return self.person or self.death_noun or not self.thing


def _person_like(w: str) -> bool:
    """An agent noun not in the lexicons: "a revenue collector", "an economic operator", "a pharmacist"."""
    return w.endswith(_AGENT_SUFFIXES) and w not in _NOT_AGENTS and len(w) > 4


def _noun_phrase(toks: Sequence[_Tok], words: Sequence[str], start: int) -> tuple[int, bool, bool, bool, bool]:
    """Scan the noun phrase after a count.

    RETURNS (end, names_people, is_death_noun, names_a_thing, person_noun_is_singular).
    """
    person = False
    death = False
    thing = False
    singular = False
    j = start
    n = len(words)
    while j < n and j - start < 8:
        w = words[j]
        if w in _DEATH_AFTER and w != "dead" or (j > start and w.isdecimal()):
            break  # a verb, or the next count: "as a result 3 militants"
        if w in _DEATH_NOUNS:
            death = True
            j += 1
            continue
        if (
            w in _PERSON_HEADS
            and w not in ("forces", "force")
            or (w in ("forces", "force") and j > start)
            or (toks[j].pos == "NOUN" and _person_like(w) and not (j + 1 < n and toks[j + 1].pos == "NOUN"))
        ):
            if not person:
                singular = not w.endswith("s") and w not in _PLURAL_PERSON
            person = True
            j += 1
            continue
        if w in _NP_ADP or w in _NP_MODIFIERS or w in ("-", "’s", "'s", "the", "their", "its") or toks[j].acronym:
            j += 1
            continue
        if toks[j].pos in _NP_POS and w not in _INJURY and w not in ("and", "or"):
            if toks[j].pos == "NOUN" and not (j + 1 < n and words[j + 1] in _PERSON_HEADS):
                thing = True  # a head noun that names no person ("vehicles"); modifiers do not count
            j += 1
            continue
        break
    return j, person, death, thing, singular


class _Tok:
    __slots__ = ("pos", "is_title", "acronym", "idx", "end")

    def __init__(self, pos: str, is_title: bool, acronym: bool, idx: int, end: int) -> None:
        self.pos = pos
        self.is_title = is_title
        self.acronym = acronym  # "IS", "BLA", "FC": never a verb here
        self.idx = idx
        self.end = end


def _phrase_at(toks: Sequence[_Tok], words: Sequence[str], i: int, *, definite: bool = False) -> _Phrase | None:
    """The count starting at token ``i`` and its noun phrase, or None.

    definite: also read "the/his/her/their" + a singular person noun as one ("killing the man",
    "a commander and his guard"), and "his 2 bodyguards" as the figure.
    """
    qty = read_quantity(words, i)
    article = False
    definite_article = False
    if qty is None:
        if definite and words[i] in _POSSESSIVES and i + 1 < len(words):
            inner = read_quantity(words, i + 1)
            if inner is not None and not inner.vague:
                qty = Quantity(low=inner.low, best=inner.best, high=inner.high, start=i, end=inner.end)
        if qty is not None:
            pass
        elif (words[i] in _ARTICLES or (definite and words[i] in _DEFINITE)) and i + 1 < len(words):
            qty = Quantity(low=1, best=1, high=1, start=i, end=i + 1)
            article = True
            definite_article = words[i] not in _ARTICLES
        elif definite and (bare_end := _bare_victim(toks, words, i)) is not None:
            # a headline drops the article: "Bomb blast kills child", "Gunmen kill policeman"; and a
            # named victim is one person: "shot and killed Naimatullah, the head of the council"
            qty = Quantity(low=1, best=1, high=1, start=i, end=i + 1)
            return _Phrase(
                qty=qty, np_end=bare_end, person=True, death_noun=False, thing=False, words=tuple(words[i:bare_end])
            )
        elif _named_dead(toks, words, i) is not None:
            # a named person said to have died: "Jan, an Afghan National Army official, was killed",
            # "Khan was shot dead", "Mohammad, the head of a council, died"
            np_end = _named_dead(toks, words, i) or i + 1
            qty = Quantity(low=1, best=1, high=1, start=i, end=i + 1)
            return _Phrase(qty=qty, np_end=np_end, person=True, death_noun=False, thing=False, words=(words[i],))
        elif i == 0 or words[i - 1] in (";", ":", "-", "–", "—"):
            # a headline's bare subject is one person: "Woman killed in shelling", "Pakistani
            # civilian killed", "Militant killed, three injured"
            if words[i] in _ARTICLES or words[i] in _DEFINITE:
                return None  # a determiner: not a headline's bare subject ("The army campaigns killed")
            np_end, person, _death, _thing, singular = _noun_phrase(toks, words, i)
            head = words[np_end - 1] if np_end > i else ""
            if not (person and singular and (head in _PERSON_HEADS or _person_like(head))):
                return None
            if _death_after(words, np_end, agent=False) is None:
                return None
            qty = Quantity(low=1, best=1, high=1, start=i, end=i)
            return _Phrase(
                qty=qty, np_end=np_end, person=True, death_noun=False, thing=False, words=tuple(words[i:np_end])
            )
        else:
            return None
    if qty.end < len(words) and (
        words[qty.end] in _NOT_PEOPLE
        # a day of a month, also when the tokenizer glued a range to it: "3 May", "3 May-4 May"
        or (words[qty.end].split("-", 1)[0] in _MONTHS and toks[qty.end].is_title)
    ):
        return None
    if qty.end + 1 < len(words) and words[qty.end] == "-" and words[qty.end + 1] in _NOT_PEOPLE:
        return None
    first = words[qty.start]
    if first.isdecimal() and len(first) == 4 and 1800 <= int(first) <= 2100:
        return None  # a year
    if i > 1 and toks[i - 1].is_title and words[i - 1] not in _DEATH_BEFORE and words[i - 1].isalpha():
        return None  # a designator: "Route 66", "Flight 17"
    if i > 0 and words[i - 1] in ("no", "not"):
        return None
    np_end, person, death, thing, singular = _noun_phrase(toks, words, qty.end)
    if article and not person and _killed_alone(toks, words, qty.end, np_end):
        person = singular = True  # only a person is "killed": "a judge was killed", "a sarpanch was shot dead"
        thing = False
    if article and not person:
        return None  # "a" counts one only before a person noun: "a soldier was killed"
    if definite_article and not singular:
        return None  # "the soldiers", "his men": no count
    if np_end > qty.end and words[np_end - 1] in ("lives", "life"):
        # "claimed 12 lives" is a death count, "saved 12 lives" is not
        death = qty.start > 0 and words[qty.start - 1] in _CLAIM
        thing = not death
    return _Phrase(
        qty=qty,
        np_end=np_end,
        person=person,
        death_noun=death,
        thing=thing,
        words=tuple(words[qty.end : np_end]),
        singular=singular,
        article=article,
    )


def _death_after(words: Sequence[str], j: int, *, agent: bool = True) -> int | None:
    """If a death predicate starts at or after ``j`` (past auxiliaries), return the index past it.

    agent: the count before ``j`` names people who could be the subject of an active verb, so
    "a policeman shot and killed a man" does not count the policeman ("1 killed 3 injured" does).
    """
    n = len(words)
    k = j
    skipped = 0
    while k < n and words[k] in _AUX_SKIP and skipped < 6:
        k += 1
        skipped += 1
    if k >= n:
        return None
    w = words[k]
    end: int | None = None
    if w in _DEATH_AFTER:
        end = k + 1
    elif k + 2 < n and words[k + 1] == "and" and words[k + 2] in _DEATH_AFTER and w not in _INJURY:
        end = k + 3  # "shot and killed", "kidnapped and killed", "was shot and died"
    elif w == "fatally" and k + 1 < n and words[k + 1] not in _INJURY:
        end = k + 2  # "fatally shot", "fatally assaulted"
    elif w == "shot" and k + 1 < n and words[k + 1] == "dead":
        end = k + 2
    elif w == "gunned" and k + 1 < n and words[k + 1] == "down":
        end = k + 2
    elif (
        w in ("lost", "lose")
        and k + 2 < n
        and words[k + 1] in ("their", "his", "her")
        and words[k + 2]
        in (
            "lives",
            "life",
        )
    ):
        end = k + 3
    elif w == "succumbed":
        end = k + 1
    elif k + 2 < n and words[k + 1] == "to" and words[k + 2] == "death":
        end = k + 3  # "stabbed to death", "burnt to death"
    elif k + 4 < n and words[k + 1] == "and" and words[k + 3] == "to" and words[k + 4] == "death" and w not in _INJURY:
        end = k + 5  # "attacked and beaten to death", "abducted and hacked to death"
    if end is None:
        return None
    if agent and k == j and w != "dead" and end < n and (words[end] in _OBJECT_START or read_quantity(words, end)):
        return None  # active voice, the count did the killing: "100 residents lynched two men"
    if end + 1 < n and words[end] in ("or", "and/or") and words[end + 1] in _INJURY:
        return None  # "killed or injured": casualties, not deaths
    if (
        end < n
        and words[end] == ","
        and "or" in words[end : end + 5]
        and any(x in _INJURY for x in words[end : end + 5])
    ):
        return None  # "killed, injured or captured"
    return end


def _anaphor_at(toks: Sequence[_Tok], words: Sequence[str], i: int) -> tuple[_Phrase, int] | None:
    """A reference back to people as the subject of a death predicate: "The man died", "the officer was
    killed", "Both victims died", "Days later he died". RETURNS (the phrase, the index past the predicate).
    """
    n = len(words)
    w = words[i]
    if i > 0 and toks[i - 1].pos in ("ADP", "VERB") and words[i - 1] not in ("later", "then"):
        return None  # an object, not a subject: "shot at the officer", "told her"
    if w in ("he", "she"):
        qty = Quantity(low=1, best=1, high=1, start=i, end=i + 1)
        phrase = _Phrase(qty=qty, np_end=i + 1, person=True, death_noun=False, thing=False, words=())
    elif w == "both" and i + 1 < n:
        np_end, person, _death, _thing, singular = _noun_phrase(toks, words, i + 1)
        if not person or singular:
            return None
        qty = Quantity(low=2, best=2, high=2, start=i, end=i + 1)
        phrase = _Phrase(
            qty=qty, np_end=np_end, person=True, death_noun=False, thing=False, words=tuple(words[i + 1 : np_end])
        )
    elif w in _DEFINITE:
        found = _phrase_at(toks, words, i, definite=True)
        if found is None or not found.person or found.thing or not found.singular or not found.article:
            return None  # "the Army campaigns killed": not a person
        members, j = _chain(toks, words, found)  # "The officer and her daughter died"
        if len(members) == 1:
            phrase = found
        else:
            total = sum(m.qty.best for m in members)
            qty = Quantity(low=total, best=total, high=total, start=i, end=found.qty.end)
            phrase = _Phrase(qty=qty, np_end=j, person=True, death_noun=False, thing=False, words=found.words)
    else:
        return None
    end = _death_after(words, phrase.np_end, agent=True)
    return (phrase, end) if end is not None else None


def _death_after_participle(toks: Sequence[_Tok], words: Sequence[str], j: int) -> int | None:
    """A passive death predicate after a participle phrase: "[a man] driving a motorcycle was shot dead".

    RETURNS the index past the predicate, or None.
    """
    n = len(words)
    if j >= n or not (words[j].endswith("ing") and toks[j].pos == "VERB"):
        return None
    for k in range(j + 1, min(n, j + 8)):
        w = words[k]
        if w in ("was", "were"):
            return _death_after(words, k, agent=False)
        if w in (",", ";", "(", "and", "or", "who", "which", "that") or w in _INJURY or w in _DEATH_AFTER:
            return None
    return None


def _killed_object(words: Sequence[str], i: int, j: int) -> int | None:
    """The object of a violent verb killed by it: "[beat] a young man [to death]", "[shot] two men
    [to death]"; not "sentenced two men to death" (a verdict, not a killing). RETURNS the index past
    "to death", or None."""
    verb = i > 0 and words[i - 1] in _TO_DEATH_VERBS
    return j + 2 if verb and j + 1 < len(words) and words[j] == "to" and words[j + 1] == "death" else None


def _killed_alone(toks: Sequence[_Tok], words: Sequence[str], start: int, end: int) -> bool:
    """An article, a short noun phrase the lexicons do not know, then "was" and a death predicate.

    Things are destroyed, not killed, so a singular noun that "was killed" names a person: "a judge
    was killed", "a sarpanch was beaten to death". Animals are excluded; so are longer phrases, where
    the head may be a place or an object ("a vehicle of the district office was").
    """
    if not start < end <= start + 5 or end >= len(words) or words[end] != "was":
        return False
    nouns = [k for k in range(start, end) if toks[k].pos in ("NOUN", "PROPN")]
    if not nouns or any(words[k] in _ANIMALS or words[k] in _NOT_PEOPLE for k in nouns):
        return False
    if words[nouns[0]].endswith("s") and not words[nouns[0]].endswith("ss"):
        return False  # "a ... was" with a plural head is a parse slip; do not guess
    return _death_after(words, end, agent=False) is not None


def _unknown_victim(phrase: _Phrase, words: Sequence[str]) -> bool:
    """A figure and one noun the lexicons do not know, then a passive death: "One dahalo was killed"."""
    end = phrase.np_end
    return (
        not phrase.article
        and len(phrase.words) == 1
        and phrase.words[0] not in _ANIMALS
        and end < len(words)
        and words[end] in ("was", "were")
    )


def _death_before(words: Sequence[str], i: int) -> int | None:
    """If a death verb ends right before token ``i``, return its first index."""
    if i == 0:
        return None
    w = words[i - 1]
    if w in _DEATH_BEFORE:
        if w in ("claimed", "claiming"):
            return None  # only "claimed the lives of N"; handled below
        return i - 1
    if w == "dead" and i >= 2 and words[i - 2] == "shot":
        return i - 2
    if w == "down" and i >= 2 and words[i - 2] == "gunned":
        return i - 2
    if i >= 2 and words[i - 2] == "fatally" and w not in _INJURY and (w.endswith("ed") or w in _IRREGULAR_HIT):
        return i - 2  # "fatally shot the leader", "fatally stabbed a man"
    if w in _BASE_VERBS and i >= 2:
        back = words[max(0, i - 4) : i - 1]
        if any(x in _CAN_DO for x in back):
            return i - 1  # "managed to eliminate dozens"
        if (
            w in _HEADLINE_VERBS
            and words[i - 2] not in _NOT_ASSERTED
            and (words[i - 2].isalpha() or words[i - 2] == ",")
        ):
            return i - 1  # a headline's present tense: "Gunmen kill two", "Twin blasts kill 20"
        return None
    if w == "of" and i >= 2 and words[i - 2] in _DEATH_OF:
        if any(x in _MOTIVE for x in words[max(0, i - 6) : i - 2]):
            return None  # a reason for this event, not its toll: "protest over the killing of a trader"
        return i - 2
    if w == "of" and i >= 4 and words[i - 2] == "lives" and (words[i - 3] in _CLAIM or words[i - 4] in _CLAIM):
        return i - 4 if words[i - 4] in _CLAIM else i - 3  # "claimed the lives of 12"
    # "the death toll rose to 15", "the toll stood at 12"
    k = i - 1
    while k >= 0 and words[k] in _TOLL_SKIP and i - k <= 4:
        k -= 1
    if k >= 0 and words[k] == "toll" and k < i - 1:
        return k - 1 if k > 0 and words[k - 1] == "death" else k
    # "Fatalities coded as 10"
    if w == "as" and i >= 2 and words[i - 2] == "coded":
        return i - 2
    return None


def _coded_as(words: Sequence[str], i: int) -> bool:
    """True when the count at ``i`` follows ACLED's "fatalities coded as"."""
    if i < 2 or words[i - 1] != "as" or words[i - 2] != "coded":
        return False
    window = words[max(0, i - 9) : i - 2]
    return any(w in ("fatalities", "fatality", "deaths", "killed", "dead") for w in window)


def _sentence_tokens(sent: Span) -> tuple[list[_Tok], list[str]]:
    toks: list[_Tok] = []
    words: list[str] = []
    for t in sent:
        toks.append(_Tok(t.pos_, t.is_title, t.is_upper and len(t.text) > 1, t.idx, t.idx + len(t.text)))
        words.append(t.lower_)
    return toks, words


_JOINERS = (
    ("as", "well", "as"), ("in", "addition", "to"), ("along", "with"), ("together", "with"), (",",), ("and",),
    ("plus",),
)  # fmt: skip
_APPOSITION_START = frozenset({"a", "an", "the", "his", "her", "their", "who", "aged", "reportedly"})


def _joiner_end(words: Sequence[str], j: int) -> int:
    """Index past the list joiners at ``j`` (", and", "as well as", "in addition to"); ``j`` when none."""
    k = j
    while k < len(words):
        for seq in _JOINERS:
            if tuple(words[k : k + len(seq)]) == seq:
                k += len(seq)
                break
        else:
            break
    return k


def _member_at(toks: Sequence[_Tok], words: Sequence[str], k: int) -> _Phrase | None:
    phrase = _phrase_at(toks, words, k, definite=True) if k < len(words) else None
    return phrase if phrase is not None and phrase.people else None


def _aside_end(toks: Sequence[_Tok], words: Sequence[str], j: int, after: _Phrase) -> int | None:
    """End of an aside after a count: "(including 1 journalist)", ", a shepherd,", ", working as a cook,".

    RETURNS the index of its closing ")" + 1 or of its closing ",", or None when ``j`` starts none.
    """
    n = len(words)
    if words[j] == "(":
        for k in range(j + 1, min(n, j + 16)):
            if words[k] == ")":
                return k + 1
        return None
    if words[j] != "," or j + 1 >= n or after.article:
        return None  # after "a soldier", ", a policeman, and a child" is a list
    first = words[j + 1]
    if first not in _APPOSITION_START and not (first.endswith("ing") and toks[j + 1].pos == "VERB"):
        return None
    for k in range(j + 2, min(n, j + 14)):
        if words[k] in _DEATH_AFTER or words[k] in _INJURY or words[k] in (";", "(", "."):
            return None
        if words[k] == ",":
            nxt = _joiner_end(words, k)
            if _member_at(toks, words, nxt) is not None or _death_after(words, k + 1, agent=False) is not None:
                return k
            return None
    return None


def _chain(toks: Sequence[_Tok], words: Sequence[str], head: _Phrase) -> tuple[list[_Phrase], int]:
    """The counts listed with ``head`` ("4 soldiers, 1 policeman and a child"), and the index past them.

    A subset introduced by "including" is skipped ("12 militants including 2 commanders"); a count
    joined after it is a subset too unless it names another side than ``head`` ("21 militants
    including 2 commanders and 4 soldiers").
    """
    n = len(words)
    members = [head]
    head_side = _side_key(side_of(head.words))
    j = head.np_end
    in_subset = False
    last = head
    comma_only = [False]  # per member: joined by a bare comma, not by "and"/"as well as"
    for _ in range(10):
        if j >= n:
            break
        aside = _aside_end(toks, words, j, last)
        if aside is not None:
            j = aside
            if words[aside - 1] == ")":
                in_subset = False
            continue
        if words[j] == "including" or (words[j] == "," and j + 1 < n and words[j + 1] == "including"):
            nxt = _member_at(toks, words, j + (2 if words[j] == "," else 1))
            if nxt is None:
                break
            in_subset = True
            last = nxt
            j = nxt.np_end
            continue
        k = _joiner_end(words, j)
        if k == j:
            break
        bare_comma = all(w == "," for w in words[j:k])
        nxt = _member_at(toks, words, k)
        if nxt is None:
            if words[k - 1] == "and" and k + 1 < n and words[k] in _PERSON_HEADS and words[k + 1] in _AUX_SKIP:
                j = k + 1  # one person, two nouns: "1 scholar and teacher was killed"
            break
        last = nxt
        j = nxt.np_end
        if in_subset:
            side = _side_key(side_of(nxt.words))
            if head_side in ("civilian", "unknown") or side in ("civilian", "unknown") or side == head_side:
                continue
            in_subset = False
        members.append(nxt)
        comma_only.append(bare_comma)
    # A list ends with "and": "his mother, a police officer" names one person, not two. Counts given
    # as figures are a list even joined by commas alone, as headlines write them: "Four soldiers,
    # 20 militants killed".
    while len(members) > 1 and comma_only[-1] and (members[-1].article or members[-2].article):
        members.pop()
        comma_only.pop()
    return members, j


def _merge(members: Sequence[_Phrase]) -> list[tuple[_Phrase, str]]:
    """Add up the counts of a list that are on one side: "4 policemen and 1 commando" are 5 police.

    A count of no known side in a list ("a district chief and his driver") is a part of the list, not
    its total, so it is added to the first side the list names: ``combine_fatalities`` would otherwise
    read it as a restatement and drop it.
    """
    groups: dict[str, list[_Phrase]] = {}
    sides: dict[str, str] = {}
    named = [_side_key(side_of(m.words)) for m in members]
    known = next((k for k in named if k != "unknown"), "unknown")
    for m in members:
        side = side_of(m.words)
        key = _side_key(side)
        if key == "unknown":
            key = known
        else:
            sides.setdefault(key, side)
        groups.setdefault(key, []).append(m)
    out: list[tuple[_Phrase, str]] = []
    for key, ms in groups.items():
        first = ms[0]
        if len(ms) > 1:
            q = Quantity(
                low=sum(m.qty.low for m in ms),
                best=sum(m.qty.best for m in ms),
                high=sum(m.qty.high for m in ms),
                start=first.qty.start,
                end=first.qty.end,
                vague=any(m.qty.vague for m in ms),
            )
            first = _Phrase(qty=q, np_end=ms[-1].np_end, person=True, death_noun=False, thing=False, words=first.words)
        out.append((first, sides.get(key, "unknown")))
    return out


def _scan_sentence(toks: Sequence[_Tok], words: Sequence[str]) -> list[tuple[_Phrase, int, int, str, str]]:
    """Find death-linked counts in one sentence: (phrase, first token, end token, side, kind).

    kind: "coded" (an ACLED "coded as N"), "count" (a count tied to a death word) or "anaphor" (a
    person named before, now said to have died: "The victim died", "Days later he died").
    """
    found: list[tuple[_Phrase, int, int, str, str]] = []
    n = len(words)
    i = 0
    has_total = False
    while i < n:
        before = _death_before(words, i)
        phrase = _phrase_at(toks, words, i, definite=before is not None)
        if phrase is None:
            anaphor = _anaphor_at(toks, words, i) if before is None else None
            if anaphor is not None:
                found.append((anaphor[0], i, anaphor[1], side_of(anaphor[0].words), "anaphor"))
                i = anaphor[1]
                continue
            i += 1
            continue
        qty = phrase.qty
        if _coded_as(words, i):
            first = i - 2
            while first > 0 and i - first < 9 and words[first - 1] not in (".", ";", "(", "["):
                first -= 1  # back to the start of the clause: "Unspecified number of fatalities coded as 3"
            found.append((phrase, first, qty.end, "unknown", "coded"))
            i = qty.end
            continue
        subset = has_total and i > 0 and words[i - 1] in _SUBSET
        link_start: int | None = None
        link_end: int | None = None
        members = [phrase]
        bare_injured = not phrase.words and phrase.np_end < n and words[phrase.np_end] in _INJURY
        victims = phrase.people or (phrase.thing and not any(w in _ANIMALS for w in phrase.words))
        if before is not None and victims and not bare_injured:
            # right after a death verb a counted noun is people even when the lexicons lack it:
            # "kill 2 polio vaccinators", "kill 10 foreign tourists" (animals excepted)
            members, link_end = _chain(toks, words, phrase)  # "killing a woman and her son"
            link_start = before
        elif phrase.death_noun and not any(w in _INJURY for w in phrase.words):
            link_start, link_end = i, phrase.np_end
        else:
            # follow a list of counts ("two policemen and three militants") to its predicate
            members, j = _chain(toks, words, phrase)
            if len(members) > 1 and members[-1].death_noun:
                link_start, link_end = i, j  # "2 rebel and 1 military fatality"
            else:
                while j < n and words[j] == ",":
                    j += 1
                end = _death_after(words, j, agent=bool(phrase.words))
                if end is None and len(members) == 1:
                    end = _death_after_participle(toks, words, j)  # "a man driving a car was shot dead"
                if end is None and len(members) == 1:
                    end = _killed_object(words, i, j)  # "stabbed a man to death", "shot two men to death"
                if end is not None and (phrase.people or _unknown_victim(phrase, words)):
                    link_start, link_end = i, end
        if link_start is not None and link_end is not None and not subset:
            for member, side in _merge(members):
                start = link_start if member.qty.start == qty.start else member.qty.start
                found.append((member, start, link_end, side, "count"))
            has_total = True
            i = max(i + 1, link_end)
            continue
        i = max(i + 1, qty.end)
    return found


def _sentences(doc: Doc) -> list[tuple[int, list[_Tok], list[str]]]:
    """Sentences as (index, tokens, words); a sentence cut after a bare figure ("14" | "Al Shabaab
    militants were killed") is joined to the next one."""
    out: list[tuple[int, list[_Tok], list[str]]] = []
    carry: tuple[int, list[_Tok], list[str]] | None = None
    for s_index, sent in enumerate(doc.sents):
        toks, words = _sentence_tokens(sent)
        if carry is not None:
            s_index, toks, words = carry[0], carry[1] + toks, carry[2] + words
            carry = None
        if words and words[-1][:1].isdecimal() and read_quantity(words, len(words) - 1) is not None:
            carry = (s_index, toks, words)
            continue
        out.append((s_index, toks, words))
    if carry is not None:
        out.append(carry)
    return out


def find_fatalities(doc: Doc, *, article_id: str) -> list[FatalityMention]:
    """Every count of people killed in ``doc``, one ``FatalityMention`` each, in text order.

    doc (spacy.tokens.Doc): a parsed document with sentences set.
    article_id (str): written into each mention's evidence.
    RETURNS (list[FatalityMention]): low/best/high per numbers.py; ``vague`` for coded words.

    An ACLED note that says "Fatalities coded as N" states the coder's decision for the whole note,
    so when one is present only those figures are returned (the others are what it weighed).
    A person said to have died by a reference back ("The victim died", "Both victims died", "Days later
    he died") is returned only when nothing else is: the reference most often restates a count already
    given, and its figure (one, two) would otherwise undercut that count as the side's lowest.
    """
    text: str = doc.text
    out: list[FatalityMention] = []
    coded_out: list[FatalityMention] = []
    anaphor_out: list[FatalityMention] = []
    for s_index, toks, words in _sentences(doc):
        found = _scan_sentence(toks, words)
        besides = _besides_attacker(words) if any(kind == "count" for *_, kind in found) else None
        if besides is not None:
            # "In addition to the bomber, six civilians were killed": the bomber died too (ACLED and
            # GTD count perpetrators among an event's dead)
            qty = Quantity(low=1, best=1, high=1, start=besides[0], end=besides[1])
            phrase = _Phrase(qty=qty, np_end=besides[1], person=True, death_noun=False, thing=False, words=())
            found.append((phrase, besides[0], besides[1], "attacker", "count"))
        for phrase, first, last, side, kind in found:
            coded = kind == "coded"
            start = toks[first].idx
            end = toks[last - 1].end
            qty = phrase.qty
            vague = qty.vague
            if coded:
                vague = any(w in _VAGUE_MARKERS for w in words[first:last])
            (coded_out if coded else anaphor_out if kind == "anaphor" else out).append(
                FatalityMention(
                    low=qty.low,
                    best=qty.best,
                    high=qty.high,
                    side=side,
                    sentence=s_index,
                    evidence=Evidence(article_id=article_id, start=start, end=end, text=text[start:end]),
                    vague=vague,
                )
            )
    return coded_out or out or anaphor_out


def _besides_attacker(words: Sequence[str]) -> tuple[int, int] | None:
    """The token range of "in addition to the (suicide) bomber" (or attacker, assailant), if any."""
    for k in range(len(words) - 4):
        if words[k : k + 3] == ["in", "addition", "to"]:
            j = k + 3
            if j < len(words) and words[j] in ("the", "a"):
                j += 1
            if j < len(words) and words[j] == "suicide":
                j += 1
            if j < len(words) and words[j] in ("bomber", "attacker", "assailant", "gunman"):
                return k, j + 1
    return None


def _side_key(side: str) -> str:
    return "non_state" if side in NON_STATE_SIDES else side


def combine_fatalities(mentions: Iterable[FatalityMention]) -> tuple[int, int, int]:
    """Add up the counts reported for one event without counting a restatement twice.

    ACLED codebook, Reported fatalities: code the lowest credible reported figure, never injuries;
    a vague word ("dozens") is coded only when no figure is given ("dozens" = 12, "several" = 3).
    UCDP GED: low, best and high are the lowest, best and highest reported estimates.

    A story usually gives a summary ("at least 10 soldiers were killed", "killed 37 attackers") and
    restates it ("confirmed the deaths of 10 soldiers", "dozens of insurgents died"). So, per side
    (rebel and attacker are one side: the non-state fighters), the most specific credible figure is kept:
    a number beats a vague word, and among the numbers of one report the highest is its best estimate
    (a developing story's latest count; ACLED's conservatism between sources applies in fusion), with
    low = the lowest low and high = the highest high of those figures. The sides are then added.
    An unattributed figure (side ``unknown``: "kills 11") is most often the total of the attributed
    ones, so it is never added to them: when it is larger than their sum it is the event's figure,
    otherwise it is dropped as a restatement.

    mentions (Iterable[FatalityMention]): the fatality mentions assigned to one event.
    RETURNS (tuple[int, int, int]): (low, best, high); (0, 0, 0) when there are none.
    """
    by_side: dict[str, list[FatalityMention]] = {}
    for m in mentions:
        by_side.setdefault(_side_key(m.side), []).append(m)
    unknown = by_side.pop("unknown", None)
    if not by_side:
        return _best_of(unknown) if unknown else (0, 0, 0)
    low = best = high = 0
    for ms in by_side.values():
        lo, be, hi = _best_of(ms)
        low, best, high = low + lo, best + be, high + hi
    if unknown:
        total = _best_of(unknown)
        if total[1] > best:
            return total
    return low, best, high


def _best_of(mentions: Sequence[FatalityMention]) -> tuple[int, int, int]:
    """One side's figure in one report: figures beat vague words; of several figures the report
    gives for one incident ("at least 10 were killed ... killing at least 18"), the highest is its
    latest or fullest count (UCDP's best estimate), the lowest stays the low end. ACLED's
    conservatism between sources of differing credibility is applied when reports are fused."""
    figures = [m for m in mentions if not m.vague] or list(mentions)
    best = max(m.best for m in figures)
    low = min(min(m.low for m in figures), best)
    high = max(max(m.high for m in figures), best)
    return low, best, high


# --- a report's own word on how its figure is shared ---------------------------------------------


_SPLIT_PARTS = (
    r"(?P<n>\d+|[a-z]+)\s+(?:separate\s+|different\s+)?"
    r"(?:events|locations|places|districts|provinces|areas|fronts|incidents|villages)\b"
    r"(?:\s*\((?P<share>\d+)\))?"
)
_STATED_SPLIT = (
    # "split across three events (2)": a coder's note
    re.compile(
        r"\bsplit(?:\s+up)?\s+(?:evenly\s+)?(?:between|across|among|amongst|into|over)\s+" + _SPLIT_PARTS, re.IGNORECASE
    ),
    # "fatalities coded as 10 and spread between 3 locations": "spread" only when it is the
    # figure that is spread ("the fighting spread across three districts" is no split)
    re.compile(
        r"\b(?:fatalities|deaths|toll|figure)\b[^.;]{0,60}?\b(?:spread|divided|distributed)\s+(?:evenly\s+)?"
        r"(?:between|across|among|amongst|over)\s+" + _SPLIT_PARTS,
        re.IGNORECASE,
    ),
    # "Six assailants were killed ... across the three raids": a toll told for several incidents
    # the report codes one by one ("This was one of three assaults on villages ... that day")
    re.compile(
        r"\b(?:killed|dead|died)\b[^.;]{0,60}?\b(?:across|in)\s+(?:the|all|these|those)\s+"
        r"(?P<n>\d+|[a-z]+)\s+(?:related\s+|separate\s+|coordinated\s+)?"
        r"(?:raids|attacks|assaults|incidents|events|blasts|explosions|bombings|strikes|clashes)\b"
        r"(?P<share>)",
        re.IGNORECASE,
    ),
)


def find_stated_split(text: str, *, article_id: str) -> StatedSplit | None:
    """The first statement in ``text`` of how its fatality figure is split across events, or None."""
    found = sorted((m for pattern in _STATED_SPLIT for m in pattern.finditer(text)), key=lambda m: m.start())
    for m in found:
        parts = parse_number(m["n"].lower())
        if parts is None or not 1 < parts <= 100:
            continue
        share = int(m["share"]) if m["share"] else None
        evidence = Evidence(article_id=article_id, start=m.start(), end=m.end(), text=m.group(0))
        return StatedSplit(parts=parts, share=share, evidence=evidence)
    return None
