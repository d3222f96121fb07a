"""Read human-coded gold files (ACLED, UCDP GED, GTD, FA-KES, ISAF) into ``GoldRow`` records.

The format is told from the CSV header (``detect_format``); an unknown header raises
``InputError`` with code E010. Every row becomes one ``GoldRow``: the ``Article`` the coder
will see, plus the gold answer beside it. The article never carries a gold field:

- ``text`` is the row's narrative only (ACLED ``notes``, UCDP ``source_headline``, GTD ``summary``);
- ``published`` is 1 to 5 days after the latest gold date of the text, the offset taken from a
  hash of the row id, so two runs hand the coder the same articles;
- ``id`` is ``"<file stem>:<row id>"``; title, source and url stay empty.

Rows that share one text (ACLED splits multi-location reports; UCDP splits by dyad) share one
``Article`` (the id of the first such row), so the text is coded once and each row is aligned
to its own best event. Gold fields a source does not code are ``None`` and are not scored.

The two news-register files (``NEWS``) are whole articles, one gold event each:

- FA-KES (``fakes_syria_dev.csv``; columns ``id, text, title, published, event_date,
  attack_type, admin1, fatalities, fatalities_civilians, ...``): ``text`` is the whole story,
  starting with the outlet's date line and title; ``published`` is the file's ``published``
  column (the parsed date line). The gold is ``event_date``, ``admin1`` (governorate),
  ``fatalities`` and ``attack_type`` (read into ``cause``; "unknown" is None, not scored).
- ISAF (``isaf_pr_dev.csv``; columns ``id, text, published, event_date, event_type,
  derived_acled_event_type, admin1, fatalities, min_captured, ...``): ``text`` is the press
  release with its own date line; ``published`` is the ``published`` column. The gold is
  ``event_date``, ``admin1`` (province), ``fatalities`` (killed, ISAF's vague-number rules),
  ``derived_acled_event_type`` (";"-separated: any counts) and ``detention`` in ``event_type``
  (``arrest``).

Where the ``published`` cell is empty, the 1-5 day offset rule above gives the date. The article
id is ``"<file stem>:<id>"``. Scoring is per article on its main event (news.py), so where the gold
codes several events of one article (rows with the same id and text), only its main event is kept:
the row with the most fatalities, the first on ties (``_main_rows``).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import logging
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from sitrep.errors import Errors, InputError
from sitrep.evaluate.mappings import ACLED_REGIONS, FAKES_CAUSES, GTD_EVENT_TYPES, OLD_EVENT_TYPES
from sitrep.model import Article

logger = logging.getLogger(__name__)

__all__ = [
    "ACLED_REGIONS",
    "GTD_EVENT_TYPES",
    "GoldFile",
    "GoldFormat",
    "GoldRow",
    "NEWS",
    "OLD_EVENT_TYPES",
    "detect_format",
    "half_of",
    "load_gold",
    "published_offset",
]


class GoldFormat(StrEnum):
    ACLED = "acled"  # ACLED export, 2019+ schema (31 lower-case columns)
    ACLED_OLD = "acled_old"  # ACLED pre-2019 schema (upper-case columns, old event types)
    ACLED_NOTES = "acled_notes"  # ACLED extract with notes, types and coordinates only (no date column)
    UCDP = "ucdp_ged"  # UCDP Georeferenced Event Dataset
    GTD = "gtd"  # Global Terrorism Database
    FAKES = "fakes"  # FA-KES: whole Syrian-war news articles, crowd-coded main event
    ISAF = "isaf"  # ISAF press releases, Afghanistan 2009-2013, expert-coded


# Formats scored per article on its main event (news.py), not per row by place (score.py).
NEWS = frozenset({GoldFormat.FAKES, GoldFormat.ISAF})


_DATE_FORMATS = (
    "%d-%b-%y",  # 9-May-20
    "%d %B %Y",  # 21 March 2020
    "%d-%B-%Y",  # 01-January-2015
    "%d %b %Y",
    "%d-%b-%Y",
    "%Y-%m-%d",
    "%m/%d/%Y %H:%M:%S",  # UCDP: 03/27/1990 00:00:00
    "%m/%d/%Y",
)
_NOTES_DATE = re.compile(r"^\s*(?:On|Around)\s+(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})")
_ADMIN_SUFFIX = re.compile(r"\s+(?:province|district)\s*$", re.IGNORECASE)
_UNKNOWN = {"", "unknown", "n/a", "na", "none"}


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldRow:
    """One human-coded event and the article the coder is given for it.

    row_id (str): the row's own id in its file (ACLED event_id_cnty, UCDP id, GTD eventid).
    article (Article): the text to code; carries no gold field (see module docstring).
    event_type (str | None): the gold type in ACLED's current taxonomy (a display label when
        several types are accepted, e.g. "Protests or Riots").
    event_type_accepted (tuple[str, ...]): current types that count as correct; empty means
        exactly ``event_type``.
    event_date_end (date | None): last day of a gold date range (UCDP), else None.
    fatalities (int | None): the exact gold count (ACLED, GTD).
    fatalities_low/best/high (int | None): the gold range (UCDP); scored as low <= predicted <= high.
    actor1 (str | None): None where the gold has none; actor2 "" means "no second actor".
    cause (str | None): FA-KES attack type of the main event (shelling, explosion, chemical,
        shooting, execution); None when the gold says "unknown" or the format has none.
    arrest (bool | None): ISAF: True when the gold event type includes a detention; None otherwise
        (only detentions are scored for arrests).
    """

    row_id: str
    format: GoldFormat
    article: Article
    event_type: str | None = None
    event_type_accepted: tuple[str, ...] = ()
    sub_event_type: str | None = None
    event_date: dt.date | None = None
    event_date_end: dt.date | None = None
    time_precision: int | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    actor1: str | None = None
    actor2: str | None = None
    interaction: int | None = None
    country: str = ""
    region: str = ""
    cause: str | None = None
    arrest: bool | None = None

    @property
    def accepted_event_types(self) -> tuple[str, ...]:
        if self.event_type_accepted:
            return self.event_type_accepted
        return () if self.event_type is None else (self.event_type,)


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldFile:
    """The rows of one gold file, and how many were skipped and why ("no text", "no date")."""

    path: str
    format: GoldFormat
    rows: tuple[GoldRow, ...]
    skipped: Mapping[str, int] = field(default_factory=dict)


def detect_format(header: Sequence[str], *, path: str = "") -> GoldFormat:
    """Tell a gold file's format from its CSV header; raise ``InputError`` (E010) if unknown."""
    cols = {c.strip() for c in header}
    if {"event_date", "event_type", "sub_event_type", "notes", "actor1", "fatalities"} <= cols:
        return GoldFormat.ACLED
    if {"EVENT_DATE", "EVENT_TYPE", "NOTES", "ACTOR1", "FATALITIES"} <= cols:
        return GoldFormat.ACLED_OLD
    if {"event_type", "sub_event_type", "notes", "latitude", "longitude"} <= cols:
        return GoldFormat.ACLED_NOTES
    if {"id", "source_headline", "date_start", "date_end", "low_est", "best_est", "high_est"} <= cols:
        return GoldFormat.UCDP
    if {"eventid", "summary", "nkill", "provstate", "city"} <= cols:
        return GoldFormat.GTD
    if {"id", "text", "published", "event_date", "attack_type", "admin1", "fatalities"} <= cols:
        return GoldFormat.FAKES
    if {"id", "text", "published", "event_date", "event_type", "derived_acled_event_type", "admin1"} <= cols:
        return GoldFormat.ISAF
    shown = ", ".join(list(header)[:8]) or "empty"
    raise InputError(Errors.E010.format(path=path, detail=f"columns: {shown}"), source=path)


