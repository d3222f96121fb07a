"""The four writers: JSON Lines, ACLED CSV, GeoJSON and the human table."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pytest
from shapely.geometry import shape

from sitrep.errors import ConfigError
from sitrep.export import (
    ACLED_COLUMNS,
    CSV_COLUMNS,
    FORMATS,
    AcledCsvWriter,
    event_to_dict,
    neutralise_formula,
    writer_for,
)
from sitrep.model import Event

MakeEvent = Callable[..., Event]

# ACLED 2023+ export order as CONVENTIONS.md lists it, typed out independently of the code.
ACLED_ORDER = (
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 "
    "assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country "
    "admin1 admin2 admin3 location latitude longitude geo_precision source source_scale notes fatalities "
    "tags timestamp"
).split()


def _run(format: str, events: list[Event]) -> str:
    stream = io.StringIO()
    writer = writer_for(format, stream)
    writer.start()
    for e in events:
        writer.write(e)
    writer.finish()
    return stream.getvalue()


# -- jsonl --------------------------------------------------------------------------------------


def test_jsonl_writes_one_object_per_event_equal_to_event_to_dict(event: Event, make_event: MakeEvent) -> None:
    lines = _run("jsonl", [event, make_event(event_id="other")]).splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0]) == event_to_dict(event)
    assert json.loads(lines[1])["event_id"] == "other"


def test_jsonl_is_byte_identical_across_runs(event: Event) -> None:
    assert _run("jsonl", [event]) == _run("jsonl", [event])


def test_jsonl_keeps_non_ascii_readable(make_event: MakeEvent) -> None:
    assert "Dera Ismail Khān" in _run("jsonl", [make_event(location="Dera Ismail Khān")])


# -- csv ----------------------------------------------------------------------------------------


def test_csv_starts_with_acled_columns_in_conventions_order(event: Event) -> None:
    header = next(csv.reader(io.StringIO(_run("csv", [event]))))
    assert header[:31] == ACLED_ORDER
    assert list(ACLED_COLUMNS) == ACLED_ORDER
    assert header == list(CSV_COLUMNS)


def test_csv_then_has_sitreps_own_fields(event: Event) -> None:
    header = next(csv.reader(io.StringIO(_run("csv", [event]))))
    extra = header[31:]
    for name in ("event_id", "article_ids", "fatalities_low", "fatalities_best", "fatalities_high"):
        assert name in extra
    assert {"confidence", "evidence"} <= set(extra)
    assert len(header) == len(set(header))


def test_csv_row_values(event: Event) -> None:
    (row,) = csv.DictReader(io.StringIO(_run("csv", [event])))
    assert row["event_id_cnty"] == row["event_id"] == "sitrep-7f3a"
    assert row["year"] == "2026"
    assert row["event_date"] == "2026-02-14"
    assert row["article_ids"] == "tribune-11;dawn-4"
    assert row["source"] == "Express Tribune; Dawn"
    assert row["source_scale"] == row["tags"] == ""
    assert row["timestamp"] == "0"
    assert row["interaction"] == "37"
    assert float(row["latitude"]) == pytest.approx(26.0023)
    assert json.loads(row["evidence"]) == event_to_dict(event)["evidence"]


def test_csv_timestamp_can_be_set(make_event: MakeEvent) -> None:
    stream = io.StringIO()
    writer = AcledCsvWriter(stream, timestamp=1_767_225_600)
    writer.write(make_event())
    writer.finish()
    (row,) = csv.DictReader(io.StringIO(stream.getvalue()))
    assert row["timestamp"] == "1767225600"


def test_csv_missing_coordinates_are_empty_cells(make_event: MakeEvent) -> None:
    (row,) = csv.DictReader(io.StringIO(_run("csv", [make_event(latitude=None, longitude=None)])))
    assert row["latitude"] == row["longitude"] == ""


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("-12.5", "-12.5"),
        ("+7", "+7"),
        ("Taliban", "Taliban"),
        ("", ""),
    ],
)
def test_neutralise_formula(cell: str, expected: str) -> None:
    assert neutralise_formula(cell) == expected


def test_csv_neutralises_formulas_in_text_cells_but_not_numbers(make_event: MakeEvent) -> None:
    event = make_event(actor1="=cmd()", notes="-dead", longitude=-63.5)
    (row,) = csv.DictReader(io.StringIO(_run("csv", [event])))
    assert row["actor1"] == "'=cmd()"
    assert row["notes"] == "'-dead"
    assert row["longitude"] == "-63.5"


def test_csv_rows_from_stored_records_equal_rows_from_events(make_event: MakeEvent) -> None:
    """The API writes CSV from the JSON the store keeps, without decoding it into Events."""
    events = [make_event(), make_event(event_id="x", actor1="=cmd()", latitude=None, longitude=None)]
    stream = io.StringIO()
    writer = AcledCsvWriter(stream, timestamp=7)
    for event in events:
        writer.write_record(json.loads(json.dumps(event_to_dict(event))))
    writer.finish()
    by_events = io.StringIO()
    with AcledCsvWriter(by_events, timestamp=7) as direct:
        for event in events:
            direct.write(event)
    assert stream.getvalue() == by_events.getvalue()
    assert writer.count == 2


def test_csv_row_of_a_record_missing_a_newer_field_leaves_its_cell_empty(event: Event) -> None:
    record = event_to_dict(event)
    del record["plover_mode"]
    stream = io.StringIO()
    with AcledCsvWriter(stream) as writer:
        writer.write_record(record)
    (row,) = csv.DictReader(io.StringIO(stream.getvalue()))
    assert row["plover_mode"] == "" and row["event_id_cnty"] == event.event_id


def test_csv_with_no_events_is_just_the_header() -> None:
    assert _run("csv", []).splitlines() == [",".join(CSV_COLUMNS)]


# -- geojson ------------------------------------------------------------------------------------


def test_geojson_is_a_feature_collection_of_valid_points(event: Event, make_event: MakeEvent) -> None:
    doc = json.loads(_run("geojson", [event, make_event(event_id="b", latitude=31.5, longitude=65.8)]))
    assert doc["type"] == "FeatureCollection"
    assert [f["id"] for f in doc["features"]] == ["sitrep-7f3a", "b"]
    first = doc["features"][0]
    assert first["type"] == "Feature"
    assert first["geometry"] == {"type": "Point", "coordinates": [63.044, 26.0023]}  # lon, lat
    point = shape(first["geometry"])
    assert point.is_valid and (point.x, point.y) == (63.044, 26.0023)
    assert first["properties"] == event_to_dict(event)


def test_geojson_skips_events_without_coordinates_and_counts_them(event: Event, make_event: MakeEvent) -> None:
    stream = io.StringIO()
    writer = writer_for("geojson", stream)
    writer.write(make_event(latitude=None, longitude=None))
    writer.write(event)
    writer.write(make_event(latitude=float("nan")))
    writer.finish()
    doc = json.loads(stream.getvalue())
    assert len(doc["features"]) == 1
    assert (writer.count, writer.skipped) == (1, 2)
    assert doc["sitrep:skipped"] == 2


def test_geojson_is_valid_when_empty() -> None:
    doc = json.loads(_run("geojson", []))
    assert doc["type"] == "FeatureCollection" and doc["features"] == []


def test_finish_without_start_still_closes_the_document() -> None:
    stream = io.StringIO()
    writer_for("geojson", stream).finish()
    assert json.loads(stream.getvalue())["features"] == []


def test_writer_is_a_context_manager(event: Event) -> None:
    stream = io.StringIO()
    with writer_for("geojson", stream) as writer:
        writer.write(event)
    assert len(json.loads(stream.getvalue())["features"]) == 1


# -- table --------------------------------------------------------------------------------------


def test_table_aligns_columns_and_shows_the_key_fields(event: Event, make_event: MakeEvent) -> None:
    lines = _run(
        "table", [event, make_event(location="Gwadar", fatalities=0, fatalities_low=0, fatalities_high=0)]
    ).splitlines()
    assert lines[0].split()[:3] == ["event", "id", "date"]
    assert len(lines) == 4  # header, rule, two rows
    assert lines[2].startswith(event.event_id) and event.country in lines[2]
    assert "Explosions/Remote violence / Grenade" in lines[2]
    assert "Balochistan / Kech" in lines[2]
    assert lines[2].endswith("2 (2-3)")
    assert lines[3].endswith("0")
    assert lines[2].index("Turbat") == lines[3].index("Gwadar")  # aligned


def test_table_cuts_long_cells_and_keeps_rows_on_one_line(make_event: MakeEvent) -> None:
    out = _run("table", [make_event(actor1="A very long\nactor name " * 10)])
    assert len(out.splitlines()) == 3
    assert "…" in out


def test_table_says_so_when_empty() -> None:
    assert "(no events)" in _run("table", [])


# -- factory ------------------------------------------------------------------------------------


def test_writer_for_knows_every_format() -> None:
    assert set(FORMATS) == {"jsonl", "csv", "geojson", "table"}
    for name in FORMATS:
        assert writer_for(name, io.StringIO()) is not None


def test_writer_for_unknown_format_raises_E022() -> None:
    with pytest.raises(ConfigError, match=r"^\[E022\]"):
        writer_for("xlsx", io.StringIO())
