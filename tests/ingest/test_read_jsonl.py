"""JSON Lines input: the ArticleIn contract, error codes with source/line/article, streaming."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from sitrep.errors import InputError, MalformedRecord, UnreadableArticle
from sitrep.ingest import Reader, read_articles
from sitrep.model import Article

TODAY = dt.date(2026, 6, 1)


def _line(**fields: object) -> str:
    return json.dumps(fields) + "\n"


def _write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return str(path)


def _read(paths: list[str], **options: object) -> tuple[list[Article], Reader]:
    reader = Reader(today=TODAY, **options)  # type: ignore[arg-type]
    return list(reader.read(paths)), reader


def test_record_becomes_article_with_optional_fields(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "in.jsonl",
        _line(
            id="dawn-1",
            text="Gunmen attacked a checkpost in Turbat.",
            published="2026-03-01",
            title="Checkpost attacked",
            source="Dawn",
            url="https://example.org/1",
            language="en",
            extra="ignored",
        ),
    )
    articles, reader = _read([path])
    assert articles == [
        Article(
            id="dawn-1",
            text="Gunmen attacked a checkpost in Turbat.",
            published=dt.date(2026, 3, 1),
            title="Checkpost attacked",
            source="Dawn",
            url="https://example.org/1",
            language="en",
        )
    ]
    assert reader.issues == []


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2026-03-01", dt.date(2026, 3, 1)),
        ("2026-03-01T08:15:00Z", dt.date(2026, 3, 1)),
        ("2026-03-01T23:30:00-05:00", dt.date(2026, 3, 1)),  # 04:30 UTC next day: keep the stated day
        ("2026-03-02T01:00:00+05:00", dt.date(2026, 3, 2)),
        (" 2026-03-01 ", dt.date(2026, 3, 1)),
    ],
)
def test_published_keeps_the_date_in_its_stated_offset(tmp_path: Path, published: str, expected: dt.date) -> None:
    path = _write(tmp_path, "in.jsonl", _line(id="a", text="t", published=published))
    articles, _ = _read([path])
    assert articles[0].published == expected


def test_numeric_id_is_echoed_as_text_and_null_optionals_take_defaults(tmp_path: Path) -> None:
    path = _write(tmp_path, "in.jsonl", _line(id=42, text="t", published="2026-03-01", title=None, language=None))
    articles, _ = _read([path])
    assert (articles[0].id, articles[0].title, articles[0].language) == ("42", "", "en")


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    content = (
        _line(id="a", text="x", published="2026-03-01") + "\n  \n" + _line(id="b", text="y", published="2026-03-01")
    )
    articles, _ = _read([_write(tmp_path, "in.jsonl", content)])
    assert [a.id for a in articles] == ["a", "b"]


def test_malformed_json_raises_E001_with_file_and_line_after_earlier_articles(tmp_path: Path) -> None:
    content = _line(id="a", text="x", published="2026-03-01") + '{"id": "b", "text": \n'
    path = _write(tmp_path, "in.jsonl", content)
    seen: list[str] = []
    with pytest.raises(MalformedRecord) as info:
        for article in Reader(today=TODAY).read([path]):
            seen.append(article.id)
    assert seen == ["a"]  # streaming: the good article came out before the error
    assert str(info.value).startswith("[E001]")
    assert (info.value.source, info.value.line) == (path, 2)
    assert f"{path}:2" in str(info.value)


@pytest.mark.parametrize("missing", ["id", "text", "published"])
def test_missing_required_field_raises_E002_naming_the_field(tmp_path: Path, missing: str) -> None:
    fields: dict[str, object] = {"id": "art-7", "text": "x", "published": "2026-03-01"}
    del fields[missing]
    path = _write(tmp_path, "in.jsonl", json.dumps(fields) + "\n")
    with pytest.raises(MalformedRecord) as info:
        _read([path])
    assert str(info.value).startswith("[E002]")
    assert f"'{missing}'" in str(info.value)
    assert info.value.line == 1
    if missing != "id":
        assert info.value.article_id == "art-7"


def test_null_or_blank_id_counts_as_missing_E002(tmp_path: Path) -> None:
    path = _write(tmp_path, "in.jsonl", _line(id=" ", text="x", published="2026-03-01"))
    with pytest.raises(MalformedRecord, match=r"^\[E002\]"):
        _read([path])


@pytest.mark.parametrize("bad", ["yesterday", "01/03/2026", "2026-13-01", 20260301])
def test_unreadable_date_raises_E003_with_article_id(tmp_path: Path, bad: object) -> None:
    path = _write(tmp_path, "in.jsonl", _line(id="art-9", text="x", published=bad))
    with pytest.raises(MalformedRecord) as info:
        _read([path])
    assert str(info.value).startswith("[E003]")
    assert info.value.article_id == "art-9"


@pytest.mark.parametrize("value", ["[1, 2]", '"text"', "3", "null"])
def test_non_object_line_raises_E007(tmp_path: Path, value: str) -> None:
    path = _write(tmp_path, "in.jsonl", value + "\n")
    with pytest.raises(MalformedRecord, match=r"^\[E007\]"):
        _read([path])


def test_wrong_field_type_raises_E020(tmp_path: Path) -> None:
    path = _write(tmp_path, "in.jsonl", _line(id="a", text=["not", "text"], published="2026-03-01"))
    with pytest.raises(MalformedRecord, match=r"^\[E020\].*'text'"):
        _read([path])


def test_non_strict_reader_records_bad_lines_and_goes_on(tmp_path: Path) -> None:
    content = "not json\n" + _line(id="b", text="y", published="2026-03-01") + "[]\n"
    articles, reader = _read([_write(tmp_path, "in.jsonl", content)], strict=False)
    assert [a.id for a in articles] == ["b"]
    assert [(i.code, i.line) for i in reader.issues] == [("E001", 1), ("E007", 3)]


def test_stdin_dash_reads_json_lines() -> None:
    stdin = io.BytesIO(_line(id="s1", text="from a pipe", published="2026-03-01").encode())
    articles = list(read_articles(["-"], stdin=stdin))
    assert [a.id for a in articles] == ["s1"]


def test_stdin_errors_name_stdin() -> None:
    stdin = io.BytesIO(b"{oops\n")
    with pytest.raises(MalformedRecord) as info:
        list(read_articles(["-"], stdin=stdin))
    assert info.value.source == "<stdin>"


def test_bom_at_file_start_is_stripped(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbf" + _line(id="a", text="\ufeffBody", published="2026-03-01").encode()
    articles, reader = _read([_write(tmp_path, "in.jsonl", raw)])
    assert articles[0].text == "Body"
    assert reader.issues == []


def test_bad_utf8_is_replaced_and_recorded_W001_with_its_line(tmp_path: Path) -> None:
    good = _line(id="a", text="fine", published="2026-03-01").encode()
    bad = b'{"id": "b", "text": "Caf\xe9 bombed", "published": "2026-03-01"}\n'
    articles, reader = _read([_write(tmp_path, "in.jsonl", good + bad)])
    assert articles[1].text == "Caf\ufffd bombed"
    assert [(i.code, i.line, i.article_id) for i in reader.issues] == [("W001", 2, "b")]


def test_nul_bytes_raise_E004_unreadable(tmp_path: Path) -> None:
    path = _write(tmp_path, "in.jsonl", b"\x00\x01\x02binary\x00\n")
    with pytest.raises(UnreadableArticle, match=r"^\[E004\]"):
        _read([path])


def test_missing_file_raises_E006(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^\[E006\]"):
        _read([str(tmp_path / "nope.jsonl")])


def test_directory_raises_E021(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^\[E021\]"):
        _read([str(tmp_path)])


def test_json_lines_are_sniffed_in_a_file_without_suffix(tmp_path: Path) -> None:
    path = _write(tmp_path, "feed", _line(id="a", text="x", published="2026-03-01"))
    articles, _ = _read([path])
    assert [a.id for a in articles] == ["a"]


def test_repeated_id_is_recorded_W020(tmp_path: Path) -> None:
    content = _line(id="a", text="x", published="2026-03-01") * 2
    articles, reader = _read([_write(tmp_path, "in.jsonl", content)])
    assert len(articles) == 2
    assert [i.code for i in reader.issues] == ["W020"]


def test_issues_list_passed_to_read_articles_collects_warnings(tmp_path: Path) -> None:
    issues: list = []
    path = _write(tmp_path, "in.jsonl", _line(id="a", text="", published="2026-03-01"))
    list(read_articles([path], issues=issues))
    assert [i.code for i in issues] == ["W003"]
