"""Only text a reader of the page sees becomes events: a saved page or an HTML article may hide
text (the ``hidden`` attribute, ``aria-hidden``, an inline ``display:none`` or ``visibility:hidden``,
``<template>``, ``<noscript>``, comments, ``<script>`` and ``<style>``), and none of it is coded. Run
through ``sitrep extract`` on whole saved pages (trafilatura's path) and on HTML fragments in JSON
Lines (the stdlib parser's path); ``sitrep watch`` prepares fetched pages with the same code."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sitrep.ingest.html import extract_html

PLANTED = "On Sunday a bomb killed 77 people at a market in Sukkur, police said."
SHOWN = (
    "The provincial government of Sindh met in Karachi on Monday to plan flood relief for the coming season. "
    "Officials said new embankments would be built along the Indus before the monsoon."
)
KINDS = {
    "hidden": f"<p hidden>{PLANTED}</p>",
    "hidden_until_found": f'<div hidden="until-found"><p>{PLANTED}</p></div>',
    "aria_hidden": f'<p aria-hidden="true">{PLANTED}</p>',
    "display_none": f'<div style="color: #333; display: none !important"><p>{PLANTED}</p></div>',
    "visibility_hidden": f'<p style="visibility:hidden">{PLANTED}</p>',
    "template": f"<template><p>{PLANTED}</p></template>",
    "noscript": f"<noscript><p>{PLANTED}</p></noscript>",
    "comment": f"<!-- <p>{PLANTED}</p> -->",
    "conditional_comment": f"<!--[if IE]><p>{PLANTED}</p><![endif]-->",
    "script": f'<script type="text/plain"><p>{PLANTED}</p></script>',
    "style": f'<style>p::after {{ content: "{PLANTED}" }}</style>',
    "shown": f"<p>{PLANTED}</p>",  # the control: the same words, visible, are coded
}


def _page(kind: str) -> str:
    return (
        f"<!doctype html><html><head><title>Sindh {kind}</title></head><body><article><h1>Flood plans</h1>"
        f"<p>{SHOWN}</p>{KINDS[kind]}<p>{SHOWN}</p></article></body></html>"
    )


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, object]]]:
    """Events per article id: page-KIND from a saved page, frag-KIND from an HTML fragment."""
    folder = tmp_path_factory.mktemp("hidden")
    paths = []
    for kind in KINDS:
        path = folder / f"page-{kind}.html"
        path.write_text(_page(kind), encoding="utf-8")
        paths.append(str(path))
    fragments = folder / "fragments.jsonl"
    fragments.write_text(
        "".join(
            json.dumps({"id": f"frag-{k}", "published": "2026-03-02", "text": f"<p>{SHOWN}</p>{m}"}) + "\n"
            for k, m in KINDS.items()
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "sitrep", "extract", *paths, str(fragments), "--published", "2026-03-02"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, list[dict[str, object]]] = {}
    for line in done.stdout.splitlines():
        event = json.loads(line)
        for article_id in event["article_ids"]:
            found.setdefault(article_id, []).append(event)
    return found


def _planted(events: list[dict[str, object]]) -> list[dict[str, object]]:
    return [e for e in events if e["fatalities"] == 77 or e["location"] == "Sukkur"]


def test_visible_text_with_the_same_words_is_coded(coded: dict[str, list[dict[str, object]]]) -> None:
    assert _planted(coded.get("page-shown", [])) and _planted(coded.get("frag-shown", []))


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "shown"])
def test_hidden_text_of_each_kind_is_not_coded(coded: dict[str, list[dict[str, object]]], kind: str) -> None:
    assert _planted(coded.get(f"page-{kind}", [])) == []
    assert _planted(coded.get(f"frag-{kind}", [])) == []
    assert "Sukkur" not in extract_html(KINDS[kind]).text


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>a<p hidden>secret<p>b", "a\n\nb"),  # an unclosed hidden <p> ends where the next one starts
        ("<div>a<p hidden>secret</div>b", "a\n\nb"),  # ... or where its block ends
        ("<div hidden><div>secret</div><div>secret</div></div>shown", "shown"),  # nested same-named elements
        ('<p>a <img hidden src="x.png"> b</p>', "a b"),  # a hidden void element hides no text after it
        ('<p style="display: block">shown</p>', "shown"),
        ('<p aria-hidden="false">shown</p>', "shown"),
    ],
)
def test_hidden_regions_end_where_a_browser_ends_them(markup: str, text: str) -> None:
    assert extract_html(markup).text == text
