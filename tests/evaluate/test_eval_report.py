"""run_eval end to end with a fake coder: text report, JSON dump, determinism."""

from __future__ import annotations

import importlib
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sitrep.evaluate as evaluate_pkg
from sitrep.evaluate import run_eval, to_json, to_text
from sitrep.model import Article, Event


def coder_for(event_factory: Callable[..., Event], fake_coder: Any) -> Any:
    """Codes every article as one Battles event in Miranshah, except the Indian protest (no event)."""

    def respond(art: Article) -> list[Event]:
        if "fishermen" in art.text:
            return []
        return [
            event_factory(
                art,
                actor1="Military Forces of Pakistan (2018-2022)",
                location="Miranshah",
                latitude=33.0,
                longitude=70.07,
                fatalities=4,
            )
        ]

    return fake_coder(respond)


def test_run_eval_prints_and_dumps(
    gold_files: dict[str, Path], tmp_path: Path, event_factory: Callable[..., Event], fake_coder: Any
) -> None:
    out = io.StringIO()
    json_path = tmp_path / "eval.json"
    card = run_eval(
        gold_files["acled"],
        code=coder_for(event_factory, fake_coder),
        region="Southern Asia",
        country=["Afghanistan"],
        json_out=json_path,
        out=out,
    )
    assert card.rows == 5 and card.articles == 4 and card.no_event == 1
    text = out.getvalue()
    assert text == to_text(card)
    assert "acled_mini.csv [acled]" in text
    assert "country=Afghanistan; region=Southern Asia" in text
    assert "rows with no event 1 (20.0%)" in text
    assert "skipped rows: no text 1" in text
    assert "Battles (n=1, 100.0% right): Battles 1" in text
    assert "Protests (n=1, 0.0% right): (no event) 1" in text
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["fields"]["actor1"] == {"correct": 1, "n": 5, "accuracy": 0.2}
    assert data["no_event"] == 1
    assert [r["row_id"] for r in data["results"]] == ["PAK901", "PAK902", "PAK903", "AFG901", "IND901"]
    assert data["results"][4]["event_id"] == ""


def test_reports_are_deterministic(
    gold_files: dict[str, Path], event_factory: Callable[..., Event], fake_coder: Any
) -> None:
    for path in gold_files.values():
        first = run_eval(path, code=coder_for(event_factory, fake_coder))
        second = run_eval(path, code=coder_for(event_factory, fake_coder))
        assert to_text(first) == to_text(second)
        assert to_json(first) == to_json(second)


def test_limit_and_gtd_option_show_in_the_report(
    gold_files: dict[str, Path], event_factory: Callable[..., Event], fake_coder: Any
) -> None:
    card = run_eval(gold_files["gtd"], code=coder_for(event_factory, fake_coder), limit=1, gtd_include_attackers=False)
    assert card.rows == 1
    assert dict(card.filters) == {"limit": "1", "gtd_include_attackers": "false"}


def test_default_coder_is_the_engine_with_the_default_settings() -> None:
    from sitrep.engine import Engine

    coder = evaluate_pkg.default_coder()
    engine = coder.__self__  # type: ignore[attr-defined]
    assert isinstance(engine, Engine) and coder.__func__ is Engine.extract  # type: ignore[attr-defined]
    assert engine.workers == engine.pipeline.settings.workers
    assert list(coder([])) == []  # nothing to code: nothing loads, nothing comes back


def test_public_api_is_sorted() -> None:
    for name in (
        "sitrep.evaluate",
        "sitrep.evaluate.gold",
        "sitrep.evaluate.score",
        "sitrep.evaluate.report",
        "sitrep.evaluate.news",
        "sitrep.evaluate.predictions",
        "sitrep.evaluate.mappings",
    ):
        module = importlib.import_module(name)
        assert module.__all__ == sorted(module.__all__), name
