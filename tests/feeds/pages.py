"""Feeds and article pages written for these tests (not copied from any outlet)."""

from __future__ import annotations

from xml.sax.saxutils import escape

STORIES = {
    "bannu": (
        "Checkpoint attacked in Bannu",
        "Gunmen attacked a police checkpoint in Bannu on Sunday, killing two policemen, officials said. "
        "The attackers escaped into nearby fields, a police spokesman told reporters.",
    ),
    "multan": (
        "Farmers rally in Multan",
        "Hundreds of farmers protested outside the district court in Multan on Monday against rising "
        "fertilizer prices. The rally ended peacefully in the evening.",
    ),
    "kohat": (
        "Convoy hit near Kohat",
        "A roadside bomb struck a military convoy near Kohat on Tuesday, wounding four soldiers, the army "
        "said in a statement.",
    ),
    "quetta": (
        "Grenade thrown in Quetta",
        "Unidentified men threw a grenade at a shop in Quetta on Wednesday, injuring three people, police said.",
    ),
    "derby": (
        "Late goals settle the derby",
        "The striker shot wide twice before the break, but the home side scored twice in the second half "
        "to win the league match, the manager said.",
    ),
}


def page(key: str) -> str:
    """A whole web page around one story, with the menus and footer a real site has."""
    title, text = STORIES[key]
    paragraphs = "".join(f"<p>{escape(s.strip().rstrip('.'))}.</p>" for s in text.split(". ") if s.strip(". "))
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)} | Frontier Daily</title>"
        "</head><body><nav><a href='/'>Home</a> <a href='/region'>Region</a> <a href='/sport'>Sport</a></nav>"
        f"<div class='ad'>Subscribe for daily updates</div><article><h1>{escape(title)}</h1>{paragraphs}"
        "</article><footer>Frontier Daily, all rights reserved. Contact the newsroom.</footer></body></html>"
    )


def rss(base: str, keys: list[str], *, paths: dict[str, str] | None = None) -> str:
    """An RSS 2.0 feed whose items link to ``base + /news/<key>`` (or ``paths[key]``)."""
    items = []
    for day, key in enumerate(keys, start=1):
        title, text = STORIES[key]
        link = base + (paths or {}).get(key, f"/news/{key}")
        items.append(
            f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
            f"<guid>{escape(link)}</guid><pubDate>Mon, 0{day} Mar 2026 08:00:00 GMT</pubDate>"
            f"<description>{escape(text)}</description></item>"
        )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Frontier Daily</title>"
        f"<link>{base}/</link><description>Regional news</description>{''.join(items)}</channel></rss>"
    )


def atom(base: str, keys: list[str]) -> str:
    entries = "".join(
        f"<entry><title>{escape(STORIES[k][0])}</title><link href='{base}/news/{k}'/><id>urn:fd:{k}</id>"
        f"<updated>2026-03-0{i}T08:00:00Z</updated><summary>{escape(STORIES[k][1])}</summary></entry>"
        for i, k in enumerate(keys, start=1)
    )
    return (
        f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>FD</title>"
        f"<id>urn:fd</id><updated>2026-03-04T08:00:00Z</updated>{entries}</feed>"
    )
