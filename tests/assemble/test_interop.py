"""The PLOVER/CAMEO crosswalk: every ACLED sub-event type is covered, and cue words decide modes."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.assemble.interop import crosswalk
from sitrep.extract.classify import TAXONOMY_FILE
from sitrep.model import Article
from sitrep.pipeline import Pipeline
from sitrep.resources import load_toml

ACLED_SUB_EVENT_TYPES = [sub for row in load_toml(TAXONOMY_FILE)["event_type"] for sub in row["sub_event_types"]]
PLOVER_TYPES = {"", "ASSAULT", "PROTEST", "COERCE", "SUPPORT", "MOBILIZE", "RETREAT"}


@pytest.mark.parametrize("sub_event_type", ACLED_SUB_EVENT_TYPES)
def test_every_acled_sub_event_type_has_a_plover_and_cameo_entry(sub_event_type: str) -> None:
    codes = crosswalk(sub_event_type)
    assert codes.plover_event_type in PLOVER_TYPES
    assert codes.cameo_root == "" or (len(codes.cameo_root) == 2 and codes.cameo_root.isdigit())
    assert bool(codes.plover_event_type) == bool(codes.cameo_root)


def test_violent_acled_types_map_to_assault_and_cameo_violence_roots() -> None:
    assert crosswalk("Armed clash").cameo_root == "19"
    assert crosswalk("Suicide bomb").plover_mode == "suicide-attack"
    assert crosswalk("Abduction/forced disappearance").plover_mode == "abduct"
    assert crosswalk("Peaceful protest").plover_event_type == "PROTEST"
    assert crosswalk("Arrests").plover_mode == "arrest"


def test_trigger_words_decide_an_open_assault_mode() -> None:
    assert crosswalk("Attack", "shot dead").plover_mode == "firearms"
    assert crosswalk("Attack", "hacked to death").plover_mode == "primitive"
    assert crosswalk("Armed clash", "shelled").plover_mode == "heavy-weapons"
    assert crosswalk("Attack", "killed").plover_mode == ""


def test_a_fixed_mode_is_not_overridden_by_cue_words() -> None:
    assert crosswalk("Abduction/forced disappearance", "gunmen shot").plover_mode == "abduct"


def test_unknown_sub_event_type_gives_empty_codes() -> None:
    codes = crosswalk("Not an ACLED type", "shot")
    assert (codes.plover_event_type, codes.plover_mode, codes.cameo_root) == ("", "", "")


def test_coded_events_carry_plover_and_cameo(pipeline: Pipeline) -> None:
    article = Article(
        id="interop-1",
        text="Gunmen shot dead two shopkeepers in Quetta on Monday, police said.",
        published=dt.date(2025, 3, 4),
    )
    [coded] = list(pipeline.run([article]))
    [event] = coded.events
    assert event.sub_event_type == "Attack"
    assert (event.plover_event_type, event.plover_mode, event.cameo_root) == ("ASSAULT", "firearms", "18")
