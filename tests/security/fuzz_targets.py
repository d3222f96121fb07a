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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from sitrep.errors import SitrepError
from sitrep.extract.numbers import parse_number
from sitrep.ingest import Reader
from sitrep.ingest.html import extract_html
from sitrep.ingest.jsonl import parse_line, parse_published
from sitrep.ingest.text import decode_bytes, prepare_text
from sitrep.model import Article
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
    FuzzTarget("text-bytes", st.binary(max_size=600), _text_bytes, 2.0),
    FuzzTarget("html", markup | unicode_text, _html, 2.0),
    # parse_published is a pydantic validator: ValueError is its documented refusal (becomes E003)
    FuzzTarget("published-date", date_like, _published, 1.0, (ValueError,)),
    FuzzTarget("number", steered_text | unicode_text, _number, 1.0),
    FuzzTarget("extract", steered_text | unicode_text, _extract, 10.0),
)