def load_gold(path: str | Path, *, gtd_include_attackers: bool = True) -> GoldFile:
    """Read a gold CSV of any known format.

    gtd_include_attackers (bool): GTD's ``nkill`` counts perpetrators killed (``nkillter``).
        ACLED's ``fatalities`` is the total reported deaths of the event on every side, attackers
        included, so by default the gold count is ``nkill``; False compares against
        ``nkill - nkillter`` (victims only).
    RETURNS (GoldFile): the rows in file order, with counts of skipped rows by reason.
    RAISES (InputError): E006 no such file, E010 an unknown header, E095 bytes that are not UTF-8 or
        a cell longer than the csv module's limit (128 KiB).
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(Errors.E006.format(source=str(p)), source=str(p))
    with p.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        done = 0  # lines read by the last whole record: the next record starts after it
        try:
            fmt = detect_format(reader.fieldnames or [], path=str(p))
            parse = _PARSERS[fmt]
            parsed: list[tuple[GoldRow, dt.date]] = []
            skipped: dict[str, int] = {}
            done = reader.line_num
            for rec in reader:
                done = reader.line_num
                row = {k.strip(): (v or "").strip() for k, v in rec.items() if k is not None}
                result = parse(row, gtd_include_attackers)
                if isinstance(result, str):
                    skipped[result] = skipped.get(result, 0) + 1
                else:
                    parsed.append(result)
        except (UnicodeDecodeError, csv.Error) as exc:  # bytes that are not UTF-8, a cell over csv's limit
            detail = "bytes that are not UTF-8" if isinstance(exc, UnicodeDecodeError) else str(exc)
            line = _undecodable_line(p) if isinstance(exc, UnicodeDecodeError) else done + 1
            raise InputError(Errors.E095.format(path=p, line=line, detail=detail), source=str(p), line=line) from exc
    rows = tuple(_main_rows(parsed, p.stem, skipped) if fmt in NEWS else _attach_articles(parsed, p.stem))
    logger.info("%s: %s format, %d rows, skipped %s", p, fmt.value, len(rows), skipped or "none")
    return GoldFile(path=str(p), format=fmt, rows=rows, skipped=dict(sorted(skipped.items())))


def _undecodable_line(path: Path) -> int:
    """The first line of ``path`` that is not UTF-8 (the text reader decodes ahead, so its own count
    would name an earlier line); 0 when every line decodes (a sequence cut across lines)."""
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 0


def half_of(text: str) -> str:
    """ "a" or "b": the half a text falls in by a hash of it, so one file splits into a training
    and a test half that never share a text (rows with one note stay together)."""
    return "ab"[int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % 2]


def published_offset(row_id: str) -> int:
    """Days from the gold date to the article's ``published`` date: 1 to 5, fixed by the row id."""
    return 1 + int(hashlib.sha256(row_id.encode("utf-8")).hexdigest(), 16) % 5


