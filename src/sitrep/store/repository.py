"""``Store``: the event store's Python interface (ingest, query, sources, history, stats, feeds)."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, NoReturn

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from sitrep.codec import event_from_dict, event_to_dict, evidence_from_dict
from sitrep.errors import Errors, StoreError
from sitrep.fuse import Rules
from sitrep.fuse.reasons import join_reasons
from sitrep.model import Article, Coded, Event, Issue, Triage
from sitrep.store.analyst import Analyst
from sitrep.store.engine import create_store_engine, migrate, refresh_statistics, resolve_url, write_lock
from sitrep.store.fusion import ingest_article, report_from_row
from sitrep.store.integrity import Problem, check_store, repair_store
from sitrep.store.query import conditions, event_page
from sitrep.store.records import EventQuery, FeedState, IngestReport, Revision, Source, StatRow
from sitrep.store.tables import AliasRow, ArticleRow, EventRow, FeedRow, ReportRow, RevisionRow
from sitrep.store.versions import find_duplicate

if TYPE_CHECKING:
    from sitrep.settings import Settings

__all__ = ["Store"]

logger = logging.getLogger(__name__)
ALL = EventQuery()
"""The query that matches every event."""
StatKey = Literal["day", "week", "admin1", "admin2", "event_type", "actor"]


def _record_triage(conn: Connection, article_id: str, triage: Triage) -> None:
    """Write the triage decision onto the article row just stored (in its transaction)."""
    values = {"triage_decision": triage.decision, "triage_score": triage.score, "triage_reason": triage.reason}
    conn.execute(update(ArticleRow).where(ArticleRow.id == article_id).values(**values))


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _is_busy(exc: OperationalError) -> bool:
    return "locked" in str(exc.orig).lower() or "busy" in str(exc.orig).lower()


class Store(Analyst):
    """The event store on SQLite or PostgreSQL; a context manager.

    url (str | None): "sqlite:///path.db", a plain path, "postgresql://user@host:port/db"; None:
        settings ``db`` / SITREP_DB, else ``$XDG_DATA_HOME/sitrep/sitrep.db``.
    settings (Settings | None): the fusion tolerances and the SQLite busy timeout.
    """

    def __init__(self, url: str | None = None, *, settings: Settings | None = None) -> None:
        from sitrep.settings import load_settings

        self.settings = settings or load_settings()
        self.url = resolve_url(url or self.settings.db or None)
        self.rules = Rules(days=self.settings.fusion_days, km=self.settings.fusion_km)
        self.display_url = self.url.render_as_string(hide_password=True)
        try:
            self.engine = create_store_engine(self.url, busy_timeout=self.settings.db_busy_timeout)
            migrate(self.engine)
        except OperationalError as exc:
            self._raise(exc)
        except (SQLAlchemyError, OSError, ValueError) as exc:
            raise StoreError(Errors.E041.format(url=self.display_url, detail=exc)) from exc

    # --- life cycle --------------------------------------------------------------------------------

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _raise(self, exc: OperationalError) -> NoReturn:
        if self.url.get_backend_name() == "sqlite" and _is_busy(exc):
            raise StoreError(Errors.E040.format(url=self.display_url, seconds=self.settings.db_busy_timeout)) from exc
        raise StoreError(Errors.E041.format(url=self.display_url, detail=exc.orig)) from exc

    def _read(self) -> Connection:
        return self.engine.connect()

    # --- ingest ------------------------------------------------------------------------------------

    def stored_copy(self, article: Article) -> Issue | None:
        """The issue that says ``article`` is already stored (the same id and text, or the same text
        under another id: ``versions.find_duplicate``), or None when it is new or a new version."""
        try:
            with self._read() as conn:
                return find_duplicate(conn, article)
        except OperationalError as exc:
            self._raise(exc)

    def ingest_coded(self, results: Iterable[Coded]) -> IngestReport:
        """Store coded articles (``model.Coded``): de-duplicated, fused and revised, one transaction
        per article, on one connection for the whole run. The store codes nothing itself:
        ``sitrep.orchestrate.ingest_articles`` reads, codes (``sitrep.engine``) and stores."""
        read = new = created = updated = revised = failed = triaged_out = 0
        issues: list[Issue] = []
        try:
            with self.engine.connect().execution_options(sitrep_write=True) as conn:
                for coded in results:
                    read += 1
                    issues.extend(coded.issues)
                    if any(issue.code.startswith("E") for issue in coded.issues):
                        failed += 1  # not coded: not stored, so a later run tries it again
                        continue
                    try:
                        with conn.begin():
                            write_lock(conn)
                            outcome = ingest_article(
                                conn, coded.article, coded.events, rules=self.rules, now=dt.datetime.now(dt.UTC)
                            )
                            if outcome.new and coded.triage is not None:
                                _record_triage(conn, coded.article.id, coded.triage)
                    except OperationalError:
                        raise  # the database itself (busy, gone): every later article would fail too
                    except Exception as exc:  # one article that cannot be fused must not stop a run
                        logger.exception("storing article %r failed", coded.article.id)
                        failed += 1
                        issues.append(
                            Issue(
                                code="E047",
                                message=Errors.E047.format(article_id=coded.article.id, detail=exc),
                                article_id=coded.article.id,
                            )
                        )
                        continue
                    new += outcome.new
                    triaged_out += bool(outcome.new and coded.triage is not None and coded.triage.skipped)
                    revised += outcome.revised
                    created += outcome.created
                    updated += outcome.updated
                    issues.extend(outcome.issues)
                if new:
                    refresh_statistics(conn)
        except OperationalError as exc:
            self._raise(exc)
        return IngestReport(
            articles_read=read,
            articles_new=new - revised,
            articles_revised=revised,
            articles_failed=failed,
            articles_skipped=triaged_out,
            articles_duplicate=read - new - failed,
            events_created=created,
            events_updated=updated,
            issues=tuple(issues),
        )

    # --- queries -----------------------------------------------------------------------------------

    def events(
        self, query: EventQuery = ALL, *, limit: int | None = None, offset: int = 0, order: str = "-event_date"
    ) -> list[Event]:
        """Stored events matching ``query``, sorted by ``order`` (ties by event_id)."""
        return list(self.iter_events(query, limit=limit, offset=offset, order=order))

    def iter_events(
        self, query: EventQuery = ALL, *, limit: int | None = None, offset: int = 0, order: str = "-event_date"
    ) -> Iterator[Event]:
        """``events`` streamed from the database in pages (for exports of any size)."""
        stmt = event_page(select(EventRow.record), query, order=order, limit=limit, offset=offset)
        try:
            with self._read() as conn:
                for row in conn.execution_options(yield_per=1000).execute(stmt):
                    yield event_from_dict(row.record)
        except OperationalError as exc:
            self._raise(exc)

    def count(self, query: EventQuery = ALL) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(EventRow).where(conditions(query))).scalar_one())

    def resolve(self, event_id: str) -> str | None:
        """The current id of ``event_id``: itself, the event that absorbed it, or, for the id of one
        article's report (what ``sitrep extract`` prints), the event that report joined; None if unknown."""
        with self._read() as conn:
            if conn.execute(select(EventRow.event_id).where(EventRow.event_id == event_id)).first():
                return event_id
            # every event id is first some report's id (what `sitrep extract` printed for it): the
            # event that report belongs to now is the one that absorbed it
            joined = conn.execute(select(ReportRow.event_id).where(ReportRow.key == event_id)).scalar()
            if joined is not None:
                return str(joined)
            alias = conn.execute(select(AliasRow.event_id).where(AliasRow.old_id == event_id)).scalar()
            return None if alias is None else str(alias)

    def event(self, event_id: str) -> Event | None:
        """The event with this id; an id fusion retired gives the event that absorbed it."""
        current = self.resolve(event_id)
        if current is None:
            return None
        with self._read() as conn:
            record = conn.execute(select(EventRow.record).where(EventRow.event_id == current)).scalar()
        return None if record is None else event_from_dict(record)

    def sources(self, event_id: str) -> list[Source]:
        """The articles supporting an event, oldest first, each with what it reported."""
        current = self.resolve(event_id)
        if current is None:
            return []
        with self._read() as conn:
            rows = conn.execute(
                select(
                    ReportRow.key,
                    ReportRow.record,
                    ArticleRow.id,
                    ArticleRow.title,
                    ArticleRow.source,
                    ArticleRow.url,
                    ArticleRow.published,
                )
                .join(ArticleRow, ArticleRow.id == ReportRow.article_id)
                .where(ReportRow.event_id == current)
                .order_by(ArticleRow.published, ArticleRow.id, ReportRow.key)
            ).all()
        reasons = join_reasons([report_from_row(row.key, row.record, row.published) for row in rows])
        return [
            Source(
                article_id=row.id,
                title=row.title,
                source=row.source,
                url=row.url,
                published=row.published,
                event_type=row.record["event_type"],
                sub_event_type=row.record["sub_event_type"],
                fatalities=row.record["fatalities"],
                fatalities_low=row.record["fatalities_low"],
                fatalities_best=row.record["fatalities_best"],
                fatalities_high=row.record["fatalities_high"],
                evidence=evidence_from_dict(row.record.get("evidence", {})),
                reason=reasons[row.key],
            )
            for row in rows
        ]

    def article(self, article_id: str) -> Article | None:
        with self._read() as conn:
            row = conn.execute(select(ArticleRow.__table__).where(ArticleRow.id == article_id)).first()
        if row is None:
            return None
        return Article(
            id=row.id,
            text=row.text,
            published=row.published,
            title=row.title,
            source=row.source,
            url=row.url,
            language=row.language,
        )

    def ingested_at(self, article_id: str) -> dt.datetime | None:
        """When the stored article's current version was stored (UTC), or None when it is not held."""
        with self._read() as conn:
            value = conn.execute(select(ArticleRow.ingested_at).where(ArticleRow.id == article_id)).scalar()
        if value is None:
            return None
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)

    def triage(self, article_id: str) -> Triage | None:
        """The triage decision stored with an article; None when it is not stored or was not triaged."""
        with self._read() as conn:
            row = conn.execute(
                select(ArticleRow.triage_decision, ArticleRow.triage_score, ArticleRow.triage_reason).where(
                    ArticleRow.id == article_id
                )
            ).first()
        if row is None or not row.triage_decision:
            return None
        return Triage(decision=row.triage_decision, score=row.triage_score or 0.0, reason=row.triage_reason)

    def history(self, event_id: str) -> list[Revision]:
        """Every revision of the event and of the events it absorbed, oldest first."""
        current = self.resolve(event_id)
        if current is None:
            return []
        with self._read() as conn:
            ids = [current, *conn.execute(select(AliasRow.old_id).where(AliasRow.event_id == current)).scalars()]
            rows = conn.execute(
                select(RevisionRow.__table__).where(RevisionRow.event_id.in_(ids)).order_by(RevisionRow.id)
            ).all()
        return [
            Revision(
                event_id=row.event_id,
                seq=seq,
                at=_utc(row.at),
                cause=row.cause,
                article_id=row.article_id,
                changes={k: (v[0], v[1]) for k, v in row.changes.items()},
                reason=row.reason,
                user=row.user,
            )
            for seq, row in enumerate(rows, start=1)
        ]

    def stats(self, query: EventQuery, by: StatKey) -> list[StatRow]:
        """Events and fatalities per day, week (its Monday), admin1, admin2, event type or actor."""
        columns: dict[str, list[Any]] = {
            "day": [EventRow.event_date],
            "week": [EventRow.event_date],
            "admin1": [EventRow.admin1],
            "admin2": [EventRow.admin2],
            "event_type": [EventRow.event_type],
            "actor": [EventRow.actor1, EventRow.actor2],
        }
        if by not in columns:
            raise StoreError(Errors.E045.format(option="by", detail=f"{by!r} is not one of {', '.join(columns)}"))
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        with self._read() as conn:
            for column in columns[by]:
                stmt = (
                    select(column, func.count(), func.coalesce(func.sum(EventRow.fatalities), 0))
                    .where(conditions(query))
                    .group_by(column)
                )
                if by == "actor":
                    stmt = stmt.where(column != "")
                    if column is EventRow.actor2:  # an event whose two sides share a name counts once
                        stmt = stmt.where(EventRow.actor2 != EventRow.actor1)
                for key, events, fatalities in conn.execute(stmt):
                    if by == "week":
                        key = key - dt.timedelta(days=key.weekday())
                    name = key.isoformat() if isinstance(key, dt.date) else str(key)
                    totals[name][0] += int(events)
                    totals[name][1] += int(fatalities)
        return [StatRow(key=k, events=v[0], fatalities=v[1]) for k, v in sorted(totals.items())]

    def dataframe(self, query: EventQuery = ALL, *, engine: Literal["pandas", "polars"] = "pandas") -> Any:
        """The matching events as a DataFrame, one column per ``Event`` field (``event_to_dict`` values)."""
        rows = [event_to_dict(e) for e in self.iter_events(query, order="event_date")]
        if engine == "polars":
            try:
                import polars  # type: ignore[import-not-found,unused-ignore]
            except ImportError as exc:
                raise StoreError(Errors.E044.format(engine=engine, package="polars", other="pandas")) from exc
            return polars.DataFrame(rows)
        try:
            import pandas  # type: ignore[import-untyped,unused-ignore]
        except ImportError as exc:
            raise StoreError(Errors.E044.format(engine=engine, package="pandas", other="polars")) from exc
        from sitrep.codec import EVENT_FIELDS

        return pandas.DataFrame(rows, columns=list(EVENT_FIELDS))

    # --- feeds -------------------------------------------------------------------------------------

    def feed_state(self, feed_url: str) -> FeedState | None:
        with self._read() as conn:
            row = conn.execute(select(FeedRow.__table__).where(FeedRow.url == feed_url)).first()
        if row is None:
            return None
        return FeedState(
            url=row.url,
            etag=row.etag,
            last_modified=row.last_modified,
            last_polled=None if row.last_polled is None else _utc(row.last_polled),
            failures=row.failures,
            last_error=row.last_error,
        )

    def save_feed_state(self, state: FeedState) -> None:
        values = dict(
            etag=state.etag,
            last_modified=state.last_modified,
            last_polled=state.last_polled,
            failures=state.failures,
            last_error=state.last_error,
        )
        try:
            with self.engine.connect().execution_options(sitrep_write=True) as conn, conn.begin():
                done = conn.execute(update(FeedRow).where(FeedRow.url == state.url).values(**values))
                if done.rowcount == 0:
                    conn.execute(insert(FeedRow).values(url=state.url, **values))
        except OperationalError as exc:
            self._raise(exc)

    # --- integrity ------------------------------------------------------------------------------------

    def check(self) -> list[Problem]:
        """Every broken invariant of the store (``store.integrity``); [] when it is sound. Read only."""
        try:
            with self._read() as conn:
                return check_store(conn, self.rules)
        except OperationalError as exc:
            self._raise(exc)
            raise

    def repair(self) -> list[Problem]:
        """Rebuild events from reports in one transaction; returns what ``check`` finds afterwards."""
        try:
            with self.engine.connect().execution_options(sitrep_write=True) as conn:
                with conn.begin():
                    write_lock(conn)
                    repair_store(conn, self.rules, now=dt.datetime.now(dt.UTC))
        except OperationalError as exc:
            self._raise(exc)
        return self.check()

    # --- counts for reports and tests --------------------------------------------------------------

    def article_count(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(ArticleRow)).scalar_one())

    def report_count(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(ReportRow)).scalar_one())

    def has_article(self, article: Article) -> bool:
        """Whether the store holds this article already (by id, normalised text or URL)."""
        with self._read() as conn:
            return find_duplicate(conn, article) is not None
