"""Articles written for the triage tests (never copied from a real report or the dev data)."""

from __future__ import annotations

import datetime as dt

from sitrep.model import Article

DAY = dt.date(2025, 6, 11)


def article(key: str, text: str, title: str = "") -> Article:
    return Article(id=key, text=text, title=title, published=DAY)


# Not about political violence: each has a word a naive filter would take for an event.
SPORT = article(
    "sport",
    "The striker shot wide twice before half-time, and the visitors punished him: two goals in six "
    "minutes settled the league match. The manager said his side had lost their nerve after the break.",
    title="Late collapse costs the home side the derby",
)
MARKETS = article(
    "markets",
    "Shares plunged after the attack on the currency, as investors sold the rupee for a third day. "
    "The central bank raised interest rates by half a point and analysts said more selling was likely.",
    title="Markets slide as traders bet against the rupee",
)
OBITUARY = article(
    "obituary",
    "The painter, whose portraits hang in galleries across the country, died peacefully at his home "
    "on Sunday, aged 91. He is survived by his wife and three daughters.",
    title="Painter of quiet rooms dies at 91",
)
FILM = article(
    "film",
    "In the director's new thriller a retired detective is killed in the first reel, and the film spends "
    "two hours asking who wanted him dead. The cast is strong, but the screenplay loses its way. "
    "Three stars from our critics.",
    title="Review: a slow-burning mystery",
)
COURT = article(
    "court",
    "A court in the capital sentenced a man to life in prison on Tuesday for the murder of a shopkeeper "
    "in 2009. The jury heard that he was killed after an argument over a debt. The judge said the "
    "appeal would be heard next year.",
    title="Life sentence for 2009 murder",
)

# About political violence or a demonstration: triage must keep them for the parse.
BOMBING = article(
    "bombing",
    "A roadside bomb struck a police vehicle in Kandahar city on Tuesday.\nTwo officers were killed.",
)
HEADLINE = article("headline", "Suicide blast kills 11 at a market in Quetta")
PROTEST = article(
    "protest",
    "Hundreds of farmers marched to the district office in Multan on Tuesday to demand lower fertilizer "
    "prices, chanting slogans against the provincial government. The protest ended peacefully.",
)

SKIPPED = (SPORT, MARKETS, OBITUARY, FILM, COURT)
KEPT = (BOMBING, HEADLINE, PROTEST)
