"""News-register gold (FA-KES, ISAF): whole articles scored on their main event.

The gold files here are tiny CSVs written by conftest.py with invented text; the real files'
licences forbid copying their rows."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitrep.evaluate import Convention, GoldFormat, GoldRow, load_gold, main_event, run_eval, score_news, to_dict
from sitrep.evaluate.gold import published_offset
from sitrep.evaluate.news import cause_of, killed_matches, normalise_governorate, same_governorate, score_news_row
from sitrep.model import Article, Event

EventFactory = Callable[..., Event]


def rows_of(path: Path) -> dict[str, GoldRow]:
    return {row.row_id: row for row in load_gold(path).rows}


def single(gold: GoldRow, event_factory: EventFactory, **fields: Any) -> dict[str, bool]:
    """The checks of one row against one coded event of its article."""
    return score_news_row(gold, [event_factory(gold.article, **fields)])[1]


# --- reading the two layouts


def test_layouts_are_told_from_the_header(gold_files: dict[str, Path]) -> None:
    assert load_gold(gold_files["fakes"]).format is GoldFormat.FAKES
    assert load_gold(gold_files["isaf"]).format is GoldFormat.ISAF


def test_fakes_article_is_the_whole_story_with_its_own_published_date(gold_files: dict[str, Path]) -> None:
    rows = rows_of(gold_files["fakes"])
    douma = rows["fk-1"]
    assert douma.article.id == "fakes_mini:fk-1"
    assert douma.article.text.startswith("Mon 5 Mar 2018 Shells hit market in Douma.")
    assert douma.article.published == dt.date(2018, 3, 5)  # the published column, not an offset
    assert (douma.article.title, douma.article.source, douma.article.url) == ("", "", "")
    assert (douma.event_date, douma.admin1, douma.fatalities, douma.cause) == (
        dt.date(2018, 3, 4),
        "Damascus",
        20,
        "shelling",
    )
    assert douma.location is None and douma.event_type is None  # not scored for FA-KES


def test_an_empty_published_cell_falls_back_to_the_offset_rule(gold_files: dict[str, Path]) -> None:
    azaz = rows_of(gold_files["fakes"])["fk-2"]
    assert azaz.article.published == dt.date(2017, 1, 7) + dt.timedelta(days=published_offset("fk-2"))
    khost = rows_of(gold_files["isaf"])["isaf-3"]
    assert 1 <= (khost.article.published - dt.date(2010, 8, 14)).days <= 5


def test_only_the_gold_main_event_of_an_article_is_kept(gold_files: dict[str, Path]) -> None:
    gold = load_gold(gold_files["fakes"])
    assert [r.row_id for r in gold.rows] == ["fk-1", "fk-2", "fk-3", "fk-4"]
    assert rows_of(gold_files["fakes"])["fk-3"].fatalities == 7  # of the rows 2 and 7
    assert gold.skipped == {"not the main event": 1}


def test_unknown_cause_is_not_scored_and_chemical_reads_as_chemical(gold_files: dict[str, Path]) -> None:
    assert rows_of(gold_files["fakes"])["fk-4"].cause is None


def test_isaf_rows(gold_files: dict[str, Path]) -> None:
    rows = rows_of(gold_files["isaf"])
    detention, mixed, strike, civilians = rows["isaf-1"], rows["isaf-2"], rows["isaf-3"], rows["isaf-4"]
    assert detention.article.published == dt.date(2011, 3, 3)
    assert detention.article.text.startswith("KABUL, Afghanistan (March 3, 2011)\n")
    assert detention.event_type == "Strategic developments" and detention.arrest is True
    assert mixed.accepted_event_types == ("Battles", "Strategic developments") and mixed.arrest is True
    assert strike.arrest is None and strike.fatalities == 2
    assert civilians.event_type is None  # no derived ACLED type: not scored
    assert (detention.admin1, detention.event_date, detention.country) == (
        "Helmand",
        dt.date(2011, 3, 2),
        "Afghanistan",
    )


def test_no_gold_field_reaches_a_news_article(gold_files: dict[str, Path]) -> None:
    for name in ("fakes", "isaf"):
        for row in load_gold(gold_files[name]).rows:
            fields = {k: getattr(row.article, k) for k in ("title", "source", "url")}
            assert fields == {"title": "", "source": "", "url": ""}
            assert "fatalities" not in row.article.text and row.row_id in row.article.id


# --- the main event and the field rules


def test_main_event_has_the_most_fatalities_ties_go_to_the_first(event_factory: EventFactory) -> None:
    art = Article(id="a", text="t", published=dt.date(2020, 1, 2))
    a, b, c = (event_factory(art, n, fatalities=f) for n, f in ((1, 3), (2, 5), (3, 5)))
    assert main_event([a, b, c]) is b
    zeros = [event_factory(art, n) for n in (1, 2)]
    assert main_event(zeros) is zeros[0]
    assert main_event([]) is None


@pytest.mark.parametrize(
    ("gold", "predicted"),
    [
        ("Damascus", "Rif-dimashq"),
        ("Damascus", "Rural Damascus"),
        ("Damascus", "Dimashq"),
        ("Damascus", "Damascus Countryside"),
        ("Al-Hasakeh", "Al-Hasakah"),
        ("Al-Hasakeh", "Hassakeh"),
        ("Al-Hasakeh", "Hasaka Governorate"),
        ("Dar'a", "Daraa"),
        ("Deir ez-Zor", "Deir al-Zour"),
        ("Idlib", "Idleb"),
        ("Ar-Raqqa", "Ar-Raqqah"),
        ("Lattakia", "Latakia"),
        ("Tartous", "Tartus"),
        ("As-Suwayda", "Sweida"),
        ("Homs", "Homs"),
    ],
)
def test_governorate_spellings_are_one_value(gold: str, predicted: str) -> None:
    assert same_governorate(gold, predicted)


@pytest.mark.parametrize(("gold", "predicted"), [("Damascus", "Homs"), ("Aleppo", "Idlib"), ("Hama", "")])
def test_different_governorates_stay_different(gold: str, predicted: str) -> None:
    assert not same_governorate(gold, predicted)
    assert normalise_governorate("Rif Dimashq Governorate") == "damascus"


@pytest.mark.parametrize(
    ("sub_event_type", "cause"),
    [
        ("Air/drone strike", "shelling"),
        ("Shelling/artillery/missile attack", "shelling"),
        ("Remote explosive/landmine/IED", "explosion"),
        ("Suicide bomb", "explosion"),
        ("Grenade", "explosion"),
        ("Chemical weapon", "chemical"),
        ("Armed clash", "shooting"),
        ("Attack", "shooting"),
        ("Abduction/forced disappearance", "execution"),
        ("Arrests", ""),
        ("Peaceful protest", ""),
    ],
)
def test_cause_mapping(event_factory: EventFactory, sub_event_type: str, cause: str) -> None:
    art = Article(id="a", text="t", published=dt.date(2020, 1, 2))
    assert cause_of(event_factory(art, sub_event_type=sub_event_type)) == cause


def test_fakes_fields(gold_files: dict[str, Path], event_factory: EventFactory) -> None:
    douma = rows_of(gold_files["fakes"])["fk-1"]  # 20 killed, Damascus, 4 March 2018, shelling
    right = dict(
        fatalities=20,
        admin1="Rif-dimashq",
        event_date=dt.date(2018, 3, 2),  # 2 days off: within the window
        sub_event_type="Air/drone strike",
        event_type="Explosions/Remote violence",
    )
    assert single(douma, event_factory, **right) == dict.fromkeys(
        ("fatalities", "fatalities_10pct", "admin1", "event_date", "cause"), True
    )
    wrong = dict(right, fatalities=22, admin1="Homs", event_date=dt.date(2018, 3, 7), sub_event_type="Armed clash")
    checks = single(douma, event_factory, **wrong)
    assert checks == {
        "fatalities": False,
        "fatalities_10pct": True,  # 22 is within 10 % of 20
        "admin1": False,
        "event_date": False,  # 3 days off
        "cause": False,
    }
    assert not single(douma, event_factory, fatalities=23)["fatalities_10pct"]
    unknown = rows_of(gold_files["fakes"])["fk-4"]
    assert "cause" not in single(unknown, event_factory)


def test_the_2_day_window_reaches_both_ways(gold_files: dict[str, Path], event_factory: EventFactory) -> None:
    douma = rows_of(gold_files["fakes"])["fk-1"]
    for days, ok in ((-3, False), (-2, True), (0, True), (2, True), (3, False)):
        day = dt.date(2018, 3, 4) + dt.timedelta(days=days)
        assert single(douma, event_factory, event_date=day)["event_date"] is ok, days


def test_isaf_killed_is_the_sum_over_the_articles_events(
    gold_files: dict[str, Path], event_factory: EventFactory
) -> None:
    mixed = rows_of(gold_files["isaf"])["isaf-2"]  # 4 killed; Battles or Strategic developments; detention
    art = mixed.article
    events = [
        event_factory(art, 1, fatalities=3, admin1="Kandahar", event_date=dt.date(2012, 5, 7)),
        event_factory(art, 2, fatalities=1, event_type="Explosions/Remote violence"),
        event_factory(art, 3, event_type="Strategic developments", sub_event_type="Arrests"),
    ]
    main, checks = score_news_row(mixed, events)
    assert main is events[0]
    assert checks == {"admin1": True, "event_date": True, "killed": True, "event_type": True, "arrests": True}
    _, alone = score_news_row(mixed, events[:1])
    assert alone["killed"] is False and alone["arrests"] is False


def test_isaf_arrests_are_scored_only_on_detentions(gold_files: dict[str, Path], event_factory: EventFactory) -> None:
    rows = rows_of(gold_files["isaf"])
    arrest = dict(event_type="Strategic developments", sub_event_type="Arrests")
    assert single(rows["isaf-1"], event_factory, **arrest)["arrests"] is True
    assert "arrests" not in single(rows["isaf-3"], event_factory, **arrest)
    assert "event_type" not in single(rows["isaf-4"], event_factory)


def test_isaf_date_is_exact(gold_files: dict[str, Path], event_factory: EventFactory) -> None:
    detention = rows_of(gold_files["isaf"])["isaf-1"]
    assert single(detention, event_factory, event_date=dt.date(2011, 3, 2))["event_date"]
    assert not single(detention, event_factory, event_date=dt.date(2011, 3, 3))["event_date"]


@pytest.mark.parametrize(
    ("gold", "predicted", "isaf", "acled"),
    [
        (2, 2, True, True),
        (2, 3, False, True),  # a bare plural: ACLED's unspecified number
        (3, 3, True, True),
        (4, 3, False, True),  # "a handful"
        (4, 10, False, True),  # "numerous"
        (5, 10, False, True),  # "a large number"
        (5, 3, False, False),
        (1, 3, False, False),  # 1 is never a vague count
        (7, 10, False, False),
    ],
)
def test_vague_number_convention_switch(gold: int, predicted: int, isaf: bool, acled: bool) -> None:
    assert killed_matches(gold, predicted, Convention.ISAF) is isaf
    assert killed_matches(gold, predicted, Convention.ACLED) is acled


def test_an_article_with_no_event_fails_every_field_and_counts_zero_events(
    gold_files: dict[str, Path], event_factory: EventFactory
) -> None:
    rows = list(load_gold(gold_files["isaf"]).rows)
    detention = rows[0]
    assert detention.fatalities == 0
    main, checks = score_news_row(detention, [])
    assert main is None and checks and not any(checks.values())  # killed 0 = gold 0 still fails
    two = [event_factory(rows[1].article, n) for n in (1, 2)]
    card = score_news(rows, two)
    assert card.no_event == 3 and card.events == 2
    assert card.events_per_article == pytest.approx(2 / 4)
    assert [fs.field for fs in card.fields] == ["admin1", "event_date", "killed", "event_type", "arrests"]


def test_run_eval_reports_the_news_fields(
    gold_files: dict[str, Path], tmp_path: Path, event_factory: EventFactory, fake_coder: Any
) -> None:
    def respond(art: Article) -> list[Event]:
        if "Douma" not in art.text:
            return []
        return [
            event_factory(art, 1, fatalities=20, admin1="Dimashq", event_date=dt.date(2018, 3, 4)),
            event_factory(art, 2, fatalities=2, admin1="Homs", sub_event_type="Shelling/artillery/missile attack"),
        ]

    out = io.StringIO()
    coder = fake_coder(respond)
    card = run_eval(gold_files["fakes"], code=coder, out=out, json_out=tmp_path / "e.json")
    assert [a.id for a in coder.seen] == [f"fakes_mini:fk-{i}" for i in range(1, 5)]
    assert card.format == "fakes" and card.rows == 4 and card.no_event == 3
    text = out.getvalue()
    assert "events per article 0.50" in text
    assert "skipped rows: not the main event 1" in text
    assert "top cause confusions (gold cause -> predicted sub_event_type: rows)" in text
    data = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert data == to_dict(card)
    assert data["events_per_article"] == 0.5
    assert data["fields"]["fatalities"] == {"correct": 1, "n": 4, "accuracy": 0.25}
    assert data["fields"]["admin1"]["correct"] == 1 and data["fields"]["cause"]["n"] == 3
    assert data["fields"]["cause"]["correct"] == 0  # Armed clash is shooting, not shelling


def test_run_eval_names_the_isaf_convention(
    gold_files: dict[str, Path], event_factory: EventFactory, fake_coder: Any
) -> None:
    def respond(art: Article) -> list[Event]:
        return [event_factory(art, fatalities=3)] if "couple" in art.text else []

    isaf = run_eval(gold_files["isaf"], code=fake_coder(respond))
    acled = run_eval(gold_files["isaf"], code=fake_coder(respond), convention="acled")
    assert isaf.filters == {"convention": "isaf"} and acled.filters == {"convention": "acled"}
    killed = {card.filters["convention"]: next(f for f in card.fields if f.field == "killed") for card in (isaf, acled)}
    assert (killed["isaf"].correct, killed["acled"].correct) == (0, 1)