def _attach_articles(parsed: list[tuple[GoldRow, dt.date]], stem: str) -> Iterator[GoldRow]:
    """Give each row its Article; rows with the same text share the first row's article."""
    groups: dict[str, list[int]] = {}
    for i, (row, _) in enumerate(parsed):
        groups.setdefault(row.article.text, []).append(i)
    articles: dict[str, Article] = {}
    for text, members in groups.items():
        first = parsed[members[0]][0]
        latest = max(parsed[i][1] for i in members)
        articles[text] = Article(
            id=f"{stem}:{first.row_id}",
            text=text,
            published=latest + dt.timedelta(days=published_offset(first.row_id)),
        )
    for row, _ in parsed:
        yield replace(row, article=articles[row.article.text])


def _main_rows(parsed: list[tuple[GoldRow, dt.date]], stem: str, skipped: dict[str, int]) -> Iterator[GoldRow]:
    """News rows: one per article. Rows of one article (same id and text: FA-KES codes several
    events of a story as several rows) keep only the gold main event, the row with the most
    fatalities (ties: the first); the others are counted as skipped, "not the main event". An id
    used for two different texts gets a "~2" suffix, so each article id names one text."""
    groups: dict[tuple[str, str], list[GoldRow]] = {}
    for row, _ in parsed:
        groups.setdefault((row.row_id, row.article.text), []).append(row)
    taken: dict[str, int] = {}
    for (row_id, _), members in groups.items():
        main = max(members, key=lambda r: -1 if r.fatalities is None else r.fatalities)
        if len(members) > 1:
            skipped["not the main event"] = skipped.get("not the main event", 0) + len(members) - 1
        taken[row_id] = taken.get(row_id, 0) + 1
        suffix = "" if taken[row_id] == 1 else f"~{taken[row_id]}"
        yield replace(main, article=replace(main.article, id=f"{stem}:{row_id}{suffix}"))


# --- per-format parsers: row dict -> (GoldRow with a placeholder article, latest gold date) | skip reason


def _placeholder(text: str) -> Article:
    return Article(id="", text=text, published=dt.date.min)


def _parse_acled(r: Mapping[str, str], _: bool) -> tuple[GoldRow, dt.date] | str:
    text = r.get("notes", "")
    if not text:
        return "no text"
    date = _date(r["event_date"])
    if date is None:
        return "no date"
    country = r.get("country", "")
    row = GoldRow(
        row_id=r.get("event_id_cnty") or r.get("data_id", ""),
        format=GoldFormat.ACLED,
        article=_placeholder(text),
        event_type=r["event_type"] or None,
        sub_event_type=r["sub_event_type"] or None,
        event_date=date,
        time_precision=_int(r.get("time_precision", "")),
        admin1=r.get("admin1") or None,
        admin2=r.get("admin2") or None,
        location=r.get("location") or None,
        latitude=_float(r.get("latitude", "")),
        longitude=_float(r.get("longitude", "")),
        fatalities=_int(r["fatalities"]),
        actor1=r["actor1"] or None,
        actor2=r.get("actor2", ""),
        interaction=_int(r.get("interaction", "")),
        country=country,
        region=r.get("region", "") or _region(country),
    )
    return row, date


