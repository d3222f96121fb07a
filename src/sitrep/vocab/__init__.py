"""Vocabularies: the data files under ``sitrep/data`` read as typed lexicons.

They sit below every stage that uses them: the spaCy layer (``nlp``) builds its rulers from them
and ``extract`` reads mentions with them, so ``nlp`` never imports ``extract``.

- ``triggers``: the event-trigger lexicon (``data/lexicons/triggers.toml``);
- ``actors``: the actor registry (``data/actors/*.toml``): names, aliases, ACLED inter codes,
  government periods.
"""
