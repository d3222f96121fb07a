"""Text checks shared by every input: empty, oversized, future-dated, HTML, normalisation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sitrep.errors import InputError, UnreadableArticle
from sitrep.ingest import DEFAULT_MAX_CHARS, Reader
from sitrep.ingest.text import is_binary, normalise

TODAY = dt.date(2026, 6, 1)


def _jsonl(tmp_path: Path, text: str, published: str = "2026-03-01") -> str:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": text, "published": published}) + "\n", encoding="utf-8")
    return str(path)


def test_default_max_chars_is_the_documented_constant() -> None:
    assert DEFAULT_MAX_CHARS == 100_000


def test_empty_text_still_yields_the_article_and_records_W003(tmp_path: Path) -> None:
    reader = Reader(today=TODAY)
    articles = list(reader.read([_jsonl(tmp_path, "   ")]))
    assert len(articles) == 1
    assert [i.code for i in reader.issues] == ["W003"]


def test_huge_text_is_cut_to_max_chars_and_records_W002(tmp_path: Path) -> None:
    reader = Reader(today=TODAY, max_chars=1_000)
    (article,) = reader.read([_jsonl(tmp_path, "Blast in Quetta. " * 500)])
    assert len(article.text) == 1_000
    assert [i.code for i in reader.issues] == ["W002"]
    assert "8500" in reader.issues[0].message


def test_text_at_the_limit_is_not_cut(tmp_path: Path) -> None:
    reader = Reader(today=TODAY, max_chars=10)
    (article,) = reader.read([_jsonl(tmp_path, "x" * 10)])
    assert article.text == "x" * 10
    assert reader.issues == []


def test_future_publication_is_kept_and_records_W004(tmp_path: Path) -> None:
    reader = Reader(today=TODAY)
    (article,) = reader.read([_jsonl(tmp_path, "x", published="2026-06-02")])
    assert article.published == dt.date(2026, 6, 2)
    assert [i.code for i in reader.issues] == ["W004"]


def test_normalise_composes_unicode_and_unifies_line_ends() -> None:
    assert normalise("\ufeffCafe\u0301\r\nnext\rlast") == "Caf\u00e9\nnext\nlast"


def test_offsets_index_the_normalised_text(tmp_path: Path) -> None:
    reader = Reader(today=TODAY)
    (article,) = reader.read([_jsonl(tmp_path, "Cafe\u0301 attack\r\nin Quetta")])
    start = article.text.index("Quetta")
    assert article.text[start : start + 6] == "Quetta"
    assert article.text == "Caf\u00e9 attack\nin Quetta"


def test_html_record_text_is_extracted(tmp_path: Path) -> None:
    markup = "<div><p>Two killed in <b>Kech</b>.</p><script>var x = 1;</script><p>Police said.</p></div>"
    (article,) = Reader(today=TODAY).read([_jsonl(tmp_path, markup)])
    assert article.text == "Two killed in Kech.\n\nPolice said."


def test_text_with_a_stray_angle_bracket_is_not_html(tmp_path: Path) -> None:
    (article,) = Reader(today=TODAY).read([_jsonl(tmp_path, "<3 dead after clash")])
    assert article.text == "<3 dead after clash"


def test_plain_text_file_is_one_article_named_by_its_stem(tmp_path: Path) -> None:
    path = tmp_path / "dawn-2026-03-01.txt"
    path.write_bytes(b"\xef\xbb\xbfSeven soldiers were killed.\r\nThe BLA claimed it.\n")
    reader = Reader(published=dt.date(2026, 3, 1), today=TODAY)
    (article,) = reader.read([str(path)])
    assert article.id == "dawn-2026-03-01"
    assert article.published == dt.date(2026, 3, 1)
    assert article.text == "Seven soldiers were killed.\nThe BLA claimed it.\n"


def test_plain_text_without_published_raises_E005(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("Clash reported.", encoding="utf-8")
    with pytest.raises(InputError, match=r"^\[E005\]") as info:
        list(Reader(today=TODAY).read([str(path)]))
    assert info.value.article_id == "report"


def test_plain_text_with_bad_utf8_records_W001_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"line one\nline \xff two\n")
    reader = Reader(published=dt.date(2026, 3, 1), today=TODAY)
    (article,) = reader.read([str(path)])
    assert "\ufffd" in article.text
    assert [(i.code, i.line) for i in reader.issues] == [("W001", 2)]


def test_binary_file_raises_E004(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)))
    with pytest.raises(UnreadableArticle, match=r"^\[E004\]"):
        list(Reader(published=dt.date(2026, 3, 1), today=TODAY).read([str(path)]))


def test_mostly_control_bytes_count_as_binary() -> None:
    assert is_binary(bytes(range(1, 32)) * 10)
    assert not is_binary(b"Ordinary text\twith tabs\nand lines.")


def test_html_file_gives_visible_text_and_title(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Attack in Kech</title><style>p{}</style></head>"
        "<body><nav>Home | World</nav><p>Gunmen opened fire.<br>Two died.</p></body></html>",
        encoding="utf-8",
    )
    (article,) = Reader(published=dt.date(2026, 3, 1), today=TODAY).read([str(path)])
    assert article.title == "Attack in Kech"
    assert article.text == "Gunmen opened fire.\nTwo died."
