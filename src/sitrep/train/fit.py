"""Fit, calibrate, measure and write a learned typer (the model directory ``assemble.learned`` reads).

The model: TF-IDF of word 1-2-grams and of character 2-5-grams (inside word bounds), a linear
support-vector machine, and isotonic calibration fitted on held-out folds of the training part
(``CalibratedClassifierCV``, 5 folds, one final model). A fifth of the examples, chosen by a hash
of their text, is held out of all fitting: the model card's metrics (accuracy, macro F1, expected
calibration error and the reliability curve) are measured on it. The same examples and seed give
the same model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from sitrep.assemble.learned import CARD, FORMAT_VERSION, LABELS, WEIGHTS, LearnedTyper, Target, acled_targets
from sitrep.errors import DataFileError, Errors, InputError
from sitrep.evaluate.calibration import reliability
from sitrep.train.examples import Example, Examples
from sitrep.vocab.taxonomy import EventType, event_type_of

__all__ = ["fit", "load_taxonomy"]

HELD_OUT = 5  # one example in HELD_OUT (by a hash of its text) is held out for the card's metrics
FOLDS = 5  # calibration folds
MIN_EXAMPLES = 3  # a label with fewer training examples cannot be learned or calibrated: left out
THRESHOLD = 0.5  # the probability at which the model's type replaces the rules'


def load_taxonomy(path: str | Path) -> dict[str, Target]:
    """A team's label set as TOML: each label under ``[labels]`` with the ACLED type it maps to,
    where it maps (E088 for a name ACLED does not have)::

        [labels]
        "Bombing/Explosion" = { sub_event_type = "Remote explosive/landmine/IED" }
        "Armed Assault" = { event_type = "Battles" }
        "Unknown" = {}
    """
    p = Path(path)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataFileError(Errors.E088.format(path=p, detail=f"cannot read it ({exc})")) from exc
    labels = raw.get("labels")
    if not isinstance(labels, dict) or not labels:
        raise DataFileError(Errors.E088.format(path=p, detail="no [labels] table"))
    types = {t.value for t in EventType}
    out: dict[str, Target] = {}
    for name, entry in labels.items():
        if not isinstance(entry, dict):
            raise DataFileError(
                Errors.E088.format(path=p, detail=f"label {name!r}: give a table {{ event_type = ... }}")
            )
        sub = str(entry.get("sub_event_type", ""))
        kind = str(entry.get("event_type", ""))
        if sub:
            parent = event_type_of(sub)
            if parent is None:
                raise DataFileError(
                    Errors.E088.format(path=p, detail=f"label {name!r}: no ACLED sub-event type {sub!r}")
                )
            if kind and kind != parent:
                detail = f"label {name!r}: {sub!r} is a sub-event type of {parent.value!r}, not {kind!r}"
                raise DataFileError(Errors.E088.format(path=p, detail=detail))
            kind = parent.value
        elif kind and kind not in types:
            raise DataFileError(Errors.E088.format(path=p, detail=f"label {name!r}: no ACLED event type {kind!r}"))
        out[str(name)] = Target(kind, sub)
    return out


def fit(
    examples: Examples,
    out: str | Path,
    *,
    licence: str,
    taxonomy: Mapping[str, Target] | None = None,
    taxonomy_name: str = "",
    seed: int = 0,
    threshold: float = THRESHOLD,
) -> dict[str, Any]:
    """Fit a typer on ``examples``, measure it on the held-out fifth, write the model directory
    ``out`` (created; files in it replaced) and return its model card."""
    rows = list(examples.rows)
    skipped = dict(examples.skipped)
    if taxonomy is not None:
        kept = [e for e in rows if e.label in taxonomy]
        if len(kept) < len(rows):
            skipped["label not in the taxonomy"] = len(rows) - len(kept)
        rows = kept
    train = [e for e in rows if not _held_out(e.text)]
    test = [e for e in rows if _held_out(e.text)]
    counts = Counter(e.label for e in train)
    rare = {label for label, n in counts.items() if n < MIN_EXAMPLES}
    if rare:
        skipped[f"label with fewer than {MIN_EXAMPLES} training examples"] = sum(counts[r] for r in rare)
        train = [e for e in train if e.label not in rare]
        test = [e for e in test if e.label not in rare]
    labels = sorted({e.label for e in train})
    if len(labels) < 2:
        detail = f"{len(train)} usable example(s) with {len(labels)} label(s); at least two labels are needed"
        raise InputError(Errors.E087.format(source=examples.source, detail=detail), source=examples.source)
    targets = dict(taxonomy) if taxonomy is not None else (acled_targets(labels) or _event_type_targets(labels))
    estimator = _estimator(seed, folds=min(FOLDS, min(Counter(e.label for e in train).values())))
    estimator.fit([e.text for e in train], [e.label for e in train])
    directory = Path(out)
    directory.mkdir(parents=True, exist_ok=True)
    import joblib

    joblib.dump(estimator, directory / WEIGHTS, compress=3)
    acled = taxonomy is None and acled_targets(labels) is not None
    label_file = {
        "labels": labels,
        "acled": acled,
        "targets": {
            name: {"event_type": t.event_type, "sub_event_type": t.sub_event_type}
            for name, t in sorted(targets.items())
            if name in labels
        },
    }
    _write_json(directory / LABELS, label_file)
    card: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "sitrep_version": _sitrep_version(),
        "created": dt.date.today().isoformat(),
        "data": {
            "source": Path(examples.source).name,
            "sha256": examples.sha256,
            "rows": len(train),
            "label_field": examples.label_field,
            "licence": licence,
            "label_counts": dict(sorted(Counter(e.label for e in train).items())),
            "skipped": dict(sorted(skipped.items())),
            "taxonomy": taxonomy_name,
        },
        "model": {
            "features": "TF-IDF word 1-2-grams + character 2-5-grams (char_wb), sublinear tf",
            "classifier": "LinearSVC (C=0.5) + isotonic calibration (CalibratedClassifierCV, one final model)",
            "text": "the event's clauses beyond the article's lead, then the lead (2 sentences, 400 characters)",
            "seed": seed,
            "scikit_learn": _package_version("scikit-learn"),
        },
        "threshold": threshold,
        "held_out": {},
    }
    _write_json(directory / CARD, card)
    card["held_out"] = _measure(LearnedTyper.load(directory), test)
    _write_json(directory / CARD, card)
    return card


def _estimator(seed: int, *, folds: int) -> Any:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.svm import LinearSVC

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=50000)),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, max_features=100000
                ),
            ),
        ]
    )
    svm = LinearSVC(C=0.5, random_state=seed)
    cv = StratifiedKFold(n_splits=max(2, folds), shuffle=True, random_state=seed)
    calibrated = CalibratedClassifierCV(svm, method="isotonic", cv=cv, ensemble=False)
    return Pipeline([("features", features), ("model", calibrated)])


def _measure(typer: LearnedTyper, test: Sequence[Example]) -> dict[str, Any]:
    """Accuracy, macro F1, ECE and the reliability curve of the model alone on held-out examples."""
    if not test:
        return {"rows": 0}
    probs = typer.probabilities([e.text for e in test])
    predicted = [max(sorted(p), key=lambda k: p[k]) for p in probs]
    confidences = [p[label] for p, label in zip(probs, predicted, strict=True)]
    correct = [label == e.label for label, e in zip(predicted, test, strict=True)]
    curve, ece = reliability(confidences, correct)
    result: dict[str, Any] = {
        "rows": len(test),
        "accuracy": round(sum(correct) / len(test), 4),
        "macro_f1": _macro_f1([e.label for e in test], predicted),
        "ece": ece,
        "reliability": [[b.low, b.high, b.count, b.confidence, b.accuracy] for b in curve],
    }
    if typer.targets:
        types = [typer.targets.get(label, Target()).event_type for label in predicted]
        gold = [typer.targets.get(e.label, Target()).event_type for e in test]
        scored = [(t, g) for t, g in zip(types, gold, strict=True) if g]
        if scored:
            result["event_type_accuracy"] = round(sum(t == g for t, g in scored) / len(scored), 4)
    return result


def _macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    scores = []
    for label in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return round(sum(scores) / len(scores), 4)


def _event_type_targets(labels: Sequence[str]) -> dict[str, Target]:
    """Labels that are ACLED event types map to them; any other label set maps to nothing."""
    types = {t.value for t in EventType}
    if all(label in types for label in labels):
        return {label: Target(label, "") for label in labels}
    return {}


def _held_out(text: str) -> bool:
    return int(hashlib.sha256(("held-out|" + text).encode("utf-8")).hexdigest(), 16) % HELD_OUT == 0


def _write_json(path: Path, data: Mapping[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:  # pragma: no cover - installed with sitrep
        return ""


def _sitrep_version() -> str:
    return _package_version("sitrep")
