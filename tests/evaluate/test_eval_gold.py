"""Gold readers: each format parses, and the article handed to the coder holds no gold field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.evaluate import GoldFormat, GoldRow, detect_format, load_gold
from sitrep.evaluate.gold import NEWS, published_offset


def by_id(path: Path, **kw: bool) -> dict[str, GoldRow]:
    return {row.row_id: row for row in load_gold(path, **kw).rows}


@pytest.mark.parametrize("fmt", [f.value for f in GoldFormat])
def test_format_is_told_from_the_header(gold_files: dict[str, Path], fmt: str) -> None:
    assert load_gold(gold_files[fmt]).format is GoldFormat(fmt)


def test_unknown_header_raises_e010(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("S#,Date,Comments\n1,2004-06-18,text\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"\[E010\]"):
        load_gold(path)
    with pytest.raises(InputError, match=r"\[E010\]"):
        detect_format([])


def test_missing_file_raises_e006(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\[E006\]"):
        load_gold(tmp_path / "nope.csv")


def test_acled_rows(gold_files: dict[str, Path]) -> None:
    gold = load_gold(gold_files["acled"])
    assert gold.skipped == {"no text": 1}
    rows = {r.row_id: r for r in gold.rows}
    row = rows["PAK901"]
    assert row.event_type == "Battles" and row.sub_event_type == "Armed clash"
    assert row.event_date == dt.date(2020, 5, 1)  # "1-May-20"
    assert rows["AFG901"].event_date == dt.date(2020, 5, 3)  # "3 May 2020"
    assert rows["AFG901"].time_precision == 2
    assert (row.admin1, row.admin2, row.location) == ("Khyber Pakhtunkhwa", "North Waziristan", "Miranshah")
    assert (row.latitude, row.longitude, row.fatalities, row.interaction) == (33.0, 70.07, 4, 12)
    assert row.actor1 == "Military Forces of Pakistan (2018-)"
    assert (row.country, row.region) == ("Pakistan", "Southern Asia")
    assert rows["IND901"].actor2 == ""  # "no second actor" is a gold answer


def test_acled_old_schema_maps_event_types(gold_files: dict[str, Path]) -> None:
    rows = by_id(gold_files["acled_old"])
    protest, bomb = rows["901PAK"], rows["902PAK"]
    assert protest.accepted_event_types == ("Protests", "Riots")
    assert protest.event_type == "Protests or Riots"
    assert bomb.accepted_event_types == ("Explosions/Remote violence",)
    assert protest.sub_event_type is None and bomb.sub_event_type is None
    assert protest.event_date == dt.date(2015, 3, 14)  # "14-March-2015"
    assert protest.region == "Southern Asia"  # from the country: the old schema has no region column


def test_acled_notes_date_comes_from_the_notes(gold_files: dict[str, Path]) -> None:
    rows = by_id(gold_files["acled_notes"])
    assert rows["11"].event_date == dt.date(2024, 1, 3)
    assert rows["12"].event_date == dt.date(2024, 2, 5)  # "Around 5 February 2024"
    assert rows["12"].sub_event_type == "Violent demonstration"
    assert rows["13"].event_date is None  # "In mid-March": not scored
    assert rows["13"].article.published > dt.date(2024, 3, 31)  # still after the whole month
    assert rows["11"].fatalities is None and rows["11"].actor1 is None


def test_ucdp_rows(gold_files: dict[str, Path]) -> None:
    gold = load_gold(gold_files["ucdp_ged"])
    assert gold.skipped == {"no text": 1}  # the row without a headline
    rows = {r.row_id: r for r in gold.rows}
    bannu, parachinar = rows["9001"], rows["9002"]
    assert bannu.article.text == "Militants attack checkpost in Bannu, several killed"
    assert (bannu.admin1, bannu.admin2) == ("Khyber Pakhtunkhwa", "Bannu")  # suffixes stripped
    assert (bannu.fatalities_low, bannu.fatalities_best, bannu.fatalities_high) == (5, 6, 9)
    assert bannu.fatalities is None
    assert bannu.event_date == dt.date(2012, 6, 10) and bannu.event_date_end is None
    assert parachinar.event_date_end == dt.date(2012, 7, 3)
    assert parachinar.article.published > dt.date(2012, 7, 3)
    assert bannu.event_type is None and bannu.actor1 is None


def test_gtd_counts_attackers_by_default(gold_files: dict[str, Path]) -> None:
    rows = by_id(gold_files["gtd"])
    assert rows["201705140007"].fatalities == 5
    victims = by_id(gold_files["gtd"], gtd_include_attackers=False)
    assert victims["201705140007"].fatalities == 4
    assert victims["201706020011"].fatalities == 3  # empty nkillter counts as 0


def test_gtd_fields(gold_files: dict[str, Path]) -> None:
    rows = by_id(gold_files["gtd"])
    bomb, assault = rows["201705140007"], rows["201706020011"]
    assert bomb.event_date == dt.date(2017, 5, 14)
    assert (bomb.admin1, bomb.location) == ("Kandahar", "Spin Boldak")
    assert bomb.event_type == "Explosions/Remote violence"
    assert assault.event_type is None  # armed assault has no single ACLED type
    assert assault.location is None  # "Unknown"
    assert bomb.region == "Caucasus and Central Asia"  # ACLED's region, not GTD's "South Asia"


@pytest.mark.parametrize("fmt", [f.value for f in GoldFormat if f not in NEWS])  # news: test_eval_news.py
def test_article_is_published_after_the_event(gold_files: dict[str, Path], fmt: str) -> None:
    path = gold_files[fmt]
    rows = load_gold(path).rows
    assert rows
    for row in rows:
        art = row.article
        latest = row.event_date_end or row.event_date
        if latest is not None:
            assert 1 <= (art.published - latest).days <= 5
        assert art.id.startswith(f"{path.stem}:")
        assert (art.title, art.source, art.url, art.language) == ("", "", "", "en")
        assert art.text.strip()


def test_no_gold_column_reaches_the_article(write_acled: Callable[..., Path]) -> None:
    path = write_acled(
        "sentinel.csv",
        lambda column: f"GOLD-{column}",
        event_id_cnty="X1",
        event_date="7-May-20",
        notes="Plain report text.",
        fatalities="9",
    )
    (row,) = load_gold(path).rows
    assert row.admin1 == "GOLD-admin1" and row.actor2 == "GOLD-actor2"
    assert row.article.text == "Plain report text."
    assert row.article.id == "sentinel:X1"
    assert "GOLD" not in repr(row.article)
    assert row.article.published > dt.date(2020, 5, 7)


def test_published_date_is_reproducible(gold_files: dict[str, Path]) -> None:
    first = [r.article for r in load_gold(gold_files["acled"]).rows]
    second = [r.article for r in load_gold(gold_files["acled"]).rows]
    assert first == second
    assert all(1 <= published_offset(str(i)) <= 5 for i in range(200))
    assert len({published_offset(str(i)) for i in range(200)}) == 5


def test_rows_sharing_a_text_share_one_article(gold_files: dict[str, Path]) -> None:
    rows = by_id(gold_files["acled"])
    quetta, turbat = rows["PAK902"], rows["PAK903"]
    assert quetta.article == turbat.article
    assert quetta.article.id == "acled_mini:PAK902"
    assert quetta.location == "Quetta" and turbat.location == "Turbat"
    assert rows["PAK901"].article.id == "acled_mini:PAK901"
