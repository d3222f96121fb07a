"""Store integrity: the id collision that left dangling reports, failures that change nothing,
`sitrep check` and `--repair` on a store this test corrupts on purpose (both back ends)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, update
from typer.testing import CliRunner

import sitrep.store.fusion as fusion
from sitrep.cli import app
from sitrep.fuse import fuse_coded, fuse_reports, reports_from
from sitrep.model import Coded, Event
from sitrep.store import Store
from sitrep.store.integrity import REPAIR_REASON
from sitrep.store.tables import AliasRow, EventRow, ReportRow
from tests.fuse.factory import article, event
from tests.store.sound import assert_sound

MON = dt.date(2026, 3, 2)


def _twin_ids() -> list[Coded]:
    """One article coding two attacks on one day with one event id (as assemble can: it hashes
    article, day, place, type and actor), and a second outlet reporting the second attack only."""
    first = event("a1", MON, place="Kulachi", fatalities=3, n=0)
    second = dataclasses.replace(
        event("a1", MON, place="Tank", fatalities=5, n=1), event_id=first.event_id
    )  # the same id
    other = event("b1", MON, place="Tank", fatalities=6)
    return [
        Coded(article("a1", MON), (first, second), ()),
        Coded(article("b1", MON + dt.timedelta(days=1)), (other,), ()),
    ]


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_two_events_of_one_article_with_one_id_stay_two_events_and_nothing_dangles(
    store_url: str, order: tuple[int, int]
) -> None:
    coded = _twin_ids()
    with Store(store_url) as store:
        for i in order:
            store.ingest_coded([coded[i]])
            assert_sound(store)
        events = sorted(store.events(), key=lambda e: e.event_id)
        assert len(events) == 2
        assert events == fuse_coded(coded)
        tank = next(e for e in events if e.location == "Tank")
        assert tank.article_ids == ("a1", "b1") and tank.event_id.endswith("~2")


def test_an_article_that_cannot_be_fused_is_recorded_failed_and_changes_nothing(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = [Coded(article(f"g{i}", MON), (event(f"g{i}", MON, fatalities=i + 1),), ()) for i in range(2)]
    bad = Coded(article("bad", MON), (event("bad", MON, fatalities=9),), ())
    real = fusion.refuse

    def refuse_but_not_bad(conn, members, **kw):  # type: ignore[no-untyped-def]
        if kw.get("article_id") == "bad":
            raise RuntimeError("boom")
        return real(conn, members, **kw)

    monkeypatch.setattr(fusion, "refuse", refuse_but_not_bad)
    with Store(store_url) as store:
        store.ingest_coded(good[:1])
        before = store.events()
        report = store.ingest_coded([bad, good[1]])
        assert report.articles_failed == 1 and report.articles_new == 1
        assert [i.code for i in report.issues] == ["E047"]
        assert not store.has_article(bad.article)  # rolled back: a later run tries it again
        assert store.article_count() == 2
        assert before[0].article_ids == ("g0",) and store.event(before[0].event_id) is not None
        assert_sound(store)
        monkeypatch.setattr(fusion, "refuse", real)
        store.ingest_coded([bad])
        assert_sound(store)
        assert store.article_count() == 3


def test_an_article_that_could_not_be_coded_is_not_stored(store_url: str) -> None:
    from sitrep.model import Issue

    failed = Coded(article("x", MON), (), (Issue(code="E030", message="coding failed", article_id="x"),))
    with Store(store_url) as store:
        report = store.ingest_coded([failed])
        assert report.articles_failed == 1 and store.article_count() == 0


def _corpus() -> list[Coded]:
    day = MON
    return [
        Coded(article("a", day), (event("a", day, fatalities=4),), ()),
        Coded(article("b", day + dt.timedelta(days=1)), (event("b", day, fatalities=6),), ()),
        Coded(article("c", day), (event("c", day, place="Tank", sub_event_type="Attack"),), ()),
    ]


def _corrupt(store: Store) -> dict[str, str]:
    """Break every invariant once; returns the ids broken."""
    events = sorted(store.events(), key=lambda e: e.event_id)
    fused = next(e for e in events if len(e.article_ids) == 2)
    single = next(e for e in events if len(e.article_ids) == 1)
    with store.engine.begin() as conn:
        conn.execute(delete(EventRow).where(EventRow.event_id == single.event_id))  # its report dangles
        row = dict(fusion.event_columns(dataclasses.replace(fused, event_id="ev-orphan")), event_id="ev-orphan")
        conn.execute(insert(EventRow).values(**row, updated_at=dt.datetime.now(dt.UTC)))  # no report
        conn.execute(insert(AliasRow).values(old_id="ev-gone", event_id="ev-nowhere"))  # dangling alias
        wrong = dataclasses.replace(fused, fatalities=99)
        conn.execute(  # a change no revision explains
            update(EventRow).where(EventRow.event_id == fused.event_id).values(**fusion.event_columns(wrong))
        )
    return {"dangling": single.event_id, "fused": fused.event_id}


def test_check_finds_each_broken_invariant_and_repair_rebuilds_events_from_reports(store_url: str) -> None:
    coded = _corpus()
    with Store(store_url) as store:
        store.ingest_coded(coded)
        assert_sound(store)
        broken = _corrupt(store)
        kinds = {(p.kind, p.subject) for p in store.check()}
        assert ("event without reports", "ev-orphan") in kinds
        assert ("dangling alias", "ev-gone") in kinds
        assert ("unexplained change", broken["fused"]) in kinds
        assert any(kind == "dangling report" for kind, _ in kinds)
        runner = CliRunner()
        found = runner.invoke(app, ["check", "--db", store_url])
        assert found.exit_code == 1
        assert "dangling report" in found.output and "ev-orphan" in found.output
        repaired = runner.invoke(app, ["check", "--db", store_url, "--repair"])
        assert repaired.exit_code == 0, repaired.output
        assert_sound(store)
        assert runner.invoke(app, ["check", "--db", store_url]).exit_code == 0
        reports = [r for c in coded for r in reports_from(c.article, c.events)]
        assert sorted(store.events(), key=lambda e: e.event_id) == fuse_reports(reports)
        assert store.event("ev-orphan") is None
        last = store.history(broken["fused"])[-1]
        assert (last.cause, last.reason) == ("figures revised", REPAIR_REASON)
        assert last.changes["fatalities"] == (99, 4)


def test_check_is_read_only(store_url: str) -> None:
    with Store(store_url) as store:
        store.ingest_coded(_corpus())
        _corrupt(store)
        before: list[Event] = store.events()
        store.check()
        assert store.events() == before
        assert store.report_count() == 3
        with store.engine.connect() as conn:
            assert conn.execute(ReportRow.__table__.select()).all()


def test_changed_fusion_rules_never_leave_a_report_dangling_and_repair_fuses_again(store_url: str) -> None:
    from sitrep.settings import load_settings

    day = MON
    first = [
        Coded(article("a", day), (event("a", day, fatalities=2),), ()),
        Coded(article("b", day + dt.timedelta(days=2)), (event("b", day + dt.timedelta(days=2), fatalities=3),), ()),
    ]
    later = Coded(article("c", day + dt.timedelta(days=1)), (event("c", day + dt.timedelta(days=1)),), ())
    wide = load_settings().model_copy(update={"fusion_days": 2})
    with Store(store_url, settings=wide) as store:
        store.ingest_coded(first)
        assert_sound(store)
        assert len(store.events()) == 1
    with Store(store_url) as store:  # back to fusion_days = 1
        store.ingest_coded([later])
        assert not any(p.kind in {"dangling report", "event without reports"} for p in store.check())
        assert store.repair() == []
        assert_sound(store)
        reports = [r for c in [*first, later] for r in reports_from(c.article, c.events)]
        assert sorted(store.events(), key=lambda e: e.event_id) == fuse_reports(reports, store.rules)


def test_check_refuses_a_store_that_does_not_exist_and_creates_none(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "events.db"
    result = CliRunner().invoke(app, ["check", "--db", str(missing)])
    assert result.exit_code == 2 and "[E048]" in result.output
    assert not missing.parent.exists()
