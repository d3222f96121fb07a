"""The analyst's endpoints: review actions, the review queue, deletions, and who may do what.

* ``PATCH /events/{id}`` (``{"set": {...}, "why": "..."}``), ``POST /events/{id}/confirm``,
  ``POST /events/merge``, ``POST /events/{id}/split``, ``POST /events/{id}/reject`` and
  ``/restore`` need an editor's token. Each takes the event's ``version`` (the ``ETag`` of
  ``GET /events/{id}``) in the body or an ``If-Match`` header; a stale one is 409 (E075).
* ``GET /review`` is the queue; ``GET /deletions?since=`` the ids that stopped being events.
* ``GET /whoami`` names the token's user and role: the web page shows its review controls to
  editors and admins only (the server checks every write regardless).

Tokens (``caller``): the settings' ``api_token`` acts as an admin (so setups from before users
keep working), ``read_token`` as a reader, and ``sitrep users add`` makes the others, checked
against their scrypt hash (a verified token is remembered by its SHA-256 for a minute, so a
busy client does not pay the key derivation on every request). A missing token is 401 E061, a
token that is nobody's 401 E077, a role too low 403 E076.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
import time
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from sitrep.api.params import check_plain
from sitrep.api.render import project, to_json
from sitrep.api.schemas import ReviewOut
from sitrep.api.security import TokenError, bearer_token
from sitrep.errors import Errors, StoreError
from sitrep.store.records import Review
from sitrep.store.users import User, may

__all__ = ["caller", "review_out", "router", "writer"]

router = APIRouter()
_CACHE_SECONDS = 60.0
_cache: dict[str, tuple[float, User]] = {}
_cache_lock = threading.Lock()


def _known(request: Request, token: str) -> User | None:
    from sitrep.api.routes import ApiState

    state: ApiState = request.app.state.sitrep
    config = state.config
    if config.api_token and hmac.compare_digest(token.encode(), config.api_token.encode()):
        return User(name="api_token", role="admin")
    if config.read_token and hmac.compare_digest(token.encode(), config.read_token.encode()):
        return User(name="read_token", role="reader")
    key = hashlib.sha256(token.encode()).hexdigest()
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None and now - hit[0] < _CACHE_SECONDS:
        return hit[1]
    user = state.store.authenticate(token)
    if user is not None:
        with _cache_lock:
            _cache[key] = (now, user)
    return user


def writer(request: Request) -> User:
    """The caller of ``POST /articles``: the write token or an editor's; with neither configured
    nor sent, writing is off (403 E062); a wrong token is 401 E061, as before users existed."""
    from sitrep.api.routes import ApiState

    state: ApiState = request.app.state.sitrep
    sent = bearer_token(request)
    user = _known(request, sent) if sent else None
    if user is None:
        if not state.config.api_token:
            raise TokenError(403, "E062", Errors.E062)
        raise TokenError(401, "E061", Errors.E061.format(setting="api_token / SITREP_API_TOKEN"))
    if not may(user.role, "editor"):
        raise TokenError(
            403, "E076", Errors.E076.format(user=user.name, role=user.role, action="add articles", needed="editor")
        )
    return user


def caller(request: Request, needed: str, action: str) -> User:
    """The user the request's token names, who must have the ``needed`` role."""
    token = bearer_token(request)
    if not token:
        raise TokenError(401, "E061", Errors.E061.format(setting="a user token from `sitrep users add`"))
    user = _known(request, token)
    if user is None:
        raise TokenError(401, "E077", Errors.E077)
    if not may(user.role, needed):
        raise TokenError(403, "E076", Errors.E076.format(user=user.name, role=user.role, action=action, needed=needed))
    return user


def review_out(review: Review) -> dict[str, Any]:
    return {
        "version": review.version,
        "reviewed": review.reviewed,
        "reviewed_by": review.reviewed_by,
        "reviewed_at": review.reviewed_at.isoformat() if review.reviewed_at else None,
        "locked": list(review.locked),
        "flag": review.flag,
        "rejected": review.rejected,
        "timestamp": review.timestamp,
    }


class ActionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    why: str = Field(default="", max_length=2000, description="Why (kept in the history).")
    version: str | None = Field(default=None, max_length=64, description="The version edited (else If-Match).")


class EditIn(ActionIn):
    set: dict[str, Any] = Field(description="Fields to set and lock, e.g. {'fatalities': 3}.")


class MergeIn(ActionIn):
    ids: list[str] = Field(min_length=2, max_length=100, description="The events; the first keeps its id.")


class SplitIn(ActionIn):
    reports: list[str] = Field(min_length=1, max_length=1000, description="Report or article ids that move.")


class ActionOut(BaseModel):
    event_id: str
    event: dict[str, Any] | None
    review: ReviewOut | None


_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "The action cannot be done (E074) or a parameter is invalid (E060)."},
    401: {"description": "No token (E061) or a token that is nobody's (E077)."},
    403: {"description": "The token's role may not do this (E076)."},
    404: {"description": "No such event (E066)."},
    409: {"description": "The event changed since the version sent (E075)."},
}


def _id(event_id: str) -> str:
    try:
        return check_plain(event_id)
    except ValueError as exc:
        detail = Errors.E060.format(name="event_id", detail=exc)
        raise HTTPException(400, detail={"error": "E060", "detail": detail}) from None


def _version(request: Request, body: ActionIn) -> str | None:
    if body.version:
        return body.version
    sent = request.headers.get("if-match", "").strip()
    return sent.removeprefix("W/").strip('"') or None


