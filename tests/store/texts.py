"""Short wire reports made from templates, for tests that need many real articles to code."""

from __future__ import annotations

import datetime as dt

from sitrep.model import Article

__all__ = ["synthetic_articles"]

TOWNS = ("Kulachi", "Tank", "Bannu", "Lakki Marwat", "Kohat", "Hangu", "Karak", "Parachinar")
NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "nine")
TEMPLATES = (
    "Militants of the Tehreek-i-Taliban Pakistan attacked a police checkpoint in {town} on {day}, killing {n} "
    "policemen, officials said.",
    "Gunmen of Lashkar-e-Jhangvi shot dead {n} shopkeepers in {town} on {day}, police said.",
    "A roadside bomb struck a police van in {town} on {day}, killing {n} officers, a spokesman said.",
    "Hundreds of traders protested peacefully in {town} on {day} against power cuts, organisers said.",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def synthetic_articles(n: int, *, start: dt.date = dt.date(2026, 3, 2)) -> list[Article]:
    """n articles: template, town, figure and day vary with the index, so some reports repeat an
    incident (and fuse) and most do not."""
    out = []
    for i in range(n):
        happened = start + dt.timedelta(days=(i * 5) % 23)
        text = TEMPLATES[i % len(TEMPLATES)].format(
            town=TOWNS[(i // 4) % len(TOWNS)], n=NUMBERS[i % 8], day=WEEKDAYS[happened.weekday()]
        )
        out.append(
            Article(
                id=f"syn-{i:05d}",
                text=f"{text} (Report {i}.)",
                source=f"Outlet {i % 5}",
                published=happened + dt.timedelta(days=1 + i % 2),
            )
        )
    return out
