"""Users with roles, and their tokens stored as scrypt hashes.

A token is ``sitrep_<id>_<secret>``: the id finds the user's row, and the secret is checked
against ``scrypt(secret, salt)`` (hashlib, RFC 7914; n=2**14, r=8, p=1) with a constant-time
comparison. The token itself is never stored; it is shown once, when the user is made.

Roles: ``reader`` reads, ``editor`` also reviews (confirm, edit, merge, split, reject) and adds
articles, ``admin`` also manages users.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, Table, select
from sqlalchemy.exc import IntegrityError

from sitrep.errors import Errors, StoreError
from sitrep.store.tables import UserRow

__all__ = ["ROLES", "User", "add_user", "authenticate", "hash_secret", "list_users", "may"]

ROLES = ("reader", "editor", "admin")
_U: Table = UserRow.__table__  # type: ignore[assignment]
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
_TOKEN = re.compile(r"^sitrep_([0-9a-f]{16})_([A-Za-z0-9_-]{20,64})$")
_N, _R, _P = 2**14, 8, 1


@dataclass(frozen=True, slots=True, kw_only=True)
class User:
    name: str
    role: str


def may(role: str, needed: str) -> bool:
    """Whether ``role`` includes ``needed`` (reader < editor < admin)."""
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


def hash_secret(secret: str, salt: bytes) -> str:
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def _verify(secret: str, stored: str) -> bool:
    kind, n, r, p, salt, digest = stored.split("$")
    if kind != "scrypt":
        return False
    mine = hashlib.scrypt(secret.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    return hmac.compare_digest(mine.hex(), digest)


def add_user(conn: Connection, name: str, role: str, *, now: dt.datetime) -> str:
    """Store a new user; returns its token."""
    if role not in ROLES:
        raise StoreError(Errors.E078.format(name=name, detail=f"role {role!r} is not one of {', '.join(ROLES)}"))
    if not _NAME.match(name):
        raise StoreError(Errors.E078.format(name=name, detail="a name is 1-64 letters, digits or _.@-"))
    if conn.execute(select(_U.c.name).where(_U.c.name == name)).first() is not None:
        raise StoreError(Errors.E078.format(name=name, detail="already exists"))
    token_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    try:
        conn.execute(
            _U.insert(),
            {
                "name": name,
                "role": role,
                "token_id": token_id,
                "token_hash": hash_secret(secret, secrets.token_bytes(16)),
                "created_at": now,
            },
        )
    except IntegrityError as exc:
        raise StoreError(Errors.E078.format(name=name, detail="already exists")) from exc
    return f"sitrep_{token_id}_{secret}"


def authenticate(conn: Connection, token: str) -> User | None:
    match = _TOKEN.match(token)
    if match is None:
        return None
    row = conn.execute(select(_U.c.name, _U.c.role, _U.c.token_hash).where(_U.c.token_id == match[1])).first()
    if row is None or not _verify(match[2], row.token_hash):
        return None
    return User(name=row.name, role=row.role)


def list_users(conn: Connection) -> list[User]:
    return [
        User(name=row.name, role=row.role) for row in conn.execute(select(_U.c.name, _U.c.role).order_by(_U.c.name))
    ]
