"""The triage decision: find the lexicon's cues in the head of an article, sum, compare."""

from __future__ import annotations

from sitrep.model import Article, Triage
from sitrep.triage.lexicon import Lexicon, load_lexicon

__all__ = ["HEAD_CHARS", "decide", "head_of", "triage_article"]

HEAD_CHARS = 2500  # the title and the first four or five paragraphs: the lead and what follows it


def head_of(article: Article, *, chars: int = HEAD_CHARS) -> str:
    """The title and the first ``chars`` characters of the text, cut at a word boundary."""
    text = article.text
    if len(text) > chars:
        cut = text.rfind(" ", 0, chars)
        text = text[: cut if cut > 0 else chars]
    return f"{article.title}\n{text}" if article.title else text


def decide(head: str, *, threshold: float, lexicon: Lexicon | None = None) -> Triage:
    """Score ``head`` against the lexicon; "parse" when the score reaches ``threshold``.

    Each cue counts once, by the first word that showed it. A context family says what a story
    is about only when it shows two different words ("striker" and "scored"): one alone ("a review
    of the cases", "the supreme court") counts half its weight. The reason lists them in the order
    they occur ("killed (kill +1.0), striker (sport -1.5)").
    """
    lex = lexicon or load_lexicon()
    found: dict[int, dict[str, None]] = {}  # cue -> the different words that showed it, in order
    for match in lex.pattern.finditer(head.lower()):
        index = int(match.lastgroup[1:]) if match.lastgroup else -1
        if index >= 0:
            found.setdefault(index, {})[match.group(0)] = None
    weights = {i: _weight(lex.cues[i].weight, len(words)) for i, words in found.items()}
    score = round(sum(weights.values()), 3)
    decision = "parse" if score >= threshold else "skip"
    if found:
        reason = ", ".join(f"{next(iter(words))} ({lex.cues[i].id} {weights[i]:+.1f})" for i, words in found.items())
    else:
        reason = "no cue of violence, protest or strategic development in the title and lead"
    return Triage(decision=decision, score=score, reason=reason)


def triage_article(article: Article, *, threshold: float, lexicon: Lexicon | None = None) -> Triage:
    """The triage decision on one article, from its title and lead (``head_of``)."""
    return decide(head_of(article), threshold=threshold, lexicon=lexicon)


def _weight(weight: float, distinct_words: int) -> float:
    """A cue's weight; a context family's (negative) weight in full from two different words on."""
    return weight if weight > 0 or distinct_words >= 2 else weight / 2
