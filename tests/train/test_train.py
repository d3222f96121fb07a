"""`sitrep train` on texts the tests write: the model directory and its card, determinism, a
team's own taxonomy, and the coded errors of a model directory sitrep cannot read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.assemble.learned import CARD, LearnedTyper, model_row
from sitrep.cli import app
from sitrep.errors import ConfigError, DataFileError, InputError
from sitrep.extract.classify import Typing
from sitrep.pipeline import Pipeline
from sitrep.train import fit, from_csv, load_taxonomy
from sitrep.vocab.taxonomy import EventType
from tests.train.corpus import write_csv


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("train")
    data = write_csv(root / "coded.csv")
    result = CliRunner().invoke(
        app,
        ["train", str(data), "--text-column", "text", "--label-column", "category", "--out", str(root / "m")]
        + ["--licence", "written by the tests"],
    )
    assert result.exit_code == 0, result.output
    return root / "m"


def test_a_model_directory_holds_weights_labels_and_a_card_that_says_where_it_came_from(model_dir: Path) -> None:
    card = json.loads((model_dir / CARD).read_text())
    assert card["format_version"] == 2 and card["sitrep_version"]
    assert card["data"]["licence"] == "written by the tests" and len(card["data"]["sha256"]) == 64
    assert set(card["data"]["label_counts"]) == {
        "Armed clash",
        "Remote explosive/landmine/IED",
        "Peaceful protest",
        "Abduction/forced disappearance",
    }
    held = card["held_out"]
    assert held["rows"] > 0 and held["accuracy"] >= 0.9 and 0 <= held["ece"] <= 1
    assert sum(b[2] for b in held["reliability"]) == held["rows"]
    size = sum(p.stat().st_size for p in model_dir.iterdir())
    assert size < 50_000_000


def test_a_model_of_acled_sub_event_types_sets_the_event_type_the_taxonomy_implies(model_dir: Path) -> None:
    typer = LearnedTyper.load(model_dir)
    assert typer.acled
    text = "A roadside bomb tore through a police patrol near Chaman on Friday, killing four officers."
    # where the model changes the rules' type is in test_rules_and_model (analysts' corrections)
    rules = Typing(EventType.EXPLOSIONS, "Remote explosive/landmine/IED", ("ied",))
    (probs,) = typer.probabilities([text], [rules])
    decision = typer.decide(rules, probs)
    assert decision.typed_by == "model" and decision.label == ""
    assert decision.typing.sub_event_type == "Remote explosive/landmine/IED"
    assert decision.typing.event_type == EventType.EXPLOSIONS
    assert decision.confidence == typer.calibrated(max(probs.values())) and 0.5 <= decision.confidence <= 1


def test_training_texts_are_read_by_the_rules_and_the_model_reads_their_decision(
    pipeline: Pipeline, model_dir: Path, tmp_path: Path
) -> None:
    examples = from_csv(write_csv(tmp_path / "coded.csv"), text="text", label="category", pipeline=pipeline)
    typed = [e for e in examples.rows if e.rules is not None]
    assert len(typed) >= 0.9 * len(examples.rows)  # the rules find an event in nearly every text
    bombs = [e for e in typed if e.label == "Remote explosive/landmine/IED"]
    assert bombs and all(e.rules is not None and e.rules.decided_by for e in bombs)  # with the triggers that decided
    assert all(
        e.rules is None for e in from_csv(tmp_path / "coded.csv", text="text", label="category", rules=False).rows
    )
    typer = LearnedTyper.load(model_dir)
    text = "Fighting near Zhob on Monday left four dead."
    clash = Typing(EventType.BATTLES, "Armed clash", ("clash",))
    protest = Typing(EventType.PROTESTS, "Peaceful protest", ("protest",))
    (as_clash, as_protest) = typer.probabilities([text, text], [clash, protest])
    assert as_clash["Armed clash"] > as_protest["Armed clash"]
    assert as_protest["Peaceful protest"] > as_clash["Peaceful protest"]


def test_training_is_deterministic_for_a_seed(pipeline: Pipeline, tmp_path: Path) -> None:
    data = write_csv(tmp_path / "coded.csv")
    examples = from_csv(data, text="text", label="category", pipeline=pipeline)
    fit(examples, tmp_path / "one", licence="x", seed=7)
    fit(examples, tmp_path / "two", licence="x", seed=7)
    texts = ["Gunmen seized two engineers near Zhob on Sunday.", "Police and militants fought in Bannu."]
    one = LearnedTyper.load(tmp_path / "one").probabilities(texts)
    two = LearnedTyper.load(tmp_path / "two").probabilities(texts)
    assert one == two
    card_one = json.loads((tmp_path / "one" / CARD).read_text())
    card_two = json.loads((tmp_path / "two" / CARD).read_text())
    assert card_one["held_out"] == card_two["held_out"]


def test_a_team_taxonomy_maps_its_own_labels_to_acled_where_they_map(pipeline: Pipeline, tmp_path: Path) -> None:
    rename = {
        "Armed clash": "Armed Assault",
        "Remote explosive/landmine/IED": "Bombing/Explosion",
        "Peaceful protest": "Demonstration",
        "Abduction/forced disappearance": "Hostage Taking",
    }
    data = write_csv(tmp_path / "ours.csv", label_column="attack", rename=rename)
    taxonomy = tmp_path / "ours.toml"
    taxonomy.write_text(
        "[labels]\n"
        '"Bombing/Explosion" = { sub_event_type = "Remote explosive/landmine/IED" }\n'
        '"Armed Assault" = { event_type = "Battles" }\n'
        '"Hostage Taking" = { sub_event_type = "Abduction/forced disappearance" }\n'
        '"Demonstration" = {}\n'
    )
    card = fit(
        from_csv(data, text="text", label="attack", pipeline=pipeline),
        tmp_path / "m",
        licence="x",
        taxonomy=load_taxonomy(taxonomy),
    )
    assert card["held_out"]["accuracy"] >= 0.9
    typer = LearnedTyper.load(tmp_path / "m")
    assert not typer.acled
    bombing = Typing(EventType.EXPLOSIONS, "Remote explosive/landmine/IED", ("ied",))
    rules = Typing(EventType.PROTESTS, "Peaceful protest", ("protest",))
    (bomb, march) = typer.probabilities(
        ["A bomb hidden in a cart exploded at a bus stop in Chaman on Friday, killing six.", "Nurses marched in Zhob."],
        [bombing, rules],
    )
    decided = typer.decide(bombing, bomb)
    assert (decided.label, decided.typed_by, decided.typing.sub_event_type) == (
        "Bombing/Explosion",
        "model",
        "Remote explosive/landmine/IED",
    )
    kept = typer.decide(rules, march)  # a label ACLED has no type for: it labels, the rules type
    assert (kept.label, kept.typed_by, kept.typing) == ("Demonstration", "rules", rules)


def test_a_taxonomy_naming_a_type_acled_lacks_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[labels]\n"Raid" = { sub_event_type = "Raid" }\n')
    with pytest.raises(DataFileError, match="E088"):
        load_taxonomy(bad)


def test_a_model_of_an_unknown_format_version_is_refused_with_a_code(model_dir: Path, tmp_path: Path) -> None:
    future = tmp_path / "future"
    future.mkdir()
    for part in model_dir.iterdir():
        (future / part.name).write_bytes(part.read_bytes())
    card = json.loads((future / CARD).read_text())
    card["format_version"] = 99
    (future / CARD).write_text(json.dumps(card))
    with pytest.raises(ConfigError, match="E086"):
        LearnedTyper.load(future)
    with pytest.raises(ConfigError, match="E085"):
        LearnedTyper.load(tmp_path / "nothing-here")
    result = CliRunner().invoke(app, ["extract", "-", "--model", str(future)], input="")
    assert result.exit_code == 2 and "E086" in result.output


def test_training_data_without_the_named_columns_or_with_one_label_is_refused(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    data = write_csv(tmp_path / "coded.csv")
    with pytest.raises(InputError, match="E087"):
        from_csv(data, text="summary", label="category")
    one = tmp_path / "one.csv"
    one.write_text(
        "text,category\n" + "".join(f"Militants attacked post {i} in Quetta.,Armed clash\n" for i in range(9))
    )
    with pytest.raises(InputError, match="E087"):
        fit(from_csv(one, text="text", label="category", pipeline=pipeline), tmp_path / "m", licence="x")


def test_a_rules_type_the_model_never_learned_stands_with_the_rules_own_confidence(model_dir: Path) -> None:
    typer = LearnedTyper.load(model_dir)
    assert "Mob violence" not in typer.labels
    rules = Typing(EventType.RIOTS, "Mob violence", ("mob",))
    (probs,) = typer.probabilities(["A mob set fire to shops in Mardan on Sunday after a rally."], [rules])
    decision = typer.decide(rules, probs)
    assert (decision.typing, decision.typed_by, decision.confidence) == (rules, "rules", None)


def test_coding_gives_the_fitted_pipelines_own_probabilities(model_dir: Path) -> None:
    typer = LearnedTyper.load(model_dir)
    rows = [
        model_row("Gunmen seized two engineers near Zhob on Sunday.", None),
        model_row("Police and militants fought in Bannu.", Typing(EventType.BATTLES, "Armed clash", ("clash",))),
    ]
    quick = typer.row_probabilities(rows)
    slow = typer.estimator.predict_proba(rows)
    for got, want in zip(quick, slow, strict=True):
        assert [got[label] for label in typer.labels] == pytest.approx(list(want), abs=1e-12)