async def _do(request: Request, action: str, work: Any) -> Response:
    """Run a store action in the thread pool and answer with the event's new state."""
    from sitrep.api.routes import ApiState

    state: ApiState = request.app.state.sitrep
    user = caller(request, "editor", action)
    try:
        event_id: str = await run_in_threadpool(work, state.store, user.name)
    except StoreError as exc:
        message = str(exc)
        code = message[1:5]
        status = {"E075": 409, "E066": 404, "E074": 400}.get(code)
        if status is None:
            raise
        raise HTTPException(status, detail={"error": code, "detail": message}) from None
    event = state.store.event(event_id)
    review = state.store.review(event_id)
    body = {
        "event_id": event_id,
        "event": project(event, None) if event is not None else None,
        "review": review_out(review) if review is not None else None,
    }
    headers = {"ETag": f'"{review.version}"'} if review is not None else {}
    return Response(to_json(body), media_type="application/json", headers=headers)


@router.patch("/events/{event_id}", response_model=ActionOut, tags=["review"], responses=_RESPONSES)
async def edit_event(request: Request, event_id: str, body: EditIn) -> Response:
    """Set coded fields (each one locked against later fusion). Needs an editor's token."""
    eid, version = _id(event_id), _version(request, body)
    return await _do(
        request,
        "edit events",
        lambda store, user: store.correct(eid, body.set, user=user, why=body.why, version=version) or eid,
    )


@router.post("/events/merge", response_model=ActionOut, tags=["review"], responses=_RESPONSES)
async def merge_events(request: Request, body: MergeIn) -> Response:
    """Merge events into the first (``version``: the first's). Needs an editor's token."""
    ids, version = [_id(i) for i in body.ids], _version(request, body)
    return await _do(
        request, "merge events", lambda store, user: store.merge(ids, user=user, why=body.why, version=version)
    )


@router.post("/events/{event_id}/confirm", response_model=ActionOut, tags=["review"], responses=_RESPONSES)
async def confirm_event(request: Request, event_id: str, body: ActionIn | None = None) -> Response:
    """Mark the event reviewed. Needs an editor's token."""
    body = body or ActionIn()
    eid, version = _id(event_id), _version(request, body)
    return await _do(
        request,
        "confirm events",
        lambda store, user: store.confirm(eid, user=user, why=body.why, version=version) or eid,
    )


@router.post("/events/{event_id}/split", response_model=ActionOut, tags=["review"], responses=_RESPONSES)
async def split_event(request: Request, event_id: str, body: SplitIn) -> Response:
    """Move reports to a new event (answered with the new event). Needs an editor's token."""
    eid, version = _id(event_id), _version(request, body)
    return await _do(
        request,
        "split events",
        lambda store, user: store.split(eid, body.reports, user=user, why=body.why, version=version),
    )


@router.post("/events/{event_id}/reject", response_model=ActionOut, tags=["review"], responses=_RESPONSES)
async def reject_event(request: Request, event_id: str, body: ActionIn | None = None) -> Response:
    """Reject the event (not an event): it leaves queries and is listed in /deletions. Editors only."""
    body = body or ActionIn()
    eid, version = _id(event_id), _version(request, body)
    return await _do(
        request, "reject events", lambda store, user: store.reject(eid, user=user, why=body.why, version=version) or eid
    )


@router.post("/events/{event_id}/restore", response_model=ActionOut, tags=["review"], responses=_RESPONSES)
async def restore_event(request: Request, event_id: str, body: ActionIn | None = None) -> Response:
    """Bring a rejected event back. Needs an editor's token."""
    body = body or ActionIn()
    eid = _id(event_id)
    return await _do(request, "restore events", lambda store, user: store.restore(eid, user=user, why=body.why) or eid)


@router.get("/review", tags=["review"], responses=_RESPONSES)
def review_queue(request: Request, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> Response:
    """The review queue: flagged events first, then unreviewed ones by lowest confidence. Readers may look."""
    from sitrep.api.routes import ApiState

    state: ApiState = request.app.state.sitrep
    if state.config.read_token:
        caller(request, "reader", "read")
    items = state.store.review_queue(limit=limit)
    body = [{"event": project(i.event, None), "review": review_out(i.review), "reason": i.reason} for i in items]
    return Response(to_json({"queue": body}), media_type="application/json")


class WhoAmIOut(BaseModel):
    name: str
    role: str


@router.get("/whoami", response_model=WhoAmIOut, tags=["review"], responses=_RESPONSES)
def whoami(request: Request) -> dict[str, str]:
    """The user the Bearer token names and its role (reader, editor or admin)."""
    user = caller(request, "reader", "read")
    return {"name": user.name, "role": user.role}


@router.get("/deletions", tags=["events"], responses=_RESPONSES)
def deletions(
    request: Request,
    since: Annotated[dt.datetime | None, Query(description="Only ids deleted at or after this time.")] = None,
) -> Response:
    """Ids that stopped being events (rejected, merged away with their ``successor``, removed)."""
    from sitrep.api.routes import ApiState

    state: ApiState = request.app.state.sitrep
    if state.config.read_token:
        caller(request, "reader", "read")
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    rows = [
        {"event_id": d.event_id, "successor": d.successor, "reason": d.reason, "timestamp": d.timestamp}
        for d in state.store.deletions(since)
    ]
    return Response(json.dumps({"deletions": rows}), media_type="application/json")