def _parse_acled_old(r: Mapping[str, str], _: bool) -> tuple[GoldRow, dt.date] | str:
    text = r.get("NOTES", "")
    if not text:
        return "no text"
    date = _date(r["EVENT_DATE"])
    if date is None:
        return "no date"
    old = r["EVENT_TYPE"]
    accepted = OLD_EVENT_TYPES.get(old.casefold(), ())
    country = r.get("COUNTRY", "")
    row = GoldRow(
        row_id=r.get("EVENT_ID_CNTY", ""),
        format=GoldFormat.ACLED_OLD,
        article=_placeholder(text),
        event_type=" or ".join(accepted) if accepted else (old or None),
        event_type_accepted=accepted,
        event_date=date,
        time_precision=_int(r.get("TIME_PRECISION", "")),
        admin1=r.get("ADMIN1") or None,
        admin2=r.get("ADMIN2") or None,
        location=r.get("LOCATION") or None,
        latitude=_float(r.get("LATITUDE", "")),
        longitude=_float(r.get("LONGITUDE", "")),
        fatalities=_int(r["FATALITIES"]),
        actor1=r["ACTOR1"] or None,
        actor2=r.get("ACTOR2", ""),
        interaction=_int(r.get("INTERACTION", "")),
        country=country,
        region=_region(country),
    )
    return row, date


def _parse_acled_notes(r: Mapping[str, str], _: bool) -> tuple[GoldRow, dt.date] | str:
    """The Balochistan demonstrations extract: the gold date is the "On D Month YYYY" of the notes."""
    text = r.get("notes", "")
    if not text:
        return "no text"
    date = _notes_date(text)
    latest = date or _month_end(r.get("month", ""))
    if latest is None:
        return "no date"
    row = GoldRow(
        row_id=r.get("", "") or r.get("data_id", "") or r.get("event_id_cnty", ""),
        format=GoldFormat.ACLED_NOTES,
        article=_placeholder(text),
        event_type=r["event_type"] or None,
        sub_event_type=r["sub_event_type"] or None,
        event_date=date,
        latitude=_float(r["latitude"]),
        longitude=_float(r["longitude"]),
        country="Pakistan",  # this extract is Balochistan only
        region="Southern Asia",
    )
    return row, latest


def _parse_ucdp(r: Mapping[str, str], _: bool) -> tuple[GoldRow, dt.date] | str:
    text = r.get("source_headline", "")
    if not text:
        return "no text"
    start, end = _date(r["date_start"]), _date(r["date_end"])
    if start is None:
        return "no date"
    end = end or start
    country = r.get("country", "")
    row = GoldRow(
        row_id=r["id"],
        format=GoldFormat.UCDP,
        article=_placeholder(text),
        event_date=start,
        event_date_end=end if end != start else None,
        time_precision=_UCDP_PRECISION.get(r.get("date_prec", "")),
        admin1=_strip_admin(r.get("adm_1", "")),
        admin2=_strip_admin(r.get("adm_2", "")),
        location=r.get("where_coordinates") or None,
        latitude=_float(r.get("latitude", "")),
        longitude=_float(r.get("longitude", "")),
        fatalities_low=_int(r["low_est"]),
        fatalities_best=_int(r["best_est"]),
        fatalities_high=_int(r["high_est"]),
        country=country,
        region=_region(country),
    )
    return row, max(start, end)


# UCDP date_prec: 1 the day, 2 a span of 2-6 days, 3 the week, 4 the month, 5 longer (not scored).
_UCDP_PRECISION = {"1": 1, "2": 2, "3": 2, "4": 3}


