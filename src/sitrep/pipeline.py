"""The pipeline: the only place the stages meet.

    Article ─nlp→ Doc ─extract→ Reading ─geo→ Located ─assemble→ Event*

    Article ─triage→ (skipped: W080, no event) | ─nlp→ Doc ─extract→ …

``Pipeline.run`` codes articles one by one (no cross-article fusion) and yields, per article, its
events and the issues met. An article surely written in a language sitrep does not read
(``ingest.language``) is not coded: it yields W008 naming the language, and no event. With
``settings.triage`` on, an article that triage finds clearly not about political violence is not
parsed either: it yields W080 with the triage's reason, and no event. Every command and the API
code articles through here, so this is the one place that decision is taken. Heavy
resources (the spaCy model, the gazetteer, the actor registry) load on first use, once per
process.

A ``Pipeline`` codes in the process that holds it. Running it over many articles on worker
processes or on Ray is ``sitrep.engine``'s job (the one place sitrep starts processes), and
storing what it codes is the store's: the pipeline knows neither.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep.errors import Errors, SitrepError, Warnings
from sitrep.ingest.language import READ_LANGUAGES, language_name, unreadable_language
from sitrep.model import Article, Coded, Event, Issue, Triage
from sitrep.settings import Settings, load_settings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from sitrep.assemble.actors import ActorCoder
    from sitrep.assemble.learned import LearnedTyper, Typer
    from sitrep.geo.gazetteer import Gazetteer
    from sitrep.geo.resolve import Geocoder
    from sitrep.vocab.actors import ActorRegistry

__all__ = ["Pipeline", "article_context", "batches"]

logger = logging.getLogger(__name__)


@contextmanager
def article_context(article: Article) -> Iterator[None]:
    """Attach the article id to any sitrep error raised while coding it (httpx's request_context)."""
    try:
        yield
    except SitrepError as exc:
        if not getattr(exc, "article_id", ""):
            exc.article_id = article.id  # type: ignore[attr-defined]
        raise


class Pipeline:
    """Codes news articles into ACLED events.

    settings (Settings | None): knobs; default data/defaults.toml with the user's overrides.
    gazetteer (Path | None): a gazetteer file instead of the bundled one.
    """

    def __init__(self, settings: Settings | None = None, *, gazetteer: Path | None = None) -> None:
        self.settings = settings or load_settings()
        self._gazetteer = gazetteer or self.settings.gazetteer_path

    # --- resources, loaded on first use ---------------------------------------------------------

    @cached_property
    def places(self) -> Gazetteer:
        """The gazetteer, opened once: the place ruler and the geocoder read the same connection
        and share its caches."""
        from sitrep.geo.gazetteer import Gazetteer

        return Gazetteer.open(self._gazetteer)

    @cached_property
    def nlp(self) -> Language:
        from sitrep.nlp.load import load_nlp

        return load_nlp(model=self.settings.model, places=self.places)

    @cached_property
    def registry(self) -> ActorRegistry:
        from sitrep.vocab.actors import ActorRegistry

        return ActorRegistry.load()

    @cached_property
    def geocoder(self) -> Geocoder:
        from sitrep.geo.resolve import Geocoder

        return Geocoder(self.places)

    @cached_property
    def actor_coder(self) -> ActorCoder:
        from sitrep.assemble.actors import ActorCoder

        return ActorCoder(self.registry)

    @cached_property
    def learned(self) -> LearnedTyper | None:
        """The trained typer of ``settings.learned_model`` (``--model``); None: the rules alone."""
        if not self.settings.learned_model:
            return None
        from sitrep.assemble.learned import LearnedTyper

        return LearnedTyper.load(self.settings.learned_model)

    # --- running ---------------------------------------------------------------------------------

    @property
    def gazetteer(self) -> Path | None:
        """The gazetteer file this pipeline reads (None: the bundled one)."""
        return self._gazetteer

    def extract(self, articles: Iterable[Article]) -> Iterator[Event]:
        """Code articles in this process and yield their events, article by article, in input order."""
        for coded in self.run(articles):
            yield from coded.events

    def code_doc(self, doc: Doc, article: Article, *, typer: Typer | None) -> tuple[list[Event], tuple[Issue, ...]]:
        """One parsed article through extract, geo and assemble: its events and every issue the
        stages met. ``typer`` is what assemble hands each event to (``learned`` when coding; the
        training reader passes its own recorder). Raises what a stage raises."""
        from sitrep.assemble.units import assemble
        from sitrep.extract.frames import read_doc
        from sitrep.geo.locate import locate

        with article_context(article):
            reading = read_doc(doc, article, registry=self.registry)
            located = locate(reading, self.geocoder)
            events, issues = assemble(
                reading, located.places, region=located.region, actors=self.actor_coder, typer=typer
            )
        return events, tuple(reading.issues) + located.issues + tuple(issues)

    def run(self, articles: Iterable[Article]) -> Iterator[Coded]:
        """Code articles in this process; yield each one's events and issues, in input order."""
        for batch in batches(articles, self.settings.batch_size):
            foreign = {i: code for i, a in enumerate(batch) if (code := unreadable_language(a.text))}
            triaged = {i: self._triage(a) for i, a in enumerate(batch) if i not in foreign}  # before any parse
            parsed = [a.text for i, a in enumerate(batch) if i in triaged and not _skips(triaged[i])]
            docs = iter(self.nlp.pipe(parsed)) if parsed else iter(())
            for i, article in enumerate(batch):
                if i in foreign:  # a language sitrep cannot read: said, stored, not coded
                    yield _not_read(article, foreign[i])
                    continue
                decision = triaged[i]
                if decision is not None and decision.skipped:  # clearly not about political violence: no parse
                    yield self._skipped(article, decision)
                    continue
                doc = next(docs)
                if not article.text.strip():
                    yield Coded(article, (), (), decision)
                    continue
                try:
                    events, found = self.code_doc(doc, article, typer=self.learned)
                except Exception as exc:  # a bug on one article must not stop a corpus (scrapy's item_error)
                    logger.exception("coding article %r failed", article.id)
                    failed = Issue(
                        code="E030",
                        message=Errors.E030.format(article_id=article.id, detail=exc),
                        article_id=article.id,
                    )
                    yield Coded(article, (), (failed,), decision)
                    continue
                yield Coded(article, tuple(events), found, decision)

    def _triage(self, article: Article) -> Triage | None:
        """The triage decision on ``article``; None when triage is off (``settings.triage``)."""
        if not self.settings.triage or not article.text.strip():
            return None
        from sitrep.triage import triage_article

        return triage_article(article, threshold=self.settings.triage_threshold)

    def _skipped(self, article: Article, decision: Triage) -> Coded:
        """The result for an article triage skipped: no events, W080 with the reason."""
        message = Warnings.W080.format(
            article_id=article.id,
            score=decision.score,
            threshold=self.settings.triage_threshold,
            reason=decision.reason,
        )
        return Coded(article, (), (Issue(code="W080", message=message, article_id=article.id),), decision)

    def code_one(self, article: Article) -> Coded:
        return next(self.run([article]))


def _skips(decision: Triage | None) -> bool:
    return decision is not None and decision.skipped


def _not_read(article: Article, code: str) -> Coded:
    """The result for an article in a language sitrep does not read: no events, W008, and the
    language it is written in recorded on the article."""
    reads = ", ".join(language_name(c) for c in sorted(READ_LANGUAGES))
    message = Warnings.W008.format(article_id=article.id, language=language_name(code), code=code, reads=reads)
    issue = Issue(code="W008", message=message, article_id=article.id)
    return Coded(replace(article, language=code), (), (issue,))


def batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Batches of articles; when reading the input fails mid-batch, the articles read before the
    failure are still coded, then the error is raised (a bad line loses nothing before it)."""
    it = iter(articles)
    while True:
        batch: list[Article] = []
        try:
            for article in it:
                batch.append(article)
                if len(batch) >= size:
                    break
        except SitrepError:
            if batch:
                yield batch
            raise
        if not batch:
            return
        yield batch
