"""`sitrep train` on texts the tests write: the model directory and its card, determinism, a
team's own taxonomy, and the coded errors of a model directory sitrep cannot read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.assemble.learned import CARD, LearnedTyper
from sitrep.cli import app
from sitrep.errors import ConfigError, DataFileError, InputError
from sitrep.extract.classify import Typing
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
    assert card["format_version"] == 1 and card["sitrep_version"]
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
    (probs,) = typer.probabilities([text])
    rules = Typing(EventType.BATTLES, "Armed clash", ("clash",))
    decision = typer.decide(rules, probs)
    assert decision.typed_by == "model" and decision.label == ""
    assert decision.typing.sub_event_type == "Remote explosive/landmine/IED"
    assert decision.typing.event_type == EventType.EXPLOSIONS
    assert decision.confidence == pytest.approx(max(probs.values()), abs=1e-4)


def test_training_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    data = write_csv(tmp_path / "coded.csv")
    examples = from_csv(data, text="text", label="category")
    fit(examples, tmp_path / "one", licence="x", seed=7)
    fit(examples, tmp_path / "two", licence="x", seed=7)
    texts = ["Gunmen seized two engineers near Zhob on Sunday.", "Police and militants fought in Bannu."]
    one = LearnedTyper.load(tmp_path / "one").probabilities(texts)
    two = LearnedTyper.load(tmp_path / "two").probabilities(texts)
    assert one == two
    card_one = json.loads((tmp_path / "one" / CARD).read_text())
    card_two = json.loads((tmp_path / "two" / CARD).read_text())
    assert card_one["held_out"] == card_two["held_out"]


def test_a_team_taxonomy_maps_its_own_labels_to_acled_where_they_map(tmp_path: Path) -> None:
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
        from_csv(data, text="text", label="attack"), tmp_path / "m", licence="x", taxonomy=load_taxonomy(taxonomy)
    )
    assert card["held_out"]["accuracy"] >= 0.9
    typer = LearnedTyper.load(tmp_path / "m")
    assert not typer.acled
    rules = Typing(EventType.VIOLENCE_AGAINST_CIVILIANS, "Attack", ("attack",))
    (bomb, march) = typer.probabilities(
        ["A bomb hidden in a cart exploded at a bus stop in Chaman on Friday, killing six.", "Nurses marched in Zhob."]
    )
    decided = typer.decide(rules, bomb)
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


def test_training_data_without_the_named_columns_or_with_one_label_is_refused(tmp_path: Path) -> None:
    data = write_csv(tmp_path / "coded.csv")
    with pytest.raises(InputError, match="E087"):
        from_csv(data, text="summary", label="category")
    one = tmp_path / "one.csv"
    one.write_text(
        "text,category\n" + "".join(f"Militants attacked post {i} in Quetta.,Armed clash\n" for i in range(9))
    )
    with pytest.raises(InputError, match="E087"):
        fit(from_csv(one, text="text", label="category"), tmp_path / "m", licence="x")