def _parse_gtd(r: Mapping[str, str], include_attackers: bool) -> tuple[GoldRow, dt.date] | str:
    text = r.get("summary", "")
    if not text:
        return "no text"
    date = _date(r.get("event_date_from_eventid", "")) or _eventid_date(r["eventid"])
    if date is None:
        return "no date"
    nkill = _int(r["nkill"])
    if nkill is not None and not include_attackers:
        nkill = max(0, nkill - (_int(r.get("nkillter", "")) or 0))
    mapped = GTD_EVENT_TYPES.get(r.get("attacktype1_txt", "").casefold())
    country = r.get("country_txt", "")
    row = GoldRow(
        row_id=r["eventid"],
        format=GoldFormat.GTD,
        article=_placeholder(text),
        event_type=mapped[0] if mapped else None,
        sub_event_type=mapped[1] if mapped else None,
        event_date=date,
        admin1=_known(r.get("provstate", "")),
        location=_known(r.get("city", "")),
        fatalities=nkill,
        country=country,
        region=_region(country),
    )
    return row, date


def _news_article(r: Mapping[str, str], row_id: str, date: dt.date) -> Article:
    """The article of a news row: its text and its ``published`` column, nothing else of the row
    (the id is set by ``_name_articles``). An empty or unreadable ``published`` falls back to the
    1-5 day offset after the gold date, as for the other formats."""
    published = _date(r.get("published", "")) or date + dt.timedelta(days=published_offset(row_id))
    return Article(id="", text=r["text"], published=published)


def _parse_fakes(r: Mapping[str, str], _: bool) -> tuple[GoldRow, dt.date] | str:
    if not r.get("text", ""):
        return "no text"
    date = _date(r["event_date"])
    if date is None:
        return "no date"
    cause = FAKES_CAUSES.get(r.get("attack_type", "").casefold())
    row = GoldRow(
        row_id=r["id"],
        format=GoldFormat.FAKES,
        article=_news_article(r, r["id"], date),
        event_date=date,
        admin1=_known(r.get("admin1", "")),
        fatalities=_int(r.get("fatalities", "")),
        cause=cause,
        country=r.get("country", "") or "Syria",
        region="Middle East",
    )
    return row, date


def _parse_isaf(r: Mapping[str, str], _: bool) -> tuple[GoldRow, dt.date] | str:
    if not r.get("text", ""):
        return "no text"
    date = _date(r["event_date"])
    if date is None:
        return "no date"
    accepted = tuple(t.strip() for t in r.get("derived_acled_event_type", "").split(";") if t.strip())
    kinds = {t.strip().casefold() for t in r.get("event_type", "").split(";")}
    country = r.get("country", "") or "Afghanistan"
    row = GoldRow(
        row_id=r["id"],
        format=GoldFormat.ISAF,
        article=_news_article(r, r["id"], date),
        event_type=" or ".join(accepted) if accepted else None,
        event_type_accepted=accepted if len(accepted) > 1 else (),
        event_date=date,
        admin1=_known(r.get("admin1", "")),
        fatalities=_int(r.get("fatalities", "")),
        arrest=True if "detention" in kinds else None,
        country=country,
        region=_region(country),
    )
    return row, date


_PARSERS: Mapping[GoldFormat, Callable[[Mapping[str, str], bool], tuple[GoldRow, dt.date] | str]] = {
    GoldFormat.ACLED: _parse_acled,
    GoldFormat.ACLED_OLD: _parse_acled_old,
    GoldFormat.ACLED_NOTES: _parse_acled_notes,
    GoldFormat.UCDP: _parse_ucdp,
    GoldFormat.GTD: _parse_gtd,
    GoldFormat.FAKES: _parse_fakes,
    GoldFormat.ISAF: _parse_isaf,
}


# --- value helpers


def _date(value: str) -> dt.date | None:
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _notes_date(notes: str) -> dt.date | None:
    m = _NOTES_DATE.match(notes)
    return _date(f"{m[1]} {m[2]} {m[3]}") if m else None


def _month_end(value: str) -> dt.date | None:
    """Last day of a "YYYY-MM" month, the latest the event can be when the notes give no day."""
    try:
        first = dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return None
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _eventid_date(eventid: str) -> dt.date | None:
    """GTD eventid starts YYYYMMDD; day 00 (unknown day) reads as the first of the month."""
    digits = eventid[:8]
    if len(digits) < 8 or not digits.isdigit():
        return None
    day = digits[6:8] if digits[6:8] != "00" else "01"
    return _date(f"{digits[:4]}-{digits[4:6]}-{day}")


def _int(value: str) -> int | None:
    try:
        return int(float(value))
    except (ValueError, OverflowError):
        return None


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _known(value: str) -> str | None:
    return None if value.casefold() in _UNKNOWN else value


def _strip_admin(value: str) -> str | None:
    return _ADMIN_SUFFIX.sub("", value) or None


def _region(country: str) -> str:
    return ACLED_REGIONS.get(country.casefold(), "")
