"""The exception tree and the catalogue of message codes.

    SitrepError
    ├── InputError            unreadable input; names the file, line and article
    │   ├── UnreadableArticle   bytes that cannot be an article (binary, not JSON)
    │   └── MalformedRecord     JSON that is not an article (missing field, bad date)
    ├── DataFileError         a packaged or user data file is broken (path and entry)
    ├── ConfigError           a setting is invalid
    ├── FetchError            a feed or page could not be fetched (url; retryable or not)
    └── StoreError            the database refused

Codes are stable: ``E###`` when raised, ``W###`` when recorded as an ``Issue``. Tests
assert on codes, never on wording. Per-article problems are recorded, not raised.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "DataFileError",
    "Errors",
    "FetchError",
    "InputError",
    "MalformedRecord",
    "SitrepError",
    "StoreError",
    "UnreadableArticle",
    "Warnings",
]


class _Coded(type):
    """Prefix every message with its code, as spaCy's ErrorsWithCodes does."""

    def __getattribute__(cls, code: str) -> str:
        msg = super().__getattribute__(code)
        if code.startswith("__") or not isinstance(msg, str):
            return msg  # type: ignore[no-any-return]
        return f"[{code}] {msg}"


class Errors(metaclass=_Coded):
    E001 = "{source}:{line}: not valid JSON ({detail}). Each line must be one JSON object."
    E002 = "{source}:{line}: article {article_id!r} has no '{field}'. Every article needs id, text, published."
    E003 = "{source}:{line}: article {article_id!r}: cannot read date {value}; use ISO 8601 (2026-01-31)."
    E004 = "{source}: looks like binary data, not text. Give JSON Lines or a UTF-8 text file."
    E005 = "{source}: a plain text file needs --published DATE (ISO 8601)."
    E006 = "{source}: no such file."
    E007 = "{source}:{line}: expected a JSON object, got {kind}."
    E008 = "data file {path}: entry {entry!r}: {detail}"
    E009 = "gazetteer {path} not found. Build it with `sitrep gazetteer build` or reinstall sitrep."
    E010 = "gold file {path}: cannot tell its format from the header ({detail})."
    E011 = "source archive {path}: member {member!r}: {detail}; refused. Give the archives as downloaded."
    E012 = "settings file {path}: cannot read it ({detail}); give a readable TOML file to --config."
    E013 = "setting {name!r}: {detail}; see data/defaults.toml for what each setting takes."
    E020 = "{source}:{line}: article {article_id!r}: '{field}' has the wrong type ({kind}); see the input table."
    E021 = "{source}: cannot open ({detail}). Give readable files, or - for standard input."
    E022 = "unknown output format {format!r}; choose one of {choices}."
    E023 = (
        "{source}:{line}: article {article_id!r}: '{field}' holds a control character ({char}); ids, URLs and "
        "language codes must be plain text."
    )
    E024 = "{source}:{line}: article {article_id!r}: '{field}' is {size} characters long; at most {limit}."
    E025 = "{source}:{line}: a line of more than {limit} bytes; skipped unread (one article per line)."
    E026 = "{source}:{line}: JSON nested more than {limit} levels deep; skipped unread (an article is one flat object)."
    E030 = "article {article_id!r}: coding failed ({detail}); the article was skipped. Please report it."
    E040 = (
        "the event store {url} stayed busy for {seconds:g} s (another sitrep is writing to it); try again "
        "when it is done, or raise db_busy_timeout (SITREP_DB_BUSY_TIMEOUT)."
    )
    E041 = "cannot open the event store {url}: {detail}"
    E042 = "event {event_id!r} is not in the store {url}; list ids with `sitrep events`."
    E043 = "--format parquet writes a file: give --out PATH."
    E044 = "DataFrame engine {engine!r} needs the package {package}; install it or use engine={other!r}."
    E045 = "{option}: {detail}"
    E046 = (
        "fusion would leave the store inconsistent at event {event_id!r} ({detail}); the article was not stored. "
        "Run `sitrep check`, and please report it."
    )
    E047 = "article {article_id!r}: storing failed ({detail}); nothing was changed and the article was skipped."
    E048 = "the event store {url} does not exist; check the path or URL, or pass --create to start an empty one."
    E049 = "{option}: no {what} is called {value!r}; nearest: {nearest}."
    # the fetcher (sitrep watch): feeds and pages from the network
    E050 = "{url}: only http and https URLs are fetched."
    E051 = (
        "{url}: refused: {host} resolves to {address}, a private, loopback or link-local address; set "
        "fetch_allow_private = true (SITREP_FETCH_ALLOW_PRIVATE) to fetch from it."
    )
    E052 = "{url}: the answer passed {limit} bytes; refused (raise fetch_max_bytes to read it)."
    E053 = "{url}: no complete answer within {seconds:g} s (fetch_timeout)."
    E054 = "{url}: robots.txt of {host} forbids this path to sitrep; not fetched."
    E055 = "{url}: the server answered HTTP {status}."
    E056 = "{url}: cannot connect ({detail})."
    E057 = "{url}: more than {limit} redirects."
    # the HTTP API (sitrep serve): 4xx answers name the parameter and say what to send
    E060 = "query parameter {name!r}: {detail}"
    E061 = "this endpoint needs a token: send 'Authorization: Bearer <token>' (settings {setting})."
    E062 = "writing is disabled: set api_token in the settings (or SITREP_API_TOKEN) to accept articles."
    E063 = "request body larger than {limit} bytes (max_body_bytes); send fewer or shorter articles."
    E064 = "{count} articles in one request; at most {limit} (max_batch). Split the batch."
    E065 = "article {index}: {detail}"
    E066 = "no event {event_id!r} in this store."
    E067 = "the demo corpus {path} is missing; `sitrep serve --demo` runs from sitrep's source checkout."
    E068 = "the event store is not answering ({code}); try again shortly."
    E069 = "internal error (request {request_id}); the server logged it. Please report it with that id."
    # batch runs and feed parsing
    E070 = "unknown batch engine {engine!r}; choose one of {choices}."
    E071 = "{url}: the XML declares entities or an inline DTD; refused (entity expansion attacks)."
    E072 = "{url}: not an RSS or Atom feed ({detail})."
    E073 = "{source}: not a readable OPML file ({detail})."
    # the analyst's review loop (issue 17)
    E074 = "event {event_id!r}: {detail}"
    E075 = "event {event_id!r} changed since version {given} (now {current}); reload it and apply the edit again."
    E076 = "{user!r} ({role}) may not {action}: it needs the {needed} role."
    E077 = "the token is not valid: send 'Authorization: Bearer <token>' with a token from `sitrep users add`."
    E078 = "user {name!r}: {detail}"
    # the engine (issue 20)
    E090 = (
        "the Ray engine codes corpus files (`sitrep batch --engine ray`), which its actors read themselves; "
        "articles already read are coded in this process or on local worker processes (--workers)."
    )
    # gold and prediction files of `sitrep eval` (issue 21)
    E095 = "gold file {path}: unreadable from line {line} on ({detail}); give a UTF-8 CSV file as exported."
    # learned typing (sitrep.assemble.learned, sitrep.train): a model directory and its training data
    E085 = "model {path}: {detail}"
    E086 = (
        "model {path}: format version {found} is not one this sitrep reads ({reads}); retrain it with `sitrep train`."
    )
    E087 = "training data {source}: {detail}"
    E088 = "taxonomy {path}: {detail}"


