"""A learned typer beside the rules: a model trained with ``sitrep train`` types the events the rules found.

The rules still decide *whether* there is an event (a negated, hypothetical or reported act, a
toll over a period, a background paragraph never becomes one) and where, when and who; the model
reads what the event was read from (its clauses and the article's lead, ``extract/lead.py``)
*and the rules' decision* (their event type, sub-event type and the trigger classes that decided
it, ``rules_features``), so it learns where the rules are right and corrects them where they
are not (stacking). It gives each of its labels a probability. Its top label sets the event's
type when it maps to an ACLED type and is at least ``threshold`` likely; otherwise the rules'
type stays. The event records which decided (``typed_by``) and, as its ``confidence``, the
probability that the type it ends up with is right: the model's probability of that type mapped
through a calibration of the final decision fitted on cross-fitted predictions at training.

A model directory (written by ``sitrep.train``):

    card.json     the model card: format version, sitrep version, data hash, rows, date, label
                  counts, held-out metrics, the data's licence as the trainer stated it
    labels.json   the label set, and for a team's own taxonomy the ACLED type each label maps to
    model.joblib  the fitted scikit-learn pipeline (TF-IDF word and character n-grams and the
                  rules' decision, a linear model) and the confidence calibration: a pickle, so
                  load only models you trust (docs/learning.md)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sitrep.errors import ConfigError, Errors
from sitrep.extract.classify import Typing
from sitrep.vocab.taxonomy import event_type_of

__all__ = [
    "CARD",
    "FORMAT_VERSION",
    "LABELS",
    "WEIGHTS",
    "Decision",
    "LearnedTyper",
    "ModelRow",
    "Target",
    "Typer",
    "model_row",
    "row_rules",
    "row_texts",
    "rules_features",
    "rules_seen_of",
]

FORMAT_VERSION = 2  # 2: the model reads the rules' decision beside the text and calibrates its final one
READS = frozenset({FORMAT_VERSION})  # the model-directory format versions this sitrep can load
CARD = "card.json"
LABELS = "labels.json"
WEIGHTS = "model.joblib"
DECIDED_BY = ("model",)
RULES_SUB = "rules:sub="  # the one-hot feature of the rules' sub-event type


# What the model reads for one event: its text, and the rules' event type, sub-event type and
# trigger classes ("" and () where the rules found no event in a training text).
ModelRow = tuple[str, str, str, tuple[str, ...]]


def model_row(text: str, rules: Typing | None) -> ModelRow:
    """The model's input for an event read from ``text`` that the rules typed ``rules``."""
    if rules is None:
        return (text, "", "", ())
    return (text, rules.event_type, rules.sub_event_type, tuple(sorted(set(rules.decided_by))))


def rules_features(row: ModelRow) -> dict[str, float]:
    """The rules' decision as one-hot features: their types and each trigger class that decided."""
    _, event_type, sub_event_type, triggers = row
    if not event_type and not sub_event_type:
        return {"rules:none": 1.0}
    features = {f"rules:type={event_type}": 1.0, f"{RULES_SUB}{sub_event_type}": 1.0}
    for trigger in triggers:
        features[f"rules:trigger={trigger}"] = 1.0
    return features


def row_texts(rows: Sequence[ModelRow]) -> list[str]:
    """The texts of model rows (the text half of the model's features; pickled by name)."""
    return [row[0] for row in rows]


def row_rules(rows: Sequence[ModelRow]) -> list[dict[str, float]]:
    """The rules' features of model rows (the other half; pickled by name)."""
    return [rules_features(row) for row in rows]


@dataclass(frozen=True, slots=True)
class Target:
    """The ACLED type a label stands for: a sub-event type (and so its event type), an event type
    alone, or neither (a team's label ACLED has no word for)."""

    event_type: str = ""
    sub_event_type: str = ""

    def agrees(self, typing: Typing) -> bool:
        """The label says what ``typing`` says (to the depth the label goes)."""
        if self.sub_event_type:
            return self.sub_event_type == typing.sub_event_type
        return bool(self.event_type) and self.event_type == typing.event_type


@dataclass(frozen=True, slots=True)
class Decision:
    """The type an event takes beside a model, who decided it, and how sure the model is of it."""

    typing: Typing
    typed_by: str  # "model" or "rules"
    confidence: float | None  # None: the model could not judge the rules' type; the rules' own confidence stands
    label: str = ""  # the model's own label, for a team's taxonomy ("" for ACLED's sub-event types)


