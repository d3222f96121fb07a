"""An article's URL in the one form every stage compares: feeds key items by it, fusion and the
store find a republished article by it. It lives in ingest, the first stage, so a reader never
imports fusion to read a feed (``sitrep.fuse`` re-exports it)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

__all__ = ["normalise_url"]


def normalise_url(url: str) -> str:
    """The URL without its fragment or trailing slash, scheme and host lower-cased; "" stays ""."""
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))
