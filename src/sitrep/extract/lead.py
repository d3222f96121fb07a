"""The article's lead: the opening sentences a learned typer reads beside an event's own clause.

News puts the incident in its first sentence or two (the inverted pyramid), and an ACLED note
is all lead. The lead is found here with a plain sentence rule rather than spaCy's parse, so a
training text that never went through the parse (a gold file's note, an article in the store)
gets the very same lead as an article coded by the pipeline.
"""

from __future__ import annotations

import re

from sitrep.model import Evidence

__all__ = ["LEAD_CHARS", "LEAD_SENTENCES", "lead_of", "model_input"]

LEAD_SENTENCES = 2  # sentences kept, at most...
LEAD_CHARS = 400  # ...and characters (a longer first sentence is cut at a word)
# A sentence ends at . ! or ? followed by space and a capital, a digit or a quote ("Gen. Ahmed"
# and "3.5 km" do not end one; an abbreviation before a capitalised name sometimes does: harmless).
_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[A-Z0-9\"“‘(])")
_SPACE = re.compile(r"\s+")


def lead_of(text: str, *, article_id: str = "") -> Evidence:
    """The first ``LEAD_SENTENCES`` sentences of ``text``, at most ``LEAD_CHARS`` characters,
    as a span of it (start at the first non-space character)."""
    start = len(text) - len(text.lstrip())
    end = start
    for n, match in enumerate(_END.finditer(text, start), start=1):
        if match.start() - start > LEAD_CHARS:
            break
        end = match.start()
        if n >= LEAD_SENTENCES:
            break
    else:
        end = len(text.rstrip())
    if end <= start or end - start > LEAD_CHARS:
        cut = text.rfind(" ", start, start + LEAD_CHARS)
        end = min(len(text.rstrip()), start + LEAD_CHARS) if cut <= start else cut
    return Evidence(article_id=article_id, start=start, end=end, text=text[start:end])


def model_input(lead: Evidence | None, clauses: tuple[Evidence, ...] | list[Evidence] = ()) -> str:
    """What a learned typer reads for one event: the event's clauses that are not already in the
    lead, in text order, then the lead. A note whose event is told in its first sentence reads
    the same at training time (the text alone) and when coded (its clause lies in the lead)."""
    lead_end = lead.end if lead is not None else 0
    own: list[str] = []
    for clause in sorted(clauses, key=lambda e: e.start):
        if clause.end > lead_end and clause.text not in own:
            own.append(clause.text)
    parts = [*own, lead.text if lead is not None else ""]
    return _SPACE.sub(" ", " ".join(p for p in parts if p)).strip()