class Typer(Protocol):
    """What ``assemble`` asks of a typer: probabilities for its events, then a decision for each."""

    def probabilities(
        self, texts: Sequence[str], rules: Sequence[Typing | None] | None = None
    ) -> list[dict[str, float]]: ...

    def decide(self, rules: Typing, probs: Mapping[str, float]) -> Decision: ...


class LearnedTyper:
    """A loaded model directory. ``LearnedTyper.load(path)``; then ``probabilities`` and ``decide``."""

    def __init__(
        self,
        path: Path,
        estimator: Any,
        *,
        targets: Mapping[str, Target],
        acled: bool,
        threshold: float,
        card: Mapping[str, Any],
        calibration: Any = None,
        rules_seen: Iterable[str] = (),
    ) -> None:
        self.path = path
        self.estimator = estimator
        self.calibration = calibration  # an isotonic map of the final decision's probability to P(right)
        self.labels: tuple[str, ...] = tuple(str(c) for c in estimator.classes_)
        self.rules_seen = frozenset(rules_seen)  # the rules' sub-event types among the training examples
        self._known = frozenset(self.labels) | self.rules_seen
        self._parts = _parts(estimator)
        self.targets = dict(targets)
        self.acled = acled
        self.threshold = threshold
        self.card = dict(card)

    @classmethod
    def load(cls, path: str | Path) -> LearnedTyper:
        """Read a model directory; E085 when it is not one (or is damaged), E086 when it was written
        in a format version this sitrep does not read."""
        root = Path(path)
        card = _json(root, CARD)
        found = card.get("format_version")
        if found not in READS:
            reads = ", ".join(str(v) for v in sorted(READS))
            raise ConfigError(Errors.E086.format(path=root, found=found, reads=reads))
        labels = _json(root, LABELS)
        try:
            import joblib

            weights = joblib.load(root / WEIGHTS)
            estimator, calibration = weights["estimator"], weights.get("calibration")
        except FileNotFoundError as exc:
            raise ConfigError(Errors.E085.format(path=root, detail=f"no {WEIGHTS}")) from exc
        except Exception as exc:  # a damaged or foreign pickle: say so, with the code
            raise ConfigError(Errors.E085.format(path=root, detail=f"cannot read {WEIGHTS} ({exc})")) from exc
        classes = [str(c) for c in getattr(estimator, "classes_", [])]
        if classes != list(labels.get("labels", [])):
            raise ConfigError(Errors.E085.format(path=root, detail=f"{WEIGHTS} and {LABELS} name different labels"))
        targets = {
            name: Target(str(t.get("event_type", "")), str(t.get("sub_event_type", "")))
            for name, t in dict(labels.get("targets", {})).items()
        }
        return cls(
            root,
            estimator,
            targets=targets,
            acled=bool(labels.get("acled", False)),
            threshold=float(card.get("threshold", 0.5)),
            card=card,
            calibration=calibration,
            rules_seen=rules_seen_of(estimator),
        )

    def probabilities(
        self, texts: Sequence[str], rules: Sequence[Typing | None] | None = None
    ) -> list[dict[str, float]]:
        """Each event's probability of each label, from its text and the rules' typing of it
        (``rules``, one per text; None: the rules found no event there)."""
        if not texts:
            return []
        typings = list(rules) if rules is not None else [None] * len(texts)
        return self.row_probabilities([model_row(t, r) for t, r in zip(texts, typings, strict=True)])

    def row_probabilities(self, rows: Sequence[ModelRow]) -> list[dict[str, float]]:
        """``probabilities`` of ready model rows (training measures with these)."""
        if not rows:
            return []
        out = self._fast(rows) if self._parts is not None else self.estimator.predict_proba(list(rows))
        return [{label: float(p) for label, p in zip(self.labels, row, strict=True)} for row in out]

    def _fast(self, rows: Sequence[ModelRow]) -> Any:
        """The pipeline's own ``predict_proba``, its steps called directly and without scikit-learn's
        input checks (the rows are ours): a third of the time for the one event an article
        usually has (tests/train prove the figures equal)."""
        import scipy.sparse as sparse  # type: ignore[import-untyped]  # scipy ships no stubs; sklearn requires it
        from sklearn import config_context

        assert self._parts is not None
        words, chars, onehot, text_weight, rules_weight, model = self._parts
        texts = row_texts(rows)
        with config_context(assume_finite=True, skip_parameter_validation=True):
            features = sparse.hstack(
                [
                    text_weight * words.transform(texts),
                    text_weight * chars.transform(texts),
                    rules_weight * onehot.transform(row_rules(rows)),
                ]
            ).tocsr()
            return model.predict_proba(features)

    def calibrated(self, p: float) -> float:
        """The probability that a decision the model gave ``p`` is right (the final decision's
        calibration, fitted at training); ``p`` itself when the model has none."""
        if self.calibration is None:
            return round(p, 4)
        return round(float(self.calibration.predict([p])[0]), 4)

    def decide(self, rules: Typing, probs: Mapping[str, float]) -> Decision:
        """The event's type given the rules' typing and the model's probabilities.

        The model's top label decides when it maps to an ACLED sub-event type and reaches the
        threshold; a label mapped to an event type alone confirms the rules' sub-event type when
        the rules gave that event type. Otherwise the rules' type stays. ``confidence`` is the
        calibrated probability that the decision is right: for ACLED's sub-event types, that the
        type the event ends up with is; for a team's own labels, that the label is. A rules' type
        the model never saw (as a label or as the rules' decision in training) stands, with the
        rules' own confidence (None here).
        """
        label = max(sorted(probs), key=lambda name: probs[name])
        top = probs[label]
        target = self.targets.get(label, Target())
        own = "" if self.acled else label
        if self.acled and rules.sub_event_type and rules.sub_event_type not in self._known:
            # a type the model was never shown, neither as a label nor as the rules' decision (a
            # model of one country's notes meeting a protest): it cannot judge it, so it stands
            return Decision(rules, "rules", None, own)
        if top >= self.threshold and target.sub_event_type:
            typing = Typing(target.event_type, target.sub_event_type, DECIDED_BY)
            return Decision(typing, "model", self.calibrated(top), own)
        if not self.acled:  # a team's label: the confidence is the label's
            return Decision(rules, "rules", self.calibrated(top), own)
        agreeing = sum(p for name, p in probs.items() if self.targets.get(name, Target()).agrees(rules))
        return Decision(rules, "rules", self.calibrated(min(1.0, agreeing)), own)


