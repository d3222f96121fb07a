"""Places written in ACLED's "Town (District, Province)" style survive the model running them into a name."""

from __future__ import annotations

import datetime as dt

from sitrep.model import Article
from sitrep.pipeline import Pipeline


def test_a_town_before_its_bracketed_district_and_province_is_located(pipeline: Pipeline) -> None:
    text = "On 5 May 2025, a shopkeeper was shot dead by unidentified men in Jagraon (Ludhiana, Punjab)."
    [event] = pipeline.extract([Article(id="t", text=text, published=dt.date(2025, 5, 8))])
    assert (event.location, event.admin2, event.admin1) == ("Jagraon", "Ludhiana", "Punjab")


def test_an_admin_area_named_after_a_district_is_not_a_second_event(pipeline: Pipeline) -> None:
    # "district of Hakkari" names the province of Cukurca, although the gazetteer also has a town
    # Hakkari: one event, with all its dead (two events would have split them)
    text = "On 6 May 2025, militants attacked an army post in Cukurca district of Hakkari, killing 2 soldiers."
    [event] = pipeline.extract([Article(id="t", text=text, published=dt.date(2025, 5, 8))])
    assert (event.location, event.admin1, event.fatalities) == ("Cukurca", "Hakkari", 2)


def test_an_admin_area_spelt_otherwise_than_the_gazetteer_is_still_read_as_one(pipeline: Pipeline) -> None:
    text = "On 2 May 2025, militants attacked a village in Torodi (Tillabery) and killed two people."
    [event] = pipeline.extract([Article(id="t", text=text, published=dt.date(2025, 5, 8))])
    assert (event.location, event.admin1, event.fatalities) == ("Torodi", "Tillaberi", 2)
