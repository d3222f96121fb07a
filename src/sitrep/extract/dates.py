"""Date mentions: explicit dates, weekdays and relative phrases, resolved against publication.

``find_dates(doc, published=..., article_id=...)`` scans each sentence with compiled patterns (most
specific first; a later pattern never claims text an earlier one took) and returns one
``DateMention`` per phrase. How each phrase becomes a day and an ACLED ``time_precision``:

============================================  ==============================================  =====
phrase                                        date                                            prec.
============================================  ==============================================  =====
"9 May 2020", "May 9, 2020", "2020-05-09"     that day                                        1
"9 May", "on May 9" (no year)                 the latest such day on or before publication    1
"03/01/2016:" opening a sentence (GTD)        MM/DD/YYYY; a "00" day gives the month          1 (3)
"Saturday", "early Saturday", "Monday night"  the latest such weekday on or before publication 1
"last Saturday"                               the latest such weekday *before* publication    1
"today", "tonight" / "yesterday", "last       publication day / the day before / N days       1
night" / "two days ago"                       before
"between 3 and 5 May", "3-5 May", "May 3-5"   the middle day of the range                     2 (3)
"this week", "earlier this week", "past week" the 7 days ending on publication: their middle  2
                                              (publication - 3 days)
"last week"                                   the 7 days a week earlier: publication - 10     2
"last weekend", "over the weekend"            the Saturday of the latest weekend on or before  2
"in March", "March 2020", "last month",       the 15th of that month; in the month of         3
"earlier this month"                          publication, the middle of its days so far
============================================  ==============================================  =====

ACLED codebook, Time precision codes: 1 the day is known; 2 only the week (or a range of days within
one) is known; 3 only the month. For 2 and 3 ACLED places the event inside the period; sitrep uses
the period's middle day, so a week "reported on Friday" (2026-01-30) lands on Tuesday 2026-01-27, never
after publication. A range longer than 7 days gets precision 3.

Future dates are dropped: an explicit date after publication, and "next Saturday"/"coming Monday".
A report of what happened cannot have happened after it was published; a future date in the text is
a plan or a deadline, which is not an event date. (Modality is not read: "talks on Saturday" in a
story published Monday resolves to the past Saturday. The event assembler decides which date mention
belongs to which event.) Bare "DD/MM/YYYY" or "MM/DD/YYYY" outside the GTD opening is ambiguous and
is not read; neither is a year on its own.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from sitrep.extract.numbers import parse_number
from sitrep.model import DateMention, Evidence, TimePrecision

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["find_dates", "first_date", "latest_weekday", "month_middle", "resolve_day_month"]

logger = logging.getLogger(__name__)

_MONTH_NAMES = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

# Month names are matched capitalised (or upper case) only, so the verb "may" is never a month.
_MONTH = (
    r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.(?=\s*\d))?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_DASH = r"\s*(?:-|–|—|to|and|until|till)\s*"

_GTD = re.compile(r"^\s*(?P<m>\d\d)/(?P<d>\d\d)/(?P<y>\d{4}):")
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")
_RANGE_DM = re.compile(
    r"\b(?:(?i:between|from)\s+)?(?P<d1>\d{1,2})" + _ORD + _DASH + r"(?P<d2>\d{1,2})" + _ORD
    + r"\s+(?:of\s+)?" + _MONTH.format(g="mon") + r"\b" + _YEAR
)  # fmt: skip
_RANGE_MD = re.compile(
    r"\b(?:(?i:between|from)\s+)?" + _MONTH.format(g="mon") + r"\s+(?P<d1>\d{1,2})" + _ORD + _DASH
    + r"(?P<d2>\d{1,2})" + _ORD + r"\b" + _YEAR
)  # fmt: skip
_DAY_MONTH = re.compile(
    r"(?:\b" + _WEEKDAY + r",?\s+)?\b(?:the\s+)?(?P<day>\d{1,2})" + _ORD + r"\s+(?:of\s+)?"
    + _MONTH.format(g="mon") + r"(?![A-Za-z])" + _YEAR
)  # fmt: skip
_MONTH_DAY = re.compile(
    r"(?:\b" + _WEEKDAY + r",?\s+)?\b" + _MONTH.format(g="mon") + r"\s+(?P<day>\d{1,2})" + _ORD
    + r"(?![\d:])\b" + _YEAR
)  # fmt: skip
_MONTH_YEAR = re.compile(r"\b" + _MONTH.format(g="mon") + r",?\s+(?P<year>(?:19|20)\d\d)\b")
_MONTH_ONLY = re.compile(
    r"\b(?P<pre>(?i:in|during|since|early|late|mid-|mid|throughout|last|this|earlier\s+in|later\s+in))"
    r"(?:\s+|(?<=-))" + _MONTH.format(g="mon") + r"(?![A-Za-z])"
)
_THIS_WEEK = re.compile(
    r"\b(?i:(?:earlier\s+|later\s+)?this\s+week|this\s+past\s+week|(?:the\s+|over\s+the\s+)?past\s+week"
    r"|earlier\s+in\s+the\s+week)\b"
)
_LAST_WEEK = re.compile(
    r"\b(?i:last\s+week|the\s+previous\s+week|the\s+week\s+before|a\s+week\s+(?:earlier|ago|before))\b"
)
_WEEKEND = re.compile(r"\b(?i:(?:last|this|over\s+the|at\s+the|during\s+the)\s+weekend)\b")
_LAST_MONTH = re.compile(r"\b(?i:last\s+month|the\s+previous\s+month)\b")
_THIS_MONTH = re.compile(r"\b(?i:(?:earlier\s+)?this\s+month)\b")
_DAYS_AGO = re.compile(r"\b(?P<n>\d{1,2}|(?i:two|three|four|five|six|seven|eight|nine|ten))\s+(?i:days\s+ago)\b")
_RELATIVE_DAY = re.compile(
    r"\b(?P<w>(?i:the\s+day\s+before\s+yesterday|yesterday|today|tonight|last\s+night|this\s+morning"
    r"|this\s+afternoon|this\s+evening))\b"
)
_WEEKDAY_RE = re.compile(
    r"\b(?:(?P<pre>(?i:last|next|this\s+coming|coming|this|on|early|late|since|until|by))\s+)?"
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


def latest_weekday(weekday: int, published: dt.date, *, strictly_before: bool = False) -> dt.date:
    """The latest day with ``weekday`` (0 = Monday) on or before ``published`` (or strictly before)."""
    back = (published.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return published - dt.timedelta(days=back)


def resolve_day_month(day: int, month: int, published: dt.date) -> dt.date | None:
    """A day and month with no year: the latest such date on or before ``published``.

    RETURNS (date | None): ``None`` for a day the month does not have (30 February).
    """
    for year in (published.year, published.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= published:
            return candidate
    return None


def month_middle(year: int, month: int, published: dt.date) -> dt.date:
    """The 15th of a month; for the month of publication, the middle of its days up to publication."""
    if (year, month) == (published.year, published.month):
        return published.replace(day=(1 + published.day) // 2)
    return dt.date(year, month, 15)


def _month(text: str) -> int:
    return _MONTH_NAMES[text.lower().rstrip(".")]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_Found = tuple[dt.date, TimePrecision] | None
_Rule = tuple[re.Pattern[str], Callable[[re.Match[str], dt.date], _Found]]


def _gtd(m: re.Match[str], pub: dt.date) -> _Found:
    year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
    if day == 0 and 1 <= month <= 12:
        return month_middle(year, month, dt.date.max), TimePrecision.MONTH
    got = _safe_date(year, month, day)
    return (got, TimePrecision.DAY) if got else None


def _iso(m: re.Match[str], pub: dt.date) -> _Found:
    got = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return (got, TimePrecision.DAY) if got else None


def _range(m: re.Match[str], pub: dt.date) -> _Found:
    d1, d2, month = int(m["d1"]), int(m["d2"]), _month(m["mon"])
    if d2 <= d1:
        return None
    if m["year"]:
        first, last = _safe_date(int(m["year"]), month, d1), _safe_date(int(m["year"]), month, d2)
    else:
        last = resolve_day_month(d2, month, pub)
        first = _safe_date(last.year, month, d1) if last else None
    if first is None or last is None:
        return None
    precision = TimePrecision.WEEK if (last - first).days < 7 else TimePrecision.MONTH
    return first + (last - first) // 2, precision


def _day_month(m: re.Match[str], pub: dt.date) -> _Found:
    day, month = int(m["day"]), _month(m["mon"])
    got = _safe_date(int(m["year"]), month, day) if m["year"] else resolve_day_month(day, month, pub)
    return (got, TimePrecision.DAY) if got else None


def _month_year(m: re.Match[str], pub: dt.date) -> _Found:
    return month_middle(int(m["year"]), _month(m["mon"]), dt.date.max), TimePrecision.MONTH


def _month_only(m: re.Match[str], pub: dt.date) -> _Found:
    month = _month(m["mon"])
    pre = m["pre"].lower()
    year = pub.year if month <= pub.month else pub.year - 1
    if pre == "last" and month == pub.month:
        year -= 1
    return month_middle(year, month, pub), TimePrecision.MONTH


def _this_week(m: re.Match[str], pub: dt.date) -> _Found:
    return pub - dt.timedelta(days=3), TimePrecision.WEEK


def _last_week(m: re.Match[str], pub: dt.date) -> _Found:
    return pub - dt.timedelta(days=10), TimePrecision.WEEK


def _weekend(m: re.Match[str], pub: dt.date) -> _Found:
    saturday = latest_weekday(5, pub)
    if m[0].lower().startswith("last") and (pub - saturday).days < 2:
        saturday -= dt.timedelta(days=7)  # "last weekend" said on the weekend means the one before
    return saturday, TimePrecision.WEEK


def _last_month(m: re.Match[str], pub: dt.date) -> _Found:
    first = pub.replace(day=1) - dt.timedelta(days=1)
    return month_middle(first.year, first.month, pub), TimePrecision.MONTH


def _this_month(m: re.Match[str], pub: dt.date) -> _Found:
    return month_middle(pub.year, pub.month, pub), TimePrecision.MONTH


def _days_ago(m: re.Match[str], pub: dt.date) -> _Found:
    n = parse_number(m["n"])
    return (pub - dt.timedelta(days=n), TimePrecision.DAY) if n else None


def _relative_day(m: re.Match[str], pub: dt.date) -> _Found:
    w = " ".join(m["w"].lower().split())
    if w in ("yesterday", "last night"):
        return pub - dt.timedelta(days=1), TimePrecision.DAY
    if w == "the day before yesterday":
        return pub - dt.timedelta(days=2), TimePrecision.DAY
    return pub, TimePrecision.DAY


def _weekday(m: re.Match[str], pub: dt.date) -> _Found:
    pre = " ".join((m["pre"] or "").lower().split())
    if pre in ("next", "coming", "this coming", "until", "by"):
        return None  # a plan or deadline, not an event date
    return latest_weekday(_WEEKDAYS[m["wd"].lower()], pub, strictly_before=pre == "last"), TimePrecision.DAY


# Most specific first: a later rule never takes text an earlier one matched.
_RULES: tuple[_Rule, ...] = (
    (_ISO, _iso),
    (_RANGE_DM, _range),
    (_RANGE_MD, _range),
    (_DAY_MONTH, _day_month),
    (_MONTH_DAY, _day_month),
    (_MONTH_YEAR, _month_year),
    (_MONTH_ONLY, _month_only),
    (_THIS_WEEK, _this_week),
    (_LAST_WEEK, _last_week),
    (_WEEKEND, _weekend),
    (_LAST_MONTH, _last_month),
    (_THIS_MONTH, _this_month),
    (_DAYS_AGO, _days_ago),
    (_RELATIVE_DAY, _relative_day),
    (_WEEKDAY_RE, _weekday),
)


def _scan(text: str, published: dt.date) -> Iterator[tuple[int, int, dt.date, TimePrecision]]:
    """Date phrases in one sentence's text: (start, end, date, precision), in text order."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, dt.date, TimePrecision]] = []
    gtd = _GTD.match(text)
    if gtd:
        got = _gtd(gtd, published)
        span = (gtd.start("m"), gtd.end("y"))
        taken.append(span)
        if got:
            found.append((*span, *got))
    for pattern, rule in _RULES:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            got = rule(m, published)
            if got is None:
                continue
            day, precision = got
            if day > published:
                logger.debug("dropped future date %s in %r", day, m[0])
                continue
            found.append((start, end, day, precision))
    found.sort()
    yield from found


def find_dates(doc: Doc, *, published: dt.date, article_id: str) -> list[DateMention]:
    """Every date phrase in ``doc``, resolved against ``published``, in text order.

    doc (spacy.tokens.Doc): a document with sentences set; offsets index ``doc.text``.
    published (date): the publication day; relative phrases resolve against it.
    article_id (str): written into each mention's evidence.
    RETURNS (list[DateMention]): one per phrase; phrases after ``published`` are dropped.
    """
    text: str = doc.text
    out: list[DateMention] = []
    for s_index, sent in enumerate(doc.sents):
        base = sent.start_char
        for start, end, day, precision in _scan(sent.text, published):
            a, b = base + start, base + end
            out.append(
                DateMention(
                    date=day,
                    precision=precision,
                    sentence=s_index,
                    evidence=Evidence(article_id=article_id, start=a, end=b, text=text[a:b]),
                )
            )
    return out


def first_date(text: str, *, published: dt.date) -> tuple[int, int, dt.date, TimePrecision] | None:
    """The first date phrase of a short text (a dateline): (start, end, date, precision), or None."""
    return next(iter(_scan(text, published)), None)