def _parts(estimator: Any) -> tuple[Any, Any, Any, float, float, Any] | None:
    """The steps of the pipeline ``train.fit`` builds (word and character TF-IDF, the rules'
    one-hot features and their weights, the classifier); None for a pipeline of another shape."""
    try:
        union = estimator.named_steps["features"]
        parts = dict(union.transformer_list)
        ngrams = dict(parts["text"].named_steps["ngrams"].transformer_list)
        weights = dict(union.transformer_weights or {})
        return (
            ngrams["words"],
            ngrams["chars"],
            parts["rules"].named_steps["onehot"],
            float(weights.get("text", 1.0)),
            float(weights.get("rules", 1.0)),
            estimator.named_steps["model"],
        )
    except (AttributeError, KeyError, TypeError):
        return None


def rules_seen_of(estimator: Any) -> list[str]:
    """The rules' sub-event types the model met in training: its one-hot vocabulary of them."""
    try:
        onehot = dict(estimator.named_steps["features"].transformer_list)["rules"].named_steps["onehot"]
        names = list(onehot.vocabulary_)
    except (AttributeError, KeyError, TypeError):  # a pipeline of another shape: no such features
        return []
    return sorted(n.removeprefix(RULES_SUB) for n in names if n.startswith(RULES_SUB))


def acled_targets(labels: Sequence[str]) -> dict[str, Target] | None:
    """The targets of a label set that is ACLED's own sub-event types; None when it is not."""
    out: dict[str, Target] = {}
    for label in labels:
        parent = event_type_of(label)
        if parent is None:
            return None
        out[label] = Target(str(parent), label)
    return out


def _json(root: Path, name: str) -> dict[str, Any]:
    try:
        data = json.loads((root / name).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        detail = "no such directory" if not root.is_dir() else f"no {name}; is it a directory `sitrep train` wrote?"
        raise ConfigError(Errors.E085.format(path=root, detail=detail)) from exc
    except (OSError, ValueError) as exc:
        raise ConfigError(Errors.E085.format(path=root, detail=f"cannot read {name} ({exc})")) from exc
    if not isinstance(data, dict):
        raise ConfigError(Errors.E085.format(path=root, detail=f"{name} is not a JSON object"))
    return data
