"""The store scenario's articles, written for these tests: one attack told five ways, and another.

Four outlets report a Tehreek-i-Taliban Pakistan attack on a police checkpoint in Kulachi (Dera
Ismail Khan district) on Monday 2 March 2026, with six, eight and ten dead as the count grows,
then a correction down to five. The same day, in the same town, Lashkar-e-Jhangvi gunmen kill
two shopkeepers: another incident, by other actors, that must stay apart.
"""

from __future__ import annotations

import datetime as dt

from sitrep.model import Article

__all__ = ["ATTACK_IDS", "OTHER_ID", "STORIES"]

STORIES: tuple[Article, ...] = (
    Article(
        id="wire-1",
        published=dt.date(2026, 3, 3),
        source="Frontier Wire",
        title="Police post attacked",
        url="https://frontier.example/2026/03/03/kulachi",
        text="Militants of the Tehreek-i-Taliban Pakistan attacked a police checkpoint in Kulachi in Dera "
        "Ismail Khan district on Monday night, killing six policemen, officials said.",
    ),
    Article(
        id="daily-2",
        published=dt.date(2026, 3, 3),
        source="Indus Daily",
        title="Eight police killed",
        text="At least eight police officers were killed when TTP fighters stormed a police checkpoint in "
        "Kulachi, Dera Ismail Khan, on Monday, a police spokesman said.",
    ),
    Article(
        id="radio-3",
        published=dt.date(2026, 3, 4),
        source="Radio Derajat",
        title="Toll rises to ten",
        text="Ten policemen were killed in Monday's attack by Tehreek-i-Taliban Pakistan militants on a "
        "checkpoint in Kulachi, Dera Ismail Khan district, hospital officials said on Tuesday.",
    ),
    Article(
        id="wire-4",
        published=dt.date(2026, 3, 6),
        source="Frontier Wire",
        title="Correction",
        text="Five policemen were killed, not ten as reported earlier, when Tehreek-i-Taliban Pakistan "
        "militants attacked a checkpoint in Kulachi in Dera Ismail Khan district on Monday, officials "
        "said in a correction.",
    ),
    Article(
        id="daily-5",
        published=dt.date(2026, 3, 3),
        source="Indus Daily",
        title="Shopkeepers shot",
        text="In a separate incident on Monday, gunmen of Lashkar-e-Jhangvi shot dead two shopkeepers in "
        "Kulachi in Dera Ismail Khan district, police said.",
    ),
)
ATTACK_IDS = ("daily-2", "radio-3", "wire-1", "wire-4")
OTHER_ID = "daily-5"
