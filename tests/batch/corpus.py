"""A small corpus written for the batch tests: wire stories, a second outlet's account of one of
them (fusion joins the two), an exact repeat (dedup drops it) and one malformed line."""

from __future__ import annotations

import json
from pathlib import Path

STORIES: list[dict[str, str]] = [
    {
        "id": "b-1",
        "published": "2026-03-03",
        "url": "https://frontier.example/a/1",
        "text": "Gunmen attacked a police checkpoint in Bannu on Sunday night, killing two policemen, officials said. "
        "The attackers escaped into nearby fields.",
    },
    {
        "id": "b-2",
        "published": "2026-03-03",
        "url": "https://valley.example/news/77",
        "text": "Two police officers were killed when militants stormed a checkpoint in Bannu late on Sunday, "
        "a police spokesman said on Monday.",
    },
    {
        "id": "b-3",
        "published": "2026-03-04",
        "text": "Hundreds of farmers protested outside the district court in Multan on Tuesday against rising "
        "fertilizer prices. The rally ended peacefully.",
    },
    {
        "id": "b-4",
        "published": "2026-03-05",
        "text": "A roadside bomb struck a military convoy near Kohat on Wednesday, wounding four soldiers, the army "
        "said in a statement.",
    },
    {
        "id": "b-5",
        "published": "2026-03-20",
        "text": "Unidentified men threw a grenade at a shop in Quetta on Thursday, injuring three people, police said.",
    },
    {
        "id": "b-6",
        "published": "2026-03-21",
        "text": "Security forces killed five militants in a raid on a hideout in North Waziristan on Friday, the "
        "military's media wing said.",
    },
    {
        "id": "b-7",
        "published": "2026-03-22",
        "text": "Protesters blocked the main highway in Gwadar on Saturday, demanding access to clean water. "
        "Police used tear gas to disperse them.",
    },
    {
        "id": "b-8",
        "published": "2026-03-23",
        "text": "An explosion at a market in Peshawar on Sunday killed one person and wounded six, rescue officials "
        "said.",
    },
    {  # not about political violence: triage skips it, on every engine
        "id": "b-9",
        "published": "2026-03-23",
        "text": "Shares plunged after the attack on the currency, as investors sold the rupee for a third day and "
        "analysts said the central bank would raise interest rates.",
    },
]
REPEAT = {
    "id": "b-1-copy",
    "published": "2026-03-03",
    "url": "https://frontier.example/a/1",
    "text": STORIES[0]["text"],
}


def write_corpus(folder: Path) -> Path:
    """JSON Lines (stories 1-5, the repeat, a malformed line) and Parquet (stories 6-9) in ``folder``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "wire.jsonl").open("w", encoding="utf-8") as fh:
        for story in STORIES[:5]:
            fh.write(json.dumps(story) + "\n")
        fh.write("\n")
        fh.write('{"id": "broken", "text": "no date"}\n')
        fh.write(json.dumps(REPEAT) + "\n")
    rows = [dict(s, url=s.get("url", "")) for s in STORIES[5:]]
    pq.write_table(pa.Table.from_pylist(rows), folder / "archive.parquet", row_group_size=2)
    return folder
