"""Rules and a learned model together, through the real pipeline and store: without a model the
output is what it always was; with one, the model types the events the rules found and each says
who decided; an analyst's corrections in the store teach a model that codes the pattern right."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.codec import EVENT_FIELDS
from sitrep.export.acled_csv import CSV_COLUMNS
from sitrep.model import Article
from sitrep.pipeline import Pipeline
from sitrep.settings import load_settings
from sitrep.store import Store
from sitrep.train import fit, from_csv, from_store
from tests.train.corpus import write_csv

STORY = (
    "A roadside bomb exploded under a police van in Quetta on Monday, killing three officers. "
    "Police said the device had been planted overnight."
)
NEGATED = "There was no attack in Quetta on Monday, police said."
HYPOTHETICAL = "Officials warned that militants could attack Quetta next week."


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Path:
    root = tmp_path_factory.mktemp("model")
    data = write_csv(root / "coded.csv")
    fit(from_csv(data, text="text", label="category", pipeline=pipeline), root / "m", licence="tests")
    return root / "m"


def _article(text: str, article_id: str = "a1", day: int = 4) -> Article:
    return Article(id=article_id, text=text, published=dt.date(2026, 5, day))


def test_without_a_model_events_carry_no_learned_fields_and_every_format_is_as_before(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a1", "text": STORY, "published": "2026-05-04"}) + "\n")
    jsonl = CliRunner().invoke(app, ["extract", str(source)])
    assert jsonl.exit_code == 0, jsonl.output
    events = [json.loads(line) for line in jsonl.stdout.splitlines() if line.startswith("{")]
    assert events and all(tuple(e) == EVENT_FIELDS for e in events)
    csv_out = CliRunner().invoke(app, ["extract", str(source), "--format", "csv"])
    assert csv_out.stdout.splitlines()[0].split(",") == list(CSV_COLUMNS)


def test_the_model_types_the_events_the_rules_found_and_says_so(pipeline: Pipeline, model_dir: Path) -> None:
    learned = Pipeline(pipeline.settings.model_copy(update={"learned_model": str(model_dir)}))
    learned.nlp = pipeline.nlp  # the session's loaded spaCy model, not a second load
    (alone,) = [c.events for c in pipeline.run([_article(STORY)])]
    (both,) = [c.events for c in learned.run([_article(STORY)])]
    assert len(alone) == len(both) >= 1
    for a, b in zip(alone, both, strict=True):
        assert (a.location, a.event_date, a.fatalities, a.actor1) == (b.location, b.event_date, b.fatalities, b.actor1)
        assert a.typed_by == "" and b.typed_by in {"model", "rules"}
    event = both[0]
    assert event.typed_by == "model" and event.sub_event_type == "Remote explosive/landmine/IED"
    assert 0.5 <= event.confidence <= 1.0
    for excluded in (NEGATED, HYPOTHETICAL):  # what the rules exclude stays excluded
        assert [c.events for c in pipeline.run([_article(excluded)])] == [()]
        assert [c.events for c in learned.run([_article(excluded)])] == [()]


# An analyst's pattern: this team codes a landmine hit on a herders' vehicle (which sitrep's rules
# call an explosion) as an attack on civilians, and a crowd looting a depot as a violent demonstration.
LANDMINE = "A landmine struck a tractor carrying herders near {town} on {day}, killing {n} people."
LOOTING = "An angry crowd looted a flour depot in {town} on {day} during a rally over prices."
TOWNS = [
    "Zhob",
    "Chaman",
    "Loralai",
    "Kalat",
    "Khuzdar",
    "Panjgur",
    "Mastung",
    "Sibi",
    "Nushki",
    "Kharan",
    "Dera Bugti",
]


def _stories(template: str, start: int) -> list[Article]:
    return [
        _article(
            template.format(town=town, day="Monday", n=2 + i % 4), article_id=f"{template[:6]}-{i}", day=start + 2 * i
        )
        for i, town in enumerate(TOWNS[:10])
    ]


def test_a_model_trained_from_analysts_corrections_codes_the_corrected_pattern_on_new_texts(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(db, settings=load_settings()) as store:
        store.ingest_coded(list(pipeline.run(_stories(LANDMINE, 1) + _stories(LOOTING, 2))))
        corrected = confirmed = 0
        for event in store.events(order="event_id"):
            if "landmine" in event.notes.casefold() or "tractor" in event.notes.casefold():
                assert event.sub_event_type != "Attack"  # the rules' own reading differs from the team's
                store.correct(
                    event.event_id,
                    {"event_type": "Violence against civilians", "sub_event_type": "Attack"},
                    user="ana",
                    why="our codebook: mines on civilian vehicles are attacks",
                )
                corrected += 1
            else:
                store.correct(
                    event.event_id,
                    {"event_type": "Riots", "sub_event_type": "Violent demonstration"},
                    user="ana",
                    why="looting at a rally",
                )
                confirmed += 1
        assert corrected >= 8 and confirmed >= 8
        examples = from_store(store, pipeline=pipeline)
    assert {e.label for e in examples.rows} == {"Attack", "Violent demonstration"}
    fit(examples, tmp_path / "m", licence="our own coding")
    learned = Pipeline(pipeline.settings.model_copy(update={"learned_model": str(tmp_path / "m")}))
    learned.nlp = pipeline.nlp
    new = _article("A landmine struck a tractor carrying herders near Awaran on Tuesday, killing four people.", "new-1")
    (events,) = [c.events for c in learned.run([new])]
    (before,) = [c.events for c in pipeline.run([new])]
    assert before and before[0].sub_event_type != "Attack"
    assert events and events[0].sub_event_type == "Attack" and events[0].typed_by == "model"
    assert events[0].event_type == "Violence against civilians"