class Warnings(metaclass=_Coded):
    W001 = "{source}:{line}: bytes that are not UTF-8 were replaced with U+FFFD."
    W002 = "article {article_id!r}: text of {size} characters cut to the first {limit} (max_chars)."
    W003 = "article {article_id!r}: empty text; no events."
    W004 = "article {article_id!r}: published date {value} is in the future."
    W005 = "article {article_id!r}: no place resolved for '{name}'; its events fall back to the province or country."
    W006 = "article {article_id!r}: an event has no place or country sitrep can resolve; its location is empty."
    W007 = "article {article_id!r}: {count} control character(s) (such as NUL) removed from its text."
    W008 = (
        "article {article_id!r}: written in {language} ({code}); sitrep reads {reads} only, so it is stored "
        "but not coded."
    )
    W020 = "{source}:{line}: article id {article_id!r} was already read from {first}; ids should be unique."
    W040 = "article {article_id!r}: the store already holds this text or URL (as {stored!r}); skipped."
    W041 = "article {article_id!r}: the store already holds another text under this id; skipped."
    W042 = "article {article_id!r}: a new text under a stored id or URL; stored as version {version} and re-coded."
    W050 = "feed {url}: {detail}; it is polled again later (failure {failures} in a row)."
    W051 = "article {article_id!r} ({url}): page not fetched ({detail}); coded from the feed's summary instead."
    W052 = "article {article_id!r} ({url}): page not fetched ({detail}); it is tried again at the next poll."
    # triage (sitrep.triage): articles skipped before the parse
    W080 = (
        "article {article_id!r}: skipped as not about political violence (triage score {score:g} < "
        "{threshold:g}: {reason}); --no-triage or a lower triage_threshold codes it."
    )


class SitrepError(Exception):
    """Base of every error sitrep raises on purpose."""


class InputError(SitrepError):
    def __init__(self, message: str, *, source: str = "", line: int = 0, article_id: str = "") -> None:
        super().__init__(message)
        self.source = source
        self.line = line
        self.article_id = article_id


class UnreadableArticle(InputError):
    pass


class MalformedRecord(InputError):
    pass


class DataFileError(SitrepError):
    pass


class ConfigError(SitrepError):
    pass


class StoreError(SitrepError):
    pass


class FetchError(SitrepError):
    """A URL could not be fetched. retryable (bool): a timeout, a refused connection or a 5xx/429
    answer, worth trying again later; False for a refusal (robots.txt, private address, size)."""

    def __init__(self, message: str, *, url: str = "", retryable: bool = False) -> None:
        super().__init__(message)
        self.url = url
        self.retryable = retryable
