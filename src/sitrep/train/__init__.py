"""``sitrep train``: fit the learned typer from coded data (docs/learning.md).

    examples = from_gold("acled.csv", half="a")            # any layout `sitrep eval` reads
    examples = from_csv("ours.csv", text="text", label="category")
    examples = from_store(store)                            # what analysts confirmed or corrected
    card = fit(examples, out="model/", licence="ACLED terms (internal use)", taxonomy=load_taxonomy("ours.toml"))

examples.py turns each source into ``Example`` records (the text a model reads, as the pipeline
builds it, and the label), fit.py fits, calibrates, measures on a held-out part and writes the
model directory ``sitrep.assemble.learned`` loads.
"""

from __future__ import annotations

from sitrep.train.examples import Example, Examples, from_csv, from_gold, from_store
from sitrep.train.fit import fit, load_taxonomy

__all__ = ["Example", "Examples", "fit", "from_csv", "from_gold", "from_store", "load_taxonomy"]
