"""First-level divisions as ACLED spells them (data/gazetteer/admin1_acled.toml), applied once, in
the gazetteer reader: coded events, an analyst's `--admin1` filter and an analyst's correction of a
place all carry ACLED's name ("Idleb", "Ninewa"), not the gazetteer sources' ("Idlib", "Nineveh"),
on both back ends; events carry ACLED's region of their country, and the table shows each event's
id and country (issue 21)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.errors import DataFileError
from sitrep.geo.admin1 import Admin1Spellings, admin1_spellings
from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.regions import load_regions
from sitrep.model import Article
from sitrep.pipeline import Pipeline
from sitrep.resources import load_toml
from sitrep.store import Store

STORIES = [
    Article(
        id="sy-1",
        published=dt.date(2026, 3, 3),
        text="Air strikes on the town of Maarat al-Numan in Idlib province killed nine civilians on Monday, "
        "rescuers said.",
    ),
    Article(
        id="iq-1",
        published=dt.date(2026, 3, 3),
        text="A roadside bomb killed three Iraqi soldiers in Mosul on Sunday, police said.",
    ),
    Article(
        id="pk-1",
        published=dt.date(2026, 3, 3),
        text="Indian shelling killed two civilians in the Neelum valley of Pakistani Kashmir on Friday, "
        "officials said.",
    ),
]


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_chain_of_spellings_is_refused_and_the_packaged_table_is_idempotent() -> None:
    with pytest.raises(DataFileError, match="E008"):
        Admin1Spellings({"XX": {"Alpha": "Beta", "Beta": "Gamma"}})
    with pytest.raises(DataFileError, match="E008"):
        Admin1Spellings({"Syria": {"Idlib": "Idleb"}})
    spellings = admin1_spellings()
    for iso2, table in load_toml("gazetteer/admin1_acled.toml").items():
        for source, acled in table.items():
            assert spellings.acled(iso2, source) == acled
            assert spellings.acled(iso2, acled) == acled, (iso2, acled)  # the reader and builder agree
            assert source in spellings.sources(iso2, acled)
    assert spellings.acled("SY", "idlib") == "Idleb"  # keys compare after normalise
    assert spellings.acled("IQ", "Idlib") == "Idlib"  # per country
    assert spellings.acled("PK", "Sindh") == "Sindh"  # a name ACLED shares passes unchanged


def test_the_regions_file_names_each_province_as_acled_spells_it_and_the_gazetteer_finds_it() -> None:
    data = load_toml("gazetteer/regions.toml")
    gazetteer = Gazetteer.open()
    spellings = admin1_spellings()
    entries = [*data.get("unit", []), *data.get("compass", [])]
    assert entries
    for entry in entries:
        iso2, admin1 = entry["country"], entry["admin1"]
        assert spellings.acled(iso2, admin1) == admin1, entry
        areas = gazetteer.admin_areas(admin1, iso2=iso2, level=1)
        assert [a.name for a in areas][:1] == [admin1], entry
    assert load_regions().successors()["Rural Damascus"] == "Rural Damascus"


def test_the_gazetteer_hands_out_acled_names_for_places_areas_and_points() -> None:
    gazetteer = Gazetteer.open()
    (idlib,) = gazetteer.admin_areas("Idlib", iso2="SY", level=1)
    assert idlib.name == "Idleb"
    assert gazetteer.admin_for_point(36.34, 43.13).admin1 == "Ninewa"  # Mosul
    largest = gazetteer.largest_place("SY", admin1="Idleb")
    assert largest is not None and largest.admin1 == "Idleb"
    assert gazetteer.largest_place("SY", admin1="Idlib") == largest  # the source name still finds it


def test_events_filters_and_corrections_carry_acled_spellings_on_both_back_ends(
    store_url: str, pipeline: Pipeline
) -> None:
    with Store(store_url) as store:
        store.ingest_coded(list(pipeline.run(STORIES)))
    code, out, err = _cli("events", "--db", store_url, "--format", "jsonl")
    assert code == 0, err
    by_article = {e["article_ids"][0]: e for e in map(json.loads, out.splitlines())}
    assert {a: (e["region"], e["country"], e["admin1"]) for a, e in by_article.items()} == {
        "sy-1": ("Middle East", "Syria", "Idleb"),  # ACLED's region, from the country
        "iq-1": ("Middle East", "Iraq", "Ninewa"),
        "pk-1": ("Southern Asia", "Pakistan", "Azad Jammu and Kashmir"),
    }
    # the table names each event by the id the review commands take, with its country
    code, table, err = _cli("events", "--db", store_url)
    assert code == 0, err
    for event in by_article.values():
        (row,) = [line for line in table.splitlines() if line.startswith(event["event_id"])]
        assert event["country"] in row and event["admin1"][:10] in row, row
    # an analyst's filter in ACLED's spelling, in any case, finds the event ...
    code, out, err = _cli("events", "--db", store_url, "--admin1", "idleb", "--format", "jsonl")
    assert code == 0 and [json.loads(line)["article_ids"] for line in out.splitlines()] == [["sy-1"]], err
    # ... and the sources' spelling is no stored name: a usage error naming ACLED's
    code, _, err = _cli("events", "--db", store_url, "--admin1", "Nineveh")
    assert code == 2 and "[E049]" in err and "'Ninewa'" in err, err
    # an analyst moving the Syrian event to a point in Raqqa gets the province as ACLED spells it
    event_id = by_article["sy-1"]["event_id"]
    code, _, err = _cli(
        "edit", event_id, "--set", "latitude=35.95", "--set", "longitude=39.01", "--user", "ana", "--db", store_url
    )
    assert code == 0, err
    code, out, err = _cli("events", "--db", store_url, "--admin1", "Ar-Raqqa", "--format", "jsonl")
    assert code == 0, err
    assert [(e["event_id"], e["admin1"]) for e in map(json.loads, out.splitlines())] == [(event_id, "Ar-Raqqa")]
