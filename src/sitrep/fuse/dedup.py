"""Which articles are the same article: the normalised text hash and the normalised URL.

Feeds and wires republish one story under new ids, with other whitespace or capitals, or
under the same URL with a tracking fragment. Fusion would count such a copy as a second
source; the store and ``fuse_coded`` keep the first copy they meet and skip the rest.
"""

from __future__ import annotations

import hashlib
import unicodedata

from sitrep.ingest.urls import normalise_url  # re-exported: the store and fusion name it here

__all__ = ["content_hash", "normalise_url"]


def content_hash(text: str) -> str:
    """SHA-256 of the text after NFKC, case folding and collapsing all whitespace to one space."""
    norm = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()
