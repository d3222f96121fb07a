"""Triage: decide from an article's title and first paragraphs, without a parse, whether it may
report an event ACLED codes (political violence, a demonstration, a strategic development).

    Article ─triage→ Triage("parse" | "skip", score, reason) ─nlp→ … (only when "parse")

The decision is a weighted lexicon (data/lexicons/triage.toml, each entry naming its codebook
rule): a cue such as "bombing" or "protesters" weighs for parsing, a context family such as sport
or markets against; the article is parsed when the sum reaches ``triage_threshold``. It errs
toward parsing: its job is to drop what is clearly about something else (a match report, a market
story, a film review), at well under a millisecond an article, where the parse costs tens.
This stage imports nothing from nlp or any later stage.
"""

from __future__ import annotations

from sitrep.triage.decide import HEAD_CHARS, decide, head_of, triage_article
from sitrep.triage.lexicon import LEXICON_FILE, Cue, Lexicon, load_lexicon

__all__ = ["HEAD_CHARS", "LEXICON_FILE", "Cue", "Lexicon", "decide", "head_of", "load_lexicon", "triage_article"]
