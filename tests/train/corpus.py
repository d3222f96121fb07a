"""Texts the tests write, in the register of conflict reporting, with the labels a team gave them.

Four kinds of incident, each told in many wordings, places and days, so a model has something
to learn and a held-out part to be measured on. No row of any licensed data set is used.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

TOWNS = ["Quetta", "Peshawar", "Lahore", "Karachi", "Multan", "Sukkur", "Hyderabad", "Gwadar", "Turbat", "Mardan"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
KINDS = {
    "Armed clash": [
        "Soldiers and militants exchanged fire for hours near {town} on {day}, and {n} fighters were killed.",
        "A gun battle broke out between police and armed insurgents in {town} on {day}; {n} militants died.",
        "Security forces clashed with rebels on the outskirts of {town} on {day}, leaving {n} dead.",
    ],
    "Remote explosive/landmine/IED": [
        "A roadside bomb exploded under a police van in {town} on {day}, killing {n} officers.",
        "An improvised explosive device planted on a motorbike went off in a market in {town} on {day}, killing {n}.",
        "A landmine blast struck a passing vehicle near {town} on {day}, and {n} passengers were killed.",
    ],
    "Peaceful protest": [
        "Hundreds of traders marched peacefully through {town} on {day} to protest against new taxes.",
        "Teachers held a sit-in outside the press club in {town} on {day}, demanding unpaid salaries.",
        "Students rallied in {town} on {day} against fee increases; the protest ended peacefully.",
    ],
    "Abduction/forced disappearance": [
        "Gunmen abducted {n} aid workers from their car near {town} on {day}; their whereabouts are unknown.",
        "Armed men kidnapped a local councillor from his home in {town} on {day}.",
        "{n} labourers were abducted by unidentified armed men outside {town} on {day}.",
    ],
}


def labelled_rows() -> list[tuple[str, str]]:
    """(text, label) pairs: every kind in every wording, place and one of the days."""
    rows: list[tuple[str, str]] = []
    for label, templates in KINDS.items():
        for i, (template, town) in enumerate(itertools.product(templates, TOWNS)):
            rows.append((template.format(town=town, day=DAYS[i % len(DAYS)], n=2 + i % 7), label))
    return rows


def write_csv(path: Path, *, label_column: str = "category", rename: dict[str, str] | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "text", label_column])
        for i, (text, label) in enumerate(labelled_rows()):
            out.writerow([f"r{i}", text, (rename or {}).get(label, label)])
    return path
