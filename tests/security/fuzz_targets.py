"""Fuzz targets: every input-facing function with a hypothesis strategy for what strangers send.

A target passes a case when it returns normally or raises a documented ``SitrepError`` (the error
catalogue's E### codes). Anything else is a crash; running past the target's time limit is a hang.
The test suite runs each target briefly (tests/security/test_fuzz.py); ``bench/fuzz.py`` runs
them at scale and prints the counts.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from sitrep.errors import SitrepError
from sitrep.evaluate.gold import load_gold
from sitrep.evaluate.predictions import load_predictions
from sitrep.extract.numbers import parse_number
from sitrep.ingest import Reader
from sitrep.ingest.corpus import RawRecord, parse_raw, read_records
from sitrep.ingest.html import extract_html, extract_main_text
from sitrep.ingest.jsonl import Parsed, parse_line, parse_published
from sitrep.ingest.text import decode_bytes, prepare_text
from sitrep.model import Article, Issue
from sitrep.pipeline import Pipeline

__all__ = ["TARGETS", "FuzzTarget", "Crash", "check"]


class Crash(AssertionError):
    """A target did something undocumented: an exception outside the catalogue, or a wrong result."""


@dataclass(frozen=True)
class FuzzTarget:
    name: str
    strategy: st.SearchStrategy[Any]
    run: Callable[[Any], None]
    timeout_s: float  # one case longer than this is a hang
    documented: tuple[type[Exception], ...] = (SitrepError,)  # what the function's docstring says it raises


def check(target: FuzzTarget, case: Any) -> None:
    """Run one case; documented errors pass, anything else raises ``Crash``."""
    try:
        target.run(case)
    except Crash:
        raise
    except target.documented:
        return
    except Exception as exc:  # the point of fuzzing: any other exception is a finding
        raise Crash(f"{target.name}: {type(exc).__name__}: {exc}") from exc


# --- strategies ------------------------------------------------------------------------------------

# Words that steer the extractor into its deep paths: triggers, actors, places, numbers, dates.
VOCAB = [
    "killed", "attacked", "clashed", "bomb", "exploded", "protest", "arrested", "abducted", "shelling",
    "police", "militants", "BLA", "Taliban", "gunmen", "civilians", "soldiers", "at least", "dozens",
    "several", "12", "three", "hundreds", "Quetta", "Kabul", "Balochistan", "district", "near", "in",
    "on", "Saturday", "last week", "January 3", "2026-01-31", "said", "denied", "claimed", "not",
    "will", "if", ",", ".", "\n", "(", ")", "\u200b", "\u202e", "😀", "ß", "İ", "ﬁ", "٣", "२",
]  # fmt: skip

unicode_text = st.text(max_size=400)
steered_text = st.lists(st.sampled_from(VOCAB) | st.text(max_size=8), max_size=60).map(" ".join)
json_scalar = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40)
json_value = st.recursive(
    json_scalar,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
    max_leaves=10,
)
date_like = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.datetimes().map(dt.datetime.isoformat),
    st.text(alphabet="0123456789-T:+Z ./", max_size=30),
    json_value,
)
article_object = st.fixed_dictionaries(
    {},
    optional={
        "id": json_value, "text": unicode_text | steered_text | json_value, "published": date_like,
        "title": json_value, "source": json_value, "url": json_value, "language": json_value,
    },
)  # fmt: skip
jsonl_line = st.one_of(
    st.binary(max_size=300),
    article_object.map(lambda o: json.dumps(o, allow_nan=True).encode("utf-8")),
    article_object.map(lambda o: json.dumps(o)[: len(json.dumps(o)) // 2].encode("utf-8")),  # cut short
    json_value.map(lambda v: json.dumps(v).encode("utf-8")),
)
jsonl_file = st.lists(jsonl_line, max_size=6).map(lambda lines: b"\n".join(lines))
tags = st.sampled_from(["p", "div", "script", "style", "br", "a", "img", "svg", "table", "li", "!--", "!DOCTYPE"])
markup = st.lists(
    st.one_of(
        unicode_text.map(lambda t: t[:40]),
        st.tuples(tags, st.text(max_size=20)).map(lambda p: f"<{p[0]} x='{p[1]}'>"),
        tags.map(lambda t: f"</{t}>"),
        st.sampled_from(["&amp;", "&#0;", "&#x110000;", "&nbsp;", "<![CDATA[", "]]>", "<", ">", "&"]),
    ),
    max_size=40,
).map("".join)


# Lines built to break a JSON parser before validation: nesting far past Python's recursion limit,
# brackets hidden in strings, NUL and other binary bytes, very long lines.
def _nest(shape: tuple[str, int, bool]) -> str:
    opener, depth, closed = shape
    if opener == "[":
        return "[" * depth + ("]" * depth if closed else "")
    return '{"k":' * depth + "0" + ("}" * depth if closed else "")


nested_json = st.tuples(st.sampled_from(["[", "{"]), st.integers(0, 5000), st.booleans()).map(_nest)
deep_line = st.one_of(
    nested_json.map(str.encode),
    nested_json.map(lambda n: json.dumps({"id": "d", "published": "2026-01-01", "text": "x"})[:-1] + f', "x": {n}}}'),
    st.integers(0, 3000).map(lambda n: json.dumps({"id": "s", "published": "2026-01-01", "text": "[" * n})),
    st.tuples(nested_json, st.binary(max_size=40)).map(lambda p: p[0].encode() + b"\x00" + p[1]),
    st.integers(1, 200).map(lambda n: b"{" + b"\x00\xff" * n + b"}"),
    st.integers(0, 300_000).map(lambda n: json.dumps({"id": "l", "published": "2026-01-01", "text": "a" * n})),
).map(lambda line: line if isinstance(line, bytes) else line.encode("utf-8"))
deep_file = st.lists(deep_line | jsonl_line, max_size=5).map(lambda lines: b"\n".join(lines))

# Gold CSV files (`sitrep eval`): a real ACLED header, then rows that are binary, not UTF-8, hold NUL
# bytes, nest brackets, leave a quote open, or carry a cell past the csv module's 128 KiB limit.
ACLED_HEADER = (
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,"
    "latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp,iso3"
)
_GOOD_ROW = (
    '1,586,PAK1,1,"02 March 2026",2026,1,Battles,"Armed clash",Militants,,2,Police,,1,12,"Southern Asia",Pakistan,'
    'Balochistan,Quetta,,Quetta,30.18,67.00,1,Dawn,National,"On 2 March 2026, militants attacked a post.",2,0,PAK'
)
csv_cell = st.one_of(
    st.text(max_size=30),
    st.binary(max_size=30).map(lambda b: b.decode("latin-1")),
    nested_json,
    st.sampled_from(['"', '""', "\x00", "\r", "\n", ",", "\ufeff", "on 2 March 2026"]),
)
csv_line = st.one_of(
    st.binary(max_size=300),
    st.lists(csv_cell, max_size=35).map(lambda cells: ",".join(cells).encode("utf-8", "surrogatepass")),
    st.just(_GOOD_ROW.encode()),
    st.integers(0, 200_000).map(lambda n: f'1,586,PAK2,2,"{"a" * n}"'.encode()),
    st.integers(1, 50).map(lambda n: _GOOD_ROW.encode().replace(b"militants", b"\xff\xfe\x00" * n)),
    nested_json.map(lambda n: _GOOD_ROW.replace("militants", n.replace('"', '""')).encode()),
)
gold_csv = st.tuples(
    st.sampled_from([ACLED_HEADER, "\ufeff" + ACLED_HEADER, "id,text", ""]), st.lists(csv_line, max_size=5)
).map(lambda p: p[0].encode("utf-8") + b"\n" + b"\n".join(p[1]))


def _parquet_bytes() -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = io.BytesIO()
    table = pa.table({"id": ["p1", "p2"], "text": ["Clashes in Quetta.", "x"], "published": ["2025-04-02", "?"]})
    pq.write_table(table, sink)
    return sink.getvalue()


PARQUET = _parquet_bytes()


def _mutate(edit: tuple[int, int, bytes]) -> bytes:
    at, cut, insert = edit
    at %= len(PARQUET)
    return PARQUET[:at] + insert + PARQUET[at + cut :]


# Parquet files: a valid one with bytes cut out, overwritten or added anywhere (header, pages,
# footer), cut short, or random bytes under a .parquet name.
parquet_file = st.one_of(
    st.tuples(st.integers(0, 1 << 16), st.integers(0, 64), st.binary(max_size=16)).map(_mutate),
    st.integers(0, len(PARQUET)).map(lambda n: PARQUET[:n]),
    st.binary(max_size=400),
    st.binary(max_size=60).map(lambda b: b"PAR1" + b + b"PAR1"),
)


# Parquet rows reach the reader as Python objects, already decoded: nesting is not bounded by any
# parser, so values may nest thousands deep.
def _deep_value(shape: tuple[str, int]) -> object:
    kind, depth = shape
    value: object = "x"
    for _ in range(depth):
        value = [value] if kind == "list" else {"k": value}
    return value


deep_value = st.tuples(st.sampled_from(["list", "dict"]), st.integers(0, 5000)).map(_deep_value)
parquet_row = st.fixed_dictionaries(
    {},
    optional={
        "id": json_value | deep_value | st.binary(max_size=20),
        "text": unicode_text | deep_value | st.binary(max_size=60),
        "published": date_like | deep_value, "title": json_value | deep_value, "url": json_value,
        "language": json_value | deep_value, "source": json_value,
    },
)  # fmt: skip

# Text a reader of the page cannot see, in the many spellings a page may use; MARK must never come out.
MARK = "PLANTEDMARK"
_HIDING = [
    ("p", " hidden"), ("div", " hidden=''"), ("section", ' hidden="until-found"'), ("span", " HIDDEN"),
    ("p", ' aria-hidden="true"'), ("div", " aria-hidden='TRUE'"), ("span", ' aria-hidden=" true "'),
    ("div", ' style="display:none"'), ("p", " style='DISPLAY : NONE !important'"),
    ("span", ' style="color:red;display: none"'), ("div", ' style="visibility:hidden; color: blue"'),
    ("p", ' style="visibility: collapse"'), ("template", ""), ("noscript", ""),
    ("TEMPLATE", ""), ("NoScript", ""), ("div", " hidden=hidden"), ("div", " aria-hidden = true"),
    ("p", ' style="display :none;"'), ("span", ' style="Visibility:Hidden"'), ("div", ' style=";;display:none"'),
    ("script", ""), ("script", ' type="text/plain"'), ("script", ' type="application/ld+json"'),
    ("SCRIPT", ""), ("style", ""), ("style", ' media="print"'), ("Style", ""),
]  # fmt: skip
# Comments hide what they hold, whatever it looks like (a conditional comment, markup, a half tag).
_COMMENTS = [
    "<!--{}-->", "<!-- {} -->", "<!--<p>{}</p>-->", "<!--[if IE]><p>{}</p><![endif]-->",
    "<!-- <div hidden> --><!--{}-->", "<!--{}--><!---->", "<!-- a -- b {} -->", "<!--\n{}\n-->",
]  # fmt: skip
_INLINE = ["b", "i", "em", "a", "span", "strong"]
_ANY = [*_INLINE, "div", "p", "ul", "li", "section"]


def _hidden_markup(parts: tuple[tuple[str, str], list[str], str, str]) -> str:
    (tag, attrs), inner, before, after = parts
    # a <p> ends where a block starts (browsers agree), so only inline elements go inside one
    wrappers = [t for t in inner if tag != "p" or t in _INLINE]
    body = "".join(f"<{t}>" for t in wrappers) + MARK + "".join(f"</{t}>" for t in reversed(wrappers))
    return f"{before}<{tag}{attrs}>{body}</{tag}>{after}"


def _commented(parts: tuple[str, str, str]) -> str:
    form, before, after = parts
    return f"{before}{form.format(MARK)}{after}"


visible = st.text(alphabet=st.characters(blacklist_characters="<>&"), max_size=30)
hidden_markup = st.tuples(st.sampled_from(_HIDING), st.lists(st.sampled_from(_ANY), max_size=4), visible, visible).map(
    _hidden_markup
) | st.tuples(st.sampled_from(_COMMENTS), visible, visible).map(_commented)
hidden_page = st.lists(hidden_markup | visible.map(lambda t: f"<p>{t}</p>"), min_size=1, max_size=6).map(
    lambda parts: f"<html><head><title>t</title></head><body><article>{''.join(parts)}</article></body></html>"
)


# --- targets ---------------------------------------------------------------------------------------


def _jsonl_line(raw: bytes) -> None:
    parsed = parse_line(raw, source="fuzz", line=1)
    if parsed is not None and not isinstance(parsed.article, Article):
        raise Crash("parse_line returned something that is not an Article")


def _jsonl_stream(data: bytes) -> None:
    reader = Reader(stdin=io.BytesIO(data), strict=False, today=dt.date(2026, 1, 1))
    for article in reader.read(["-"]):
        if not article.id or len(article.text) > reader.max_chars:
            raise Crash(f"reader let through an article without id or over max_chars: {article.id!r}")


def _text_bytes(data: bytes) -> None:
    decoded = decode_bytes(data, source="fuzz")
    prepare_text(decoded.text, article_id="fuzz", max_chars=2000)


def _html(text: str) -> None:
    out = extract_html(text)
    if "<script" in out.text.lower() and "<script" not in text.lower().replace("&lt;", "<"):
        raise Crash("HTML extraction invented a script tag")


def _batch_record(raw: bytes) -> None:
    outcome = parse_raw(RawRecord(source="fuzz", line=1, payload=raw), max_chars=2000)
    if outcome is not None and not isinstance(outcome, Parsed | Issue):
        raise Crash(f"parse_raw returned {outcome!r}")


def _hidden_html(markup: str) -> None:
    if MARK in extract_html(markup).text:
        raise Crash("text hidden from readers came out of extract_html")


def _hidden_page(markup: str) -> None:
    if MARK in extract_main_text(markup).text:
        raise Crash("text hidden from readers came out of extract_main_text")


@contextmanager
def _file(data: bytes, suffix: str) -> Iterator[Path]:
    """``data`` in a temporary file, removed after the case."""
    handle, name = tempfile.mkstemp(suffix=suffix, prefix="sitrep-fuzz-")
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
        yield Path(name)
    finally:
        os.unlink(name)


def _gold_csv(data: bytes) -> None:
    with _file(data, ".csv") as path:
        gold = load_gold(path)
    for row in gold.rows:
        if not isinstance(row.article, Article) or not row.article.id:
            raise Crash("load_gold gave a row without its article")


def _predictions(data: bytes) -> None:
    with _file(data, ".jsonl") as path:
        load_predictions(path)


def _batch_file(data: bytes) -> None:
    with _file(data, ".jsonl") as path:
        for record in read_records([path]):
            outcome = parse_raw(record, max_chars=2000)
            if outcome is not None and not isinstance(outcome, Parsed | Issue):
                raise Crash(f"parse_raw returned {outcome!r}")


def _parquet_file(data: bytes) -> None:
    with _file(data, ".parquet") as path:
        for record in read_records([path]):
            outcome = parse_raw(record, max_chars=2000)
            if outcome is not None and not isinstance(outcome, Parsed | Issue):
                raise Crash(f"parse_raw returned {outcome!r}")


def _parquet_row(row: dict[str, Any]) -> None:
    outcome = parse_raw(RawRecord(source="fuzz.parquet", line=1, payload=row), max_chars=2000)
    if outcome is not None and not isinstance(outcome, Parsed | Issue):
        raise Crash(f"parse_raw returned {outcome!r}")


def _published(value: object) -> None:
    parse_published(value)


def _number(text: str) -> None:
    value = parse_number(text)
    if value is not None and value < 0:
        raise Crash(f"parse_number gave a negative count for {text!r}")


_PIPELINE: list[Pipeline] = []


def _extract(text: str) -> None:
    if not _PIPELINE:
        _PIPELINE.append(Pipeline())
    article = Article(id="fuzz", text=text, published=dt.date(2026, 1, 31))
    for coded in _PIPELINE[0].run([article]):
        crashes = [i for i in coded.issues if i.code == "E030"]  # the pipeline's crash containment
        if crashes:
            raise Crash(crashes[0].message)
        for event in coded.events:
            for spans in event.evidence.values():
                for span in spans:
                    if text[span.start : span.end] != span.text:
                        raise Crash(f"evidence span {span} does not match the text")


TARGETS: tuple[FuzzTarget, ...] = (
    FuzzTarget("jsonl-line", jsonl_line, _jsonl_line, 2.0),
    FuzzTarget("jsonl-stream", jsonl_file, _jsonl_stream, 2.0),
    FuzzTarget("jsonl-deep", deep_line, _jsonl_line, 2.0),
    FuzzTarget("jsonl-stream-deep", deep_file, _jsonl_stream, 4.0),
    FuzzTarget("batch-record", deep_line | jsonl_line, _batch_record, 2.0),
    FuzzTarget("batch-file", deep_file, _batch_file, 4.0),
    FuzzTarget("parquet-file", parquet_file, _parquet_file, 4.0),
    FuzzTarget("parquet-row", parquet_row, _parquet_row, 2.0),
    FuzzTarget("gold-csv", gold_csv, _gold_csv, 4.0),
    FuzzTarget("predictions", deep_file, _predictions, 4.0),
    FuzzTarget("text-bytes", st.binary(max_size=600), _text_bytes, 2.0),
    FuzzTarget("html", markup | unicode_text, _html, 2.0),
    FuzzTarget("html-hidden", hidden_markup | hidden_page, _hidden_html, 2.0),
    FuzzTarget("page-hidden", hidden_page, _hidden_page, 4.0),
    # parse_published is a pydantic validator: ValueError is its documented refusal (becomes E003)
    FuzzTarget("published-date", date_like, _published, 1.0, (ValueError,)),
    FuzzTarget("number", steered_text | unicode_text, _number, 1.0),
    FuzzTarget("extract", steered_text | unicode_text, _extract, 10.0),
)
