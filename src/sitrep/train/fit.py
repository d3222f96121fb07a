"""Fit, calibrate, measure and write a learned typer (the model directory ``assemble.learned`` reads).

The model (stacking): TF-IDF of word 1-2-grams and of character 2-5-grams (inside word bounds),
beside the rules' decision on the same event as one-hot features (their event type, sub-event
type and trigger classes, ``learned.rules_features``), into a multinomial logistic regression.
So the model learns where the rules are right and corrects them where they are not; the rules'
exclusions stay theirs, since the model only types events the rules found. The final decision
(``LearnedTyper.decide``: the model's label or the rules' type) is calibrated as a whole: an
isotonic map from its probability to how often such decisions were right, fitted on
cross-fitted predictions of the training part (5 folds), so ``confidence`` means P(right).

A fifth of the examples, chosen by a hash of their text, is held out of all fitting: the model
card's metrics (accuracy, macro F1, expected calibration error and the reliability curve of the
final decision) are measured on it. The same examples and seed give the same model.
``C`` and the rules' weight were chosen by cross-validation on the training half of the ACLED
dev file (docs/learning.md), never on a test part.
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

from sitrep.assemble.learned import (
    CARD,
    FORMAT_VERSION,
    LABELS,
    WEIGHTS,
    LearnedTyper,
    Target,
    acled_targets,
    row_rules,
    row_texts,
    rules_seen_of,
)
from sitrep.errors import DataFileError, Errors, InputError
from sitrep.evaluate.calibration import reliability
from sitrep.train.examples import Example, Examples
from sitrep.vocab.taxonomy import EventType, event_type_of

__all__ = ["fit", "load_taxonomy"]

HELD_OUT = 5  # one example in HELD_OUT (by a hash of its text) is held out for the card's metrics
FOLDS = 5  # folds of the cross-fitted predictions the final decision is calibrated on
C = 10.0  # inverse regularisation of the logistic regression (cross-validated, docs/learning.md)
RULES_WEIGHT = 1.0  # the weight of the rules' one-hot features beside the unit-length TF-IDF vectors
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
    acled = taxonomy is None and acled_targets(labels) is not None
    folds = max(2, min(FOLDS, min(Counter(e.label for e in train).values())))
    rows_in, gold = [e.row for e in train], [e.label for e in train]
    estimator = _estimator(seed)
    estimator.fit(rows_in, gold)
    rules_seen = rules_seen_of(estimator)
    typer = LearnedTyper(
        Path(out),
        estimator,
        targets=targets,
        acled=acled,
        threshold=threshold,
        card={},
        calibration=None,
        rules_seen=rules_seen,
    )
    typer.calibration = _calibration(typer, train, seed=seed, folds=folds)
    directory = Path(out)
    directory.mkdir(parents=True, exist_ok=True)
    import joblib

    joblib.dump({"estimator": estimator, "calibration": typer.calibration}, directory / WEIGHTS, compress=3)
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
            "features": "TF-IDF word 1-2-grams + character 2-5-grams (char_wb), sublinear tf; "
            f"the rules' event type, sub-event type and trigger classes, one-hot (weight {RULES_WEIGHT})",
            "classifier": f"LogisticRegression (multinomial, C={C}); the final decision calibrated by isotonic "
            f"regression on {folds}-fold cross-fitted predictions",
            "text": "the event's clauses beyond the article's lead, then the lead (2 sentences, 400 characters)",
            "seed": seed,
            "scikit_learn": _package_version("scikit-learn"),
        },
        "threshold": threshold,
        "held_out": {},
    }
    _write_json(directory / CARD, card)
    card["held_out"] = _measure(LearnedTyper.load(directory), test)
    card["held_out"]["threshold"] = threshold
    _write_json(directory / CARD, card)
    return card


def _estimator(seed: int, *, c: float = C, rules_weight: float = RULES_WEIGHT) -> Any:
    """The model: text n-grams and the rules' decision (model rows, ``learned.model_row``) into a
    multinomial logistic regression."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer

    ngrams = FeatureUnion(
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
    features = FeatureUnion(
        [
            ("text", Pipeline([("select", FunctionTransformer(row_texts)), ("ngrams", ngrams)])),
            ("rules", Pipeline([("select", FunctionTransformer(row_rules)), ("onehot", DictVectorizer())])),
        ],
        transformer_weights={"text": 1.0, "rules": rules_weight},
    )
    model = LogisticRegression(C=c, max_iter=2000, random_state=seed)
    return Pipeline([("features", features), ("model", model)])


def _calibration(typer: LearnedTyper, train: Sequence[Example], *, seed: int, folds: int) -> Any:
    """An isotonic map from the final decision's probability to how often it is right, fitted on
    predictions of each training example by a model fitted without its fold."""
    from sklearn.base import clone
    from sklearn.isotonic import IsotonicRegression
    from sklearn.model_selection import StratifiedKFold

    rows_in = [e.row for e in train]
    gold = [e.label for e in train]
    probs: list[dict[str, float]] = [{} for _ in train]
    for fit_part, predict_part in StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(rows_in, gold):
        model = clone(typer.estimator).fit([rows_in[i] for i in fit_part], [gold[i] for i in fit_part])
        for i, row in zip(predict_part, model.predict_proba([rows_in[i] for i in predict_part]), strict=True):
            probs[i] = {str(label): float(p) for label, p in zip(model.classes_, row, strict=True)}
    judged = [j for e, p in zip(train, probs, strict=True) if (j := _judged(typer, e, p))[0] is not None]
    raw, right = zip(*judged, strict=True) if judged else ((0.0, 1.0), (False, True))
    return IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(list(raw), [float(r) for r in right])


def _judged(typer: LearnedTyper, example: Example, probs: Mapping[str, float]) -> tuple[float | None, bool]:
    """The final decision's confidence on ``example`` given ``probs``, and whether it is right:
    for ACLED's sub-event types, the type the event ends up with; for a team's labels, the label.
    None: a rules' type the model has no label for (the rules' own confidence stands)."""
    from sitrep.extract.classify import Typing

    full = {label: probs.get(label, 0.0) for label in typer.labels}
    decision = typer.decide(example.rules or Typing("", "", ()), full)
    if typer.acled:
        return decision.confidence, decision.typing.sub_event_type == example.label
    return decision.confidence, decision.label == example.label


def _measure(typer: LearnedTyper, test: Sequence[Example]) -> dict[str, Any]:
    """Accuracy, macro F1, ECE and the reliability curve of the final decision (rules and model)
    on held-out examples."""
    if not test:
        return {"rows": 0}
    from sitrep.extract.classify import Typing

    probs = typer.row_probabilities([e.row for e in test])
    decisions = [typer.decide(e.rules or Typing("", "", ()), p) for e, p in zip(test, probs, strict=True)]
    if typer.acled:
        predicted = [d.typing.sub_event_type for d in decisions]
    else:
        predicted = [d.label for d in decisions]
    correct = [label == e.label for label, e in zip(predicted, test, strict=True)]
    judged = [(d.confidence, ok) for d, ok in zip(decisions, correct, strict=True) if d.confidence is not None]
    curve, ece = reliability([c for c, _ in judged], [ok for _, ok in judged])
    result: dict[str, Any] = {
        "rows": len(test),
        "accuracy": round(sum(correct) / len(test), 4),
        "macro_f1": _macro_f1([e.label for e in test], predicted),
        "ece": ece,
        "reliability": [[b.low, b.high, b.count, b.confidence, b.accuracy] for b in curve],
    }
    rules = [e for e in test if e.rules is not None]
    if rules and typer.acled:
        right = sum(1 for e in rules if e.rules is not None and e.rules.sub_event_type == e.label)
        result["rules_accuracy"] = round(right / len(rules), 4)
        result["rows_with_rules"] = len(rules)
    if typer.targets:
        types = [
            d.typing.event_type if typer.acled else typer.targets.get(d.label, Target()).event_type for d in decisions
        ]
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
