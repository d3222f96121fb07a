"""ACLED's fatality split: a total for several events is shared evenly, the remainder to the first."""

from __future__ import annotations

import datetime as dt

from sitrep.assemble.split import split_fatalities
from sitrep.model import Evidence, FatalityMention

DAY = dt.date(2025, 11, 15)


def killed(n: int, side: str, *, vague: bool = False) -> FatalityMention:
    ev = Evidence(article_id="a", start=0, end=1, text="x")
    return FatalityMention(low=n, best=n, high=n, side=side, sentence=0, evidence=ev, vague=vague)


def test_a_province_total_is_split_evenly_with_the_remainder_to_the_first() -> None:
    units = [("Battles", [], []), ("Battles", [], []), ("Battles", [], [])]
    shares = split_fatalities(units, pool=[(killed(10, "state"), DAY)], dates=[DAY] * 3)
    assert [s.best for s in shares] == [4, 3, 3]
    assert all("split" in s.split_note for s in shares)


def test_a_figure_named_for_one_place_is_part_of_the_total_not_added_to_it() -> None:
    units = [("Explosions/Remote violence", [killed(2, "state")], []), ("Battles", [], [])]
    pool = [(killed(10, "state"), DAY), (killed(37, "rebel"), DAY)]
    shares = split_fatalities(units, pool=pool, dates=[DAY, DAY])
    assert sum(s.best for s in shares) == 47
    assert shares[0].best >= 2


def test_soldiers_and_militants_killed_are_not_shared_with_an_abduction_of_civilians() -> None:
    units = [("Battles", [], []), ("Violence against civilians", [], [])]
    shares = split_fatalities(units, pool=[(killed(6, "state"), DAY)], dates=[DAY, DAY])
    assert [s.best for s in shares] == [6, 0]


def test_a_vague_restatement_does_not_add_to_a_figure_of_the_same_side() -> None:
    units = [("Battles", [], [])]
    pool = [(killed(37, "attacker"), DAY), (killed(12, "rebel", vague=True), DAY)]
    assert split_fatalities(units, pool=pool, dates=[DAY])[0].best == 37


def test_a_clause_naming_several_places_shares_its_figure_among_them() -> None:
    both = killed(5, "rebel")
    units = [("Battles", [], [both]), ("Battles", [], [both])]
    shares = split_fatalities(units, pool=[], dates=[DAY, DAY])
    assert [s.best for s in shares] == [3, 2]


def test_another_day_keeps_its_own_figures() -> None:
    earlier = DAY - dt.timedelta(days=3)
    units = [("Battles", [killed(41, "rebel")], []), ("Battles", [], [])]
    shares = split_fatalities(units, pool=[(killed(8, "state"), DAY)], dates=[earlier, DAY])
    assert [s.best for s in shares] == [41, 8]


# --- the report's own word on its split (ACLED notes) ----------------------------------------------


def test_a_stated_split_is_found_with_its_parts_and_bracketed_share() -> None:
    from sitrep.extract.fatalities import find_stated_split

    stated = find_stated_split("Six fighters died. Fatalities are split across three events (2).", article_id="a")
    assert stated is not None and (stated.parts, stated.share) == (3, 2)
    assert stated.evidence.text.startswith("split across three events")
    assert find_stated_split("The group split into two factions.", article_id="a") is None
    spread = find_stated_split("Unclear fatalities coded as 10 and spread between 2 locations.", article_id="a")
    assert spread is not None and (spread.parts, spread.share) == (2, None)
    assert find_stated_split("The fighting spread across three districts.", article_id="a") is None


def test_events_found_take_the_first_shares_when_the_text_says_more_events_share_the_figure() -> None:
    from sitrep.assemble.split import Share, apply_stated_split
    from sitrep.extract.fatalities import StatedSplit

    stated = StatedSplit(parts=3, share=None, evidence=Evidence(article_id="a", start=0, end=5, text="split"))
    [only] = apply_stated_split([Share(low=20, best=20, high=20)], stated)
    assert only.best == 8  # 20 over three events: 8, 6, 6 (remainder to the first) — this event is the first
    assert "split up between 3 events" in only.split_note


def test_a_bracketed_share_is_the_events_figure() -> None:
    from sitrep.assemble.split import Share, apply_stated_split
    from sitrep.extract.fatalities import StatedSplit

    stated = StatedSplit(parts=2, share=4, evidence=Evidence(article_id="a", start=0, end=5, text="split"))
    shares = apply_stated_split([Share(low=9, best=9, high=9), Share(low=0, best=0, high=0)], stated)
    assert [s.best for s in shares] == [4, 0]


def test_a_stated_split_no_larger_than_the_events_found_changes_nothing() -> None:
    from sitrep.assemble.split import Share, apply_stated_split
    from sitrep.extract.fatalities import StatedSplit

    stated = StatedSplit(parts=2, share=None, evidence=Evidence(article_id="a", start=0, end=5, text="split"))
    shares = [Share(low=5, best=5, high=5), Share(low=4, best=4, high=4)]
    assert apply_stated_split(shares, stated) == shares
