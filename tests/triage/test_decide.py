"""The triage decision alone (no parse): what it skips, what it keeps, why, and how fast."""

from __future__ import annotations

import time

import pytest

from sitrep.errors import DataFileError
from sitrep.model import Article
from sitrep.settings import load_settings
from sitrep.triage import HEAD_CHARS, decide, head_of, load_lexicon, triage_article
from tests.triage.texts import FILM, KEPT, SKIPPED, SPORT, article

THRESHOLD = load_settings().triage_threshold


@pytest.mark.parametrize("story", SKIPPED, ids=lambda a: a.id)
def test_stories_not_about_political_violence_are_skipped(story: Article) -> None:
    result = triage_article(story, threshold=THRESHOLD)
    assert result.decision == "skip", result
    assert result.skipped


@pytest.mark.parametrize("story", KEPT, ids=lambda a: a.id)
def test_violence_and_protest_are_kept_for_the_parse(story: Article) -> None:
    result = triage_article(story, threshold=THRESHOLD)
    assert result.decision == "parse", result
    assert result.score >= THRESHOLD


def test_the_reason_names_the_cues_and_their_weights() -> None:
    # "the striker shot": a firearm word, outweighed by the sport family
    reason = triage_article(SPORT, threshold=THRESHOLD).reason
    assert "shot (shot +0.4)" in reason
    assert "sport -1.5" in reason


def test_a_context_family_named_once_counts_half() -> None:
    # "a review of security" is not a film: one word of a family is no topic, so the police
    # deployment after an attack stays above the threshold (at the family's full -1.5 it would not)
    text = (
        "After the attack on the train, the state police deployed extra officers at the stations "
        "and ordered a review of security."
    )
    result = decide(text, threshold=THRESHOLD)
    assert not result.skipped, result
    assert "screen -0.8" in result.reason  # half of -1.5, rounded in the reason
    # two words of the family are a topic: the film review is skipped (texts.FILM)
    assert "screen -1.5" in triage_article(FILM, threshold=THRESHOLD).reason


def test_a_word_two_families_share_counts_for_the_weightier() -> None:
    # "military" alone is a state-forces word (0.4, needs a second cue); "military vehicles" is a
    # movement of forces (0.6), which ACLED codes as a strategic development
    moved = decide("Dozens of military vehicles entered the district from the border crossing.", threshold=THRESHOLD)
    assert not moved.skipped and "military vehicles (forces_moved" in moved.reason
    assert decide("The military band played at the ceremony.", threshold=THRESHOLD).skipped


@pytest.mark.parametrize(
    "text",
    [
        "Monitors recorded 40 bursts of fire involving heavy machine-guns near the village.",
        "Troops fired with unspecified weapons on positions across the line of contact.",
        "Bus drivers gathered outside the depot to demand their unpaid wages.",
        "Hundreds of traders held a motorcade through the city centre against the new tax.",
        "Armed men beat two election monitors at a polling station.",
        "A shoot-out took place in the market district overnight.",
        "Soldiers demolished three houses and uprooted olive trees on the farmland.",
    ],
)
def test_observer_notes_and_brief_reports_are_kept(text: str) -> None:
    # the register of monitors' notes and wire briefs: one line, one event, and no headline word
    assert not decide(text, threshold=THRESHOLD).skipped


def test_who_or_what_of_a_crowd_alone_is_no_protest() -> None:
    assert decide("Workers at the plant will get a new canteen next year.", threshold=THRESHOLD).skipped
    assert decide("The minister demanded a report on the budget.", threshold=THRESHOLD).skipped


def test_an_article_without_any_cue_says_so() -> None:
    result = decide("The council approved a new library budget.", threshold=THRESHOLD)
    assert result.skipped and result.score == 0
    assert "no cue" in result.reason


def test_the_threshold_trades_speed_for_recall() -> None:
    # "attack" alone: figurative or not, the default parses it; a stricter threshold skips it
    text = "Officials described the incident as an attack on the town's water works."
    assert not decide(text, threshold=THRESHOLD).skipped
    assert decide(text, threshold=1.0).skipped
    # and a threshold at or below zero parses even a match report with "shot" in it
    assert not triage_article(SPORT, threshold=-2.0).skipped


def test_only_the_title_and_lead_are_read() -> None:
    filler = "The committee discussed the budget for the coming year in detail. " * 40
    late = article("late", filler + "Gunmen killed three guards at the gate.")
    assert len(late.text) > HEAD_CHARS
    assert "Gunmen" not in head_of(late)
    assert triage_article(late, threshold=THRESHOLD).skipped
    titled = article("titled", filler, title="Gunmen kill three guards")
    assert not triage_article(titled, threshold=THRESHOLD).skipped


def test_every_entry_names_its_rule_and_the_file_loads_checked() -> None:
    lexicon = load_lexicon()
    assert all(cue.rule for cue in lexicon.cues)
    assert {"kill", "explosive", "protest", "sport", "markets"} <= {cue.id for cue in lexicon.cues}


def test_a_broken_entry_is_a_coded_data_file_error(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    import sitrep.triage.lexicon as module

    monkeypatch.setattr(module, "load_toml", lambda _: {"cue": [{"id": "bad", "pattern": "(", "weight": 1.0}]})
    module.load_lexicon.cache_clear()
    try:
        with pytest.raises(DataFileError, match=r"\[E008\].*bad"):
            module.load_lexicon()
    finally:
        monkeypatch.undo()
        module.load_lexicon.cache_clear()


def test_triage_costs_well_under_a_millisecond_an_article() -> None:
    stories = [*SKIPPED, *KEPT] * 50
    started = time.perf_counter()
    for story in stories:
        triage_article(story, threshold=THRESHOLD)
    per_article = (time.perf_counter() - started) / len(stories)
    assert per_article < 0.005  # generous on a loaded CI core; bench/triage.py measures ~0.1-0.4 ms


def test_triage_imports_nothing_from_the_parse_or_later_stages() -> None:
    import ast
    from pathlib import Path

    import sitrep

    later = ("sitrep.nlp", "sitrep.extract", "sitrep.geo", "sitrep.assemble", "sitrep.fuse", "sitrep.store")
    later += ("sitrep.pipeline", "sitrep.export", "sitrep.api", "sitrep.cli", "sitrep.batch", "spacy")
    names: set[str] = set()
    for path in (Path(sitrep.__file__).parent / "triage").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
    assert {name for name in names if name.startswith(later)} == set()
