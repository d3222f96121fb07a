"""Events carry UCDP where_prec beside ACLED geo_precision, end to end on texts written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.model import Article
from sitrep.pipeline import Pipeline


def code(pipeline: Pipeline, text: str) -> list[tuple[str, str, int, int]]:
    article = Article(id="wp", text=text, published=dt.date(2026, 3, 4))
    return [(e.location, e.admin1, int(e.geo_precision), e.where_prec) for e in pipeline.code_one(article).events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen shot dead two policemen in Quetta on Monday.", ("Quetta", "Balochistan", 1, 1)),
        ("Gunmen shot dead two policemen near Quetta on Monday.", ("Quetta", "Balochistan", 2, 2)),
        (
            "A roadside bomb killed two soldiers in northwest Pakistan on Monday.",
            ("Peshawar", "Khyber Pakhtunkhwa", 3, 4),
        ),
        ("Security forces killed six militants in FATA on Monday.", ("Peshawar", "Khyber Pakhtunkhwa", 3, 4)),
        ("Suicide bomber kills six in SW Pakistan on Monday.", ("Quetta", "Balochistan", 3, 4)),
    ],
)
def test_events_carry_where_prec(pipeline: Pipeline, text: str, expected: tuple[str, str, int, int]) -> None:
    assert code(pipeline, text) == [expected]


def test_an_event_known_only_to_its_country_is_where_prec_6(pipeline: Pipeline) -> None:
    events = code(pipeline, "Militants killed three soldiers in Pakistan on Monday.")
    assert [(admin1, geo, where) for _, admin1, geo, where in events] == [("", 3, 6)]
