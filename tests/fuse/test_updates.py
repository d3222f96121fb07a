"""Follow-up stories: a toll update and a claim join the wire story's event (pure fusion)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sitrep.fuse import Report, fuse_reports, reports_from, same_incident
from sitrep.fuse.updates import claims, toll_update
from sitrep.model import Event, Evidence
from tests.fuse.factory import article, event

TUE = dt.date(2026, 3, 3)
WED = TUE + dt.timedelta(days=1)
QUETTA = dict(location="Quetta", admin1="Balochistan", admin2="Quetta", latitude=30.1841, longitude=67.0014)
POLICE = "Police Forces of Pakistan (2022-)"


def _notes(article_id: str, *sentences: str) -> dict[str, tuple[Evidence, ...]]:
    return {"notes": tuple(Evidence(article_id=article_id, start=0, end=len(s), text=s) for s in sentences)}


def wire() -> Event:
    """The wire on Tuesday: militants (unnamed) threw a grenade at a police patrol; two dead."""
    e = event("wire", TUE, sub_event_type="Remote explosive/landmine/IED", actor1="", actor2=POLICE, fatalities=2)
    text = "Two policemen were killed when militants threw a hand grenade at a police patrol in Quetta."
    return dataclasses.replace(
        e,
        **QUETTA,
        actor1="Unidentified Armed Group (Pakistan)",
        inter1=3,
        evidence={**e.evidence, **_notes("wire", text)},
    )


def follow_up(*, inverted: bool = False) -> Event:
    """Wednesday's story: the toll rises to three (the extractor counted only the third death),
    dated by the death; the group that claimed it named; perhaps the police coded as attacker."""
    e = event("local", WED, sub_event_type="Remote explosive/landmine/IED", actor1="BLA: Baloch Liberation Army")
    notes = _notes(
        "local",
        "Death toll in Quetta grenade attack rises to three.",
        "The BLA claimed responsibility for the attack.",
    )
    figures = {"fatalities": (Evidence(article_id="local", start=0, end=21, text="A third policeman died"),)}
    changed = dict(actor1=POLICE, inter1=1, actor2="") if inverted else dict(actor2="", inter2=0)
    return dataclasses.replace(
        e, **QUETTA, **changed, fatalities=1, fatalities_low=1, fatalities_best=1, fatalities_high=1,
        evidence={**e.evidence, **notes, **figures},
    )  # fmt: skip


def _reports(*events: Event) -> list[Report]:
    published = {"wire": TUE, "local": WED}
    return [r for e in events for r in reports_from(article(e.article_ids[0], published[e.article_ids[0]]), [e])]


def test_a_toll_update_is_read_from_the_reports_own_words() -> None:
    update_, plain = _reports(follow_up(), wire())
    found = toll_update(update_)
    assert found is not None and found.total == 3
    assert toll_update(plain) is None
    assert claims(update_) and not claims(plain)


def test_the_follow_up_joins_the_wire_story_with_the_toll_updated_and_the_id_kept() -> None:
    for inverted in (False, True):  # the victim coded as the attacker never blocks a match
        assert same_incident(wire(), follow_up(inverted=inverted))
        (event_,) = fuse_reports(_reports(wire(), follow_up(inverted=inverted)))
        assert event_.event_id == wire().event_id  # the earliest report's id: stable
        assert event_.article_ids == ("local", "wire")
        assert (event_.fatalities, event_.fatalities_low, event_.fatalities_best, event_.fatalities_high) == (
            3, 2, 3, 3,
        )  # fmt: skip
        assert event_.event_date == TUE  # the attack's day, not the day the third policeman died
        if not inverted:  # the claim names the attacker; the wire's victim stays
            assert (event_.actor1, event_.actor2) == ("BLA: Baloch Liberation Army", POLICE)
        assert "latest toll update" in event_.notes


def test_the_update_does_not_depend_on_order() -> None:
    reports = _reports(wire(), follow_up())
    assert fuse_reports(reports) == fuse_reports(reports[::-1])


def test_a_later_death_without_a_total_adds_to_the_earlier_count() -> None:
    e = event("local", WED, sub_event_type="Remote explosive/landmine/IED", actor1="", fatalities=1)
    died = _notes("local", "A constable wounded in the attack died in hospital on Wednesday.")
    later = dataclasses.replace(e, **QUETTA, actor2="", evidence={**e.evidence, **died})
    (event_,) = fuse_reports(_reports(wire(), later))
    assert (event_.fatalities, event_.fatalities_low, event_.fatalities_high) == (3, 2, 3)
