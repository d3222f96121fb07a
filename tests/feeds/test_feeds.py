"""Feed and OPML parsing: entries with stable ids, XML attacks refused before any parser runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest.feeds import article_id_for, check_xml_safety, parse_feed, parse_opml
from sitrep.ingest.html import extract_main_text
from tests.feeds.pages import STORIES, atom, page, rss

BASE = "http://feeds.example"
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b'<rss version="2.0"><channel><title>&lol3;</title></channel></rss>'
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<rss version="2.0"><channel><item><title>&xxe;</title><link>http://x.example/1</link>'
    b"</item></channel></rss>"
)


def _code(info: pytest.ExceptionInfo[InputError]) -> str:
    return str(info.value)[1:5]


def test_rss_entries_come_out_in_order_with_dates_and_plain_summaries() -> None:
    items = parse_feed(rss(BASE, ["bannu", "multan"]).encode(), url=BASE + "/rss")
    assert [i.link for i in items] == [BASE + "/news/bannu", BASE + "/news/multan"]
    assert items[0].title == STORIES["bannu"][0]
    assert items[0].published == dt.date(2026, 3, 1)
    assert items[1].summary.startswith("Hundreds of farmers protested")


def test_atom_entries_are_read_too() -> None:
    items = parse_feed(atom(BASE, ["kohat"]).encode(), url=BASE + "/atom")
    assert [(i.link, i.published) for i in items] == [(BASE + "/news/kohat", dt.date(2026, 3, 1))]


def test_article_ids_are_stable_and_follow_the_link_not_the_feed() -> None:
    a = parse_feed(rss(BASE, ["bannu"]).encode(), url=BASE + "/rss")[0]
    b = parse_feed(atom(BASE, ["bannu"]).encode(), url=BASE + "/other-feed")[0]
    assert a.article_id == b.article_id == article_id_for(BASE + "/news/bannu")


def test_xml_bomb_billion_laughs_is_refused() -> None:
    with pytest.raises(InputError) as info:
        parse_feed(BILLION_LAUGHS, url=BASE + "/rss")
    assert _code(info) == "E071"


def test_xml_external_entity_is_refused() -> None:
    with pytest.raises(InputError) as info:
        parse_feed(EXTERNAL_ENTITY, url=BASE + "/rss")
    assert _code(info) == "E071"


def test_xml_bomb_hidden_in_utf16_is_still_refused() -> None:
    data = BILLION_LAUGHS.decode().replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>')
    with pytest.raises(InputError):
        check_xml_safety(data.encode("utf-16"), url="u")
    with pytest.raises(InputError):
        check_xml_safety(data.encode("utf-16-le"), url="u")


def test_a_plain_rss091_doctype_is_allowed() -> None:
    feed = rss(BASE, ["quetta"]).replace(
        "<rss",
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss',
        1,
    )
    assert len(parse_feed(feed.encode(), url=BASE + "/rss")) == 1


def test_malformed_feed_is_refused_with_E072() -> None:
    with pytest.raises(InputError) as info:
        parse_feed(b"<html><body>Service unavailable</body></html>", url=BASE + "/rss")
    assert _code(info) == "E072"


def test_opml_lists_each_feed_once() -> None:
    opml = (
        b"<?xml version='1.0'?><opml version='2.0'><head><title>desk</title></head><body>"
        b"<outline text='Region'><outline type='rss' xmlUrl='http://a.example/rss'/>"
        b"<outline type='rss' xmlUrl='http://b.example/atom'/></outline>"
        b"<outline type='rss' xmlUrl='http://a.example/rss'/></body></opml>"
    )
    assert parse_opml(opml, source="desk.opml") == ["http://a.example/rss", "http://b.example/atom"]


def test_opml_with_entities_is_refused() -> None:
    opml = (
        b"<?xml version='1.0'?><!DOCTYPE opml [<!ENTITY a 'aaaa'>]><opml version='2.0'><body>"
        b"<outline xmlUrl='http://a.example/&a;'/></body></opml>"
    )
    with pytest.raises(InputError) as info:
        parse_opml(opml, source="desk.opml")
    assert _code(info) == "E073"


def test_main_text_drops_menus_and_footer_and_offsets_index_it() -> None:
    extracted = extract_main_text(page("bannu"))
    assert "Gunmen attacked a police checkpoint in Bannu" in extracted.text
    assert "Subscribe" not in extracted.text and "rights reserved" not in extracted.text
    start = extracted.text.index("Bannu")
    assert extracted.text[start : start + 5] == "Bannu"


def test_a_saved_page_is_read_for_its_main_text_and_its_own_date(tmp_path: Path) -> None:
    from sitrep.ingest import Reader

    markup = page("kohat").replace(
        "<head>", "<head><meta property='article:published_time' content='2026-03-04T07:30:00Z'>", 1
    )
    saved = tmp_path / "kohat-convoy.html"
    saved.write_text(markup, encoding="utf-8")
    (article,) = Reader(today=dt.date(2026, 3, 10)).read([str(saved)])
    assert article.id == "kohat-convoy" and article.published == dt.date(2026, 3, 4)
    assert "A roadside bomb struck a military convoy near Kohat on Tuesday" in article.text
    assert "Subscribe" not in article.text and "Frontier Daily, all rights" not in article.text


def test_control_characters_a_lenient_feed_parse_lets_through_are_removed() -> None:
    # feedparser's loose parser keeps raw control bytes and numeric references to them, which
    # PostgreSQL (NUL) and lxml refuse: the items come out without them
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>Blast\x01 in Quetta&#1;'
        b"</title><link>https://news.example/a\x02b</link><description>Two &#0;killed\x00</description></item>"
        b"</channel></rss>"
    )
    [item] = parse_feed(data, url="https://news.example/rss")
    assert (item.title, item.link, item.summary) == ("Blast in Quetta", "https://news.example/ab", "Two killed")
