"""A learned typer beside the rules: a model trained with ``sitrep train`` types the events the rules found.

The rules still decide *whether* there is an event (a negated, hypothetical or reported act, a
toll over a period, a background paragraph never becomes one) and where, when and who; the model
reads what the event was read from (its clauses and the article's lead, ``extract/lead.py``) and
gives each of its labels a calibrated probability. Its top label sets the event's type when it
maps to an ACLED type and is at least ``threshold`` likely; otherwise the rules' type stays. The
event records which decided (``typed_by``) and, as its ``confidence``, the model's probability
that the type it carries is right.

A model directory (written by ``sitrep.train``):

    card.json     the model card: format version, sitrep version, data hash, rows, date, label
                  counts, held-out metrics, the data's licence as the trainer stated it
    labels.json   the label set, and for a team's own taxonomy the ACLED type each label maps to
    model.joblib  the fitted scikit-learn pipeline (TF-IDF word and character n-grams, a linear
                  model, calibrated): a pickle, so load only models you trust (docs/learning.md)
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    "Target",
]

FORMAT_VERSION = 1
READS = frozenset({FORMAT_VERSION})  # the model-directory format versions this sitrep can load
CARD = "card.json"
LABELS = "labels.json"
WEIGHTS = "model.joblib"
DECIDED_BY = ("model",)


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
    confidence: float
    label: str = ""  # the model's own label, for a team's taxonomy ("" for ACLED's sub-event types)


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
    ) -> None:
        self.path = path
        self.estimator = estimator
        self.labels: tuple[str, ...] = tuple(str(c) for c in estimator.classes_)
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

            estimator = joblib.load(root / WEIGHTS)
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
        )

    def probabilities(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Each text's probability of each label (calibrated on held-out data at training)."""
        if not texts:
            return []
        rows = self.estimator.predict_proba(list(texts))
        return [{label: float(p) for label, p in zip(self.labels, row, strict=True)} for row in rows]

    def decide(self, rules: Typing, probs: Mapping[str, float]) -> Decision:
        """The event's type given the rules' typing and the model's probabilities.

        The model's top label decides when it maps to an ACLED sub-event type and reaches the
        threshold; a label mapped to an event type alone confirms the rules' sub-event type when
        the rules gave that event type. Otherwise the rules' type stays. ``confidence`` is the
        model's probability mass on labels that agree with the type the event ends up with.
        """
        label = max(sorted(probs), key=lambda name: probs[name])
        top = probs[label]
        target = self.targets.get(label, Target())
        own = "" if self.acled else label
        if top >= self.threshold and target.sub_event_type:
            typing = Typing(target.event_type, target.sub_event_type, DECIDED_BY)
            return Decision(typing, "model", round(top, 4), own)
        if not self.targets:  # a label set that maps to nothing in ACLED: it only labels the event
            return Decision(rules, "rules", round(top, 4), own)
        agreeing = sum(p for name, p in probs.items() if self.targets.get(name, Target()).agrees(rules))
        return Decision(rules, "rules", round(min(1.0, agreeing), 4), own)


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
