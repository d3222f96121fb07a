"""A story re-published with the same id or URL and another text is a new version: stored beside
the old one, re-coded, and its events revise the fused events; the same text stays a duplicate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from sitrep.model import Coded
from sitrep.store import Store
from sitrep.store.tables import ArticleVersionRow
from tests.fuse.factory import article, event
from tests.store.sound import assert_sound

MON = dt.date(2026, 3, 2)


def _story(article_id: str, toll: int, *, text: str, url: str = "", place: str = "Kulachi") -> Coded:
    return Coded(
        article(article_id, MON, text=text, url=url), (event(article_id, MON, fatalities=toll, place=place),), ()
    )


def test_the_same_id_with_a_raised_toll_revises_the_event_and_keeps_the_old_text(store_url: str) -> None:
    with Store(store_url) as store:
        store.ingest_coded([_story("a", 14, text="A bomb killed 14 people in Kulachi.")])
        other = _story("b", 12, text="Twelve were killed in Kulachi, police said.")
        store.ingest_coded([other])
        assert_sound(store)
        (before,) = store.events()
        report = store.ingest_coded([_story("a", 21, text="The toll of the Kulachi bombing rose to 21.")])
        assert (report.articles_revised, report.articles_new, report.articles_duplicate) == (1, 0, 0)
        assert [i.code for i in report.issues] == ["W042"]
        assert_sound(store)
        (after,) = store.events()
        assert after.event_id == before.event_id and after.article_ids == ("a", "b")
        assert (after.fatalities_low, after.fatalities_high) == (12, 21)
        assert store.article("a").text == "The toll of the Kulachi bombing rose to 21."  # type: ignore[union-attr]
        with store.engine.connect() as conn:
            kept = conn.execute(select(ArticleVersionRow.version, ArticleVersionRow.text)).all()
        assert [tuple(row) for row in kept] == [(1, "A bomb killed 14 people in Kulachi.")]
        last = store.history(after.event_id)[-1]
        assert last.cause == "figures revised" and last.article_id == "a"
        assert "version 2 replaces version 1" in last.reason
        # the same text again, under the same id or another: a duplicate, nothing changes
        again = store.ingest_coded([_story("a", 21, text="The toll of the Kulachi bombing rose to 21.")])
        old_text = store.ingest_coded([_story("z", 14, text="A bomb killed 14 people in Kulachi.")])
        assert again.articles_duplicate == 1 and old_text.articles_duplicate == 1
        assert store.events() == [after]
        assert_sound(store)


def test_the_same_url_under_a_new_id_is_a_new_version_of_the_stored_article(store_url: str) -> None:
    url = "https://news.example/kulachi-blast"
    with Store(store_url) as store:
        store.ingest_coded([_story("a", 3, text="Three died in a Kulachi blast.", url=url)])
        report = store.ingest_coded([_story("a-upd", 5, text="Five died in a Kulachi blast.", url=url + "#top")])
        assert report.articles_revised == 1
        assert_sound(store)
        (event,) = store.events()
        assert event.article_ids == ("a",) and event.fatalities == 5
        assert store.article_count() == 1


def test_a_revision_that_moves_the_event_retires_the_old_one_into_the_new(store_url: str) -> None:
    with Store(store_url) as store:
        store.ingest_coded([_story("a", 2, text="Two killed in Kulachi.")])
        (old,) = store.events()
        store.ingest_coded([_story("a", 2, text="Correction: the attack was in Tank.", place="Tank")])
        assert_sound(store)
        (new,) = store.events()
        assert new.location == "Tank" and new.event_id != old.event_id
        assert store.resolve(old.event_id) == new.event_id  # the old id follows the article
        assert "merged" in [r.cause for r in store.history(new.event_id)]


def test_a_revision_with_no_event_left_removes_the_event(store_url: str) -> None:
    with Store(store_url) as store:
        store.ingest_coded([_story("a", 2, text="Two killed in Kulachi.")])
        (old,) = store.events()
        store.ingest_coded([Coded(article("a", MON, text="Retraction: no attack took place."), (), ())])
        assert_sound(store)
        assert store.events() == []
        assert store.resolve(old.event_id) is None


def test_a_revision_is_order_free_among_other_articles(tmp_path: Path) -> None:
    first = _story("a", 4, text="Four killed in Kulachi.")
    second = _story("a", 6, text="Six killed in Kulachi, officials now say.")
    other = _story("b", 5, text="Five killed in Kulachi.")
    results = []
    for n, order in enumerate(([first, other, second], [first, second, other])):
        with Store(f"sqlite:///{tmp_path / f's{n}.db'}") as store:
            store.ingest_coded(order)
            assert_sound(store)
            results.append(store.events())
    assert results[0] == results[1]


def test_sitrep_ingest_counts_a_revised_story_and_history_says_why(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from sitrep.cli import app

    first = "Gunmen killed 14 people at a market in Quetta on Monday, police said."
    revised = "Gunmen killed 21 people at a market in Quetta on Monday, police said, raising the toll."
    lines = [
        {"id": "q1", "text": first, "published": "2026-03-02"},
        {"id": "q1", "text": revised, "published": "2026-03-03"},
        {"id": "q1-copy", "text": revised, "published": "2026-03-03"},
    ]
    corpus = tmp_path / "q.jsonl"
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'q.db'}"
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", db, "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "3 article(s) read, 1 new, 1 already stored, 1 revised;" in result.output
    with Store(db) as store:
        assert_sound(store)
        (event,) = store.events()
        assert event.fatalities == 21
    history = CliRunner().invoke(app, ["events", "history", event.event_id, "--db", db])
    assert "figures revised" in history.output and "version 2 replaces version 1" in history.output
    assert "reports: 1" in history.output and "first report" in history.output
    assert CliRunner().invoke(app, ["check", "--db", db]).exit_code == 0
