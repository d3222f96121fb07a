"""Places written in ACLED's "Town (District, Province)" style survive the model running them into a name."""

from __future__ import annotations

import datetime as dt

from sitrep.model import Article
from sitrep.pipeline import Pipeline


def test_a_town_before_its_bracketed_district_and_province_is_located(pipeline: Pipeline) -> None:
    text = "On 5 May 2025, a shopkeeper was shot dead by unidentified men in Jagraon (Ludhiana, Punjab)."
    [event] = pipeline.extract([Article(id="t", text=text, published=dt.date(2025, 5, 8))])
    assert (event.location, event.admin2, event.admin1) == ("Jagraon", "Ludhiana", "Punjab")
