"""The HTTP endpoints: events, one event in detail, stats, ingest and health.

Each route reads the shared ``ApiState`` (the store, the config, the pipeline) from the app,
checks the token its kind of request needs, and turns store records into wire dicts. Reads are
plain ``def`` routes (FastAPI runs them in its thread pool); ``POST /articles`` reads its body
asynchronously, then codes and stores in the pool, one ingest at a time.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from sitrep.api.config import MAX_PAGE, ApiConfig
from sitrep.api.evidence import article_texts, evidence_in_context
from sitrep.api.fastread import StoredEvent, change_page, event_page, page_text
from sitrep.api.params import EventParams, ListParams, StatsParams, check_plain
from sitrep.api.render import csv_chunks, geojson_chunks, parse_fields, project, to_json
from sitrep.api.review import review_out, writer
from sitrep.api.schemas import EventDetailOut, EventPage, HealthOut, IngestOut, StatsOut
from sitrep.api.security import bearer_token, require_token
from sitrep.codec import evidence_to_dict
from sitrep.engine import Engine
from sitrep.errors import Errors, MalformedRecord, StoreError
from sitrep.ingest.jsonl import ArticleIn, check_json, parse_record
from sitrep.model import Article, Issue
from sitrep.orchestrate import ingest_articles
from sitrep.pipeline import Pipeline
from sitrep.store import EventQuery, Store

__all__ = ["ApiState", "router"]


@dataclass
class ApiState:
    """What every request shares: one store, the config, and the pipeline loaded on first ingest."""

    store: Store
    config: ApiConfig
    pipeline_given: Pipeline | None = None
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)

    @cached_property
    def pipeline(self) -> Pipeline:
        return self.pipeline_given or Pipeline()

    @cached_property
    def engine(self) -> Engine:
        return Engine(self.pipeline)


def _state(request: Request) -> ApiState:
    state: ApiState = request.app.state.sitrep
    return state


def _reader(request: Request) -> ApiState:
    """The state, after checking the read token when one is configured (any user's token, or
    the write token, reads too)."""
    state = _state(request)
    if state.config.read_token:
        from sitrep.api.review import caller

        if not bearer_token(request):
            require_token(request, state.config.read_token, setting="read_token / SITREP_READ_TOKEN")
        caller(request, "reader", "read")
    return state


State = Annotated[ApiState, Depends(_state)]
Reader = Annotated[ApiState, Depends(_reader)]

router = APIRouter()

try:
    _VERSION = metadata.version("sitrep")
except metadata.PackageNotFoundError:  # running from a source tree without an install
    _VERSION = "unknown"

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "A parameter is invalid; `detail` names it (E060)."},
    401: {"description": "A token is needed (E061)."},
}


def _bad_param(name: str, detail: str) -> HTTPException:
    return HTTPException(400, detail={"error": "E060", "detail": Errors.E060.format(name=name, detail=detail)})


def _query(params: EventParams) -> EventQuery:
    if params.start is not None and params.end is not None and params.start > params.end:
        raise _bad_param("end", f"{params.end} is before start {params.start}")
    return params.to_query()


@router.get("/health", response_model=HealthOut, tags=["meta"])
def health(state: State) -> dict[str, Any]:
    """Liveness and the number of stored events. Never needs a token."""
    return {"status": "ok", "events": state.store.count(), "version": _VERSION}


@router.get(
    "/events",
    response_model=EventPage,
    tags=["events"],
    responses={
        200: {
            "content": {"application/geo+json": {}, "text/csv": {}},
            "description": "A JSON page, a GeoJSON FeatureCollection or an ACLED CSV, by `format`.",
        },
        **_ERRORS,
    },
)
def list_events(state: Reader, params: Annotated[ListParams, Query()]) -> Response:
    """Events matching the filters, sorted by `order`, as a JSON page (`limit` ≤ 1000) or a
    CSV/GeoJSON download (`limit` ≤ max_export_rows). `X-Total-Count` carries the total."""
    try:
        fields = parse_fields(params.fields)
    except ValueError as exc:
        raise _bad_param("fields", str(exc)) from None
    cap = MAX_PAGE if params.format == "json" else state.config.max_export_rows
    if params.limit > cap:
        raise _bad_param("limit", f"at most {cap} for format={params.format}")
    query = _query(params)
    store = state.store
    # counted first: the count is read from indexes, and how many match decides how a page of a
    # substring or box filter is best read (store.query, ``matches``)
    total = store.count(query)

    def fetch_stored(offset: int, limit: int) -> Sequence[StoredEvent]:
        return event_page(store, query, limit=limit, offset=offset, order=params.order, matches=total)

    if params.format == "csv":
        headers = {"X-Total-Count": str(total), "Content-Disposition": 'attachment; filename="sitrep-events.csv"'}
        return StreamingResponse(
            csv_chunks(fetch_stored, offset=params.offset, limit=params.limit),
            media_type="text/csv; charset=utf-8",
            headers=headers,
        )
    if params.format == "geojson":
        headers = {"X-Total-Count": str(total), "Content-Disposition": 'attachment; filename="sitrep-events.geojson"'}
        chunks = geojson_chunks(fetch_stored, offset=params.offset, limit=params.limit, total=total, fields=fields)
        return StreamingResponse(chunks, media_type="application/geo+json", headers=headers)
    if query.updated_since is not None or params.cursor:  # the change feed: in order of change, by cursor
        try:
            feed = change_page(store, query, limit=params.limit, cursor=params.cursor or "") if params.limit else []
        except StoreError as exc:
            raise _bad_param("cursor", str(exc)) from None
        following = feed[-1].cursor if feed else (params.cursor or "")  # a client keeps it for its next poll
        body = page_text(feed, total=total, limit=params.limit, offset=0, fields=fields, next_cursor=following)
        return Response(body, media_type="application/json", headers={"X-Total-Count": str(total)})
    page = fetch_stored(params.offset, params.limit) if params.limit else []
    body = page_text(page, total=total, limit=params.limit, offset=params.offset, fields=fields)
    return Response(body, media_type="application/json", headers={"X-Total-Count": str(total)})


@router.get(
    "/events/{event_id}",
    response_model=EventDetailOut,
    tags=["events"],
    responses={404: {"description": "No such event (E066)."}, **_ERRORS},
)
def event_detail(state: Reader, event_id: str) -> Response:
    """One event with its sources, revisions, and each evidence span in its article's context.
    An id that fusion retired answers with the event that absorbed it."""
    try:
        check_plain(event_id)
    except ValueError as exc:
        raise _bad_param("event_id", str(exc)) from None
    store = state.store
    event = store.event(event_id)
    if event is None:
        raise HTTPException(404, detail={"error": "E066", "detail": Errors.E066.format(event_id=event_id)})
    articles: dict[str, Article | None] = {}

    def article(article_id: str) -> Article | None:
        if article_id not in articles:
            articles[article_id] = store.article(article_id)
        return articles[article_id]

    sources = [
        {
            "article_id": s.article_id,
            "title": s.title,
            "source": s.source,
            "url": s.url,
            "published": s.published.isoformat(),
            "event_type": s.event_type,
            "sub_event_type": s.sub_event_type,
            "fatalities": s.fatalities,
            "fatalities_low": s.fatalities_low,
            "fatalities_best": s.fatalities_best,
            "fatalities_high": s.fatalities_high,
            "evidence": evidence_to_dict(s.evidence),
        }
        for s in store.sources(event.event_id)
    ]
    revisions = [
        {
            "event_id": r.event_id,
            "seq": r.seq,
            "at": r.at.isoformat(),
            "cause": r.cause,
            "article_id": r.article_id,
            "changes": {k: [_plain(a), _plain(b)] for k, (a, b) in r.changes.items()},
            "reason": r.reason,
            "user": r.user,
        }
        for r in store.history(event.event_id)
    ]
    review = store.review(event.event_id)
    body = {
        "event": project(event, None),
        "review": review_out(review) if review is not None else None,
        "sources": sources,
        "revisions": revisions,
        "evidence": evidence_in_context(event, article),
        "articles": article_texts(event, article),
    }
    headers = {"ETag": f'"{review.version}"'} if review is not None else {}
    return Response(to_json(body), media_type="application/json", headers=headers)


def _plain(value: object) -> object:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    iso = getattr(value, "isoformat", None)
    return iso() if callable(iso) else str(value)


@router.get("/stats", response_model=StatsOut, tags=["events"], responses=_ERRORS)
def stats(state: Reader, params: Annotated[StatsParams, Query()]) -> dict[str, Any]:
    """Events and fatalities grouped by day, ISO week, admin1, admin2, event type or actor."""
    rows = state.store.stats(_query(params), params.by)
    return {"by": params.by, "rows": [{"key": r.key, "events": r.events, "fatalities": r.fatalities} for r in rows]}


_ARTICLE_SCHEMA = ArticleIn.model_json_schema()
_ARTICLES_SCHEMA = {"oneOf": [_ARTICLE_SCHEMA, {"type": "array", "items": _ARTICLE_SCHEMA}]}


@router.post(
    "/articles",
    response_model=IngestOut,
    tags=["ingest"],
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": _ARTICLES_SCHEMA}}}},
    responses={
        401: {"description": "Missing or wrong token (E061)."},
        403: {"description": "Writing is disabled: no api_token configured (E062)."},
        413: {"description": "Body or batch too large (E063, E064)."},
        422: {"description": "An article does not follow the input contract (E001-E020, E065)."},
    },
)
async def post_articles(request: Request, state: State) -> dict[str, Any]:
    """Code and store one article (a JSON object) or a batch (an array), as CONVENTIONS.md's
    input records. Needs `Authorization: Bearer <api_token>`."""
    writer(request)
    body = await request.body()
    try:  # bounded before parsing: nesting deep enough to exhaust the parser is refused (E026)
        check_json(body, source="POST /articles", line=1)
    except MalformedRecord as exc:
        raise HTTPException(422, detail={"error": str(exc)[1:5], "detail": str(exc)}) from None
    try:
        payload = json.loads(body)
    except ValueError:
        raise HTTPException(
            422,
            detail={
                "error": "E065",
                "detail": Errors.E065.format(
                    index=0, detail="the body is not JSON; send an article object or an array of them"
                ),
            },
        ) from None
    records = payload if isinstance(payload, list) else [payload]
    if len(records) > state.config.max_batch:
        raise HTTPException(
            413,
            detail={"error": "E064", "detail": Errors.E064.format(count=len(records), limit=state.config.max_batch)},
        )
    articles: list[Article] = []
    issues: list[Issue] = []
    for index, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise HTTPException(
                422,
                detail={
                    "error": "E065",
                    "detail": Errors.E065.format(
                        index=index, detail="expected a JSON object with id, text and published"
                    ),
                },
            )
        try:
            parsed = parse_record(record, source="POST /articles", line=index, max_chars=state.config.max_chars)
        except MalformedRecord as exc:
            code = str(exc)[1:5] if str(exc).startswith("[E") else "E065"
            raise HTTPException(422, detail={"error": code, "detail": str(exc)}) from None
        articles.append(parsed.article)
        issues.extend(parsed.issues)

    def ingest() -> Any:
        with state.ingest_lock:
            return ingest_articles(state.store, articles, engine=state.engine)

    report = await run_in_threadpool(ingest)
    every = [*issues, *report.issues]
    return {
        "articles_read": report.articles_read,
        "articles_new": report.articles_new,
        "articles_duplicate": report.articles_duplicate,
        "articles_skipped": report.articles_skipped,  # stored, not parsed: not about political violence (triage)
        "events_created": report.events_created,
        "events_updated": report.events_updated,
        "issues": [{"code": i.code, "message": i.message, "article_id": i.article_id} for i in every],
    }
