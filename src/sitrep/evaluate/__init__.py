"""``sitrep eval``: score a coder against a human-coded gold file (ACLED, UCDP GED, GTD, FA-KES, ISAF).

    card = run_eval("acled_afghanistan_2020-03.csv", region=["Southern Asia"], country=["Afghanistan"],
                    json_out="eval.json", out=sys.stdout)

gold.py reads the file into ``GoldRow`` records (text-only articles, gold answer beside them),
score.py aligns the coder's events to the rows and counts, news.py scores whole news articles
(FA-KES, ISAF) on their main event instead, coverage.py tells whether each gold place is in the
gazetteer (the place scores are split by it), predictions.py reads another coder's events and
writes the articles it must code, report.py prints text and JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from sitrep.evaluate.coverage import GazetteerCoverage
from sitrep.evaluate.gold import NEWS, GoldFile, GoldFormat, GoldRow, detect_format, load_gold
from sitrep.evaluate.news import Convention, main_event, score_news
from sitrep.evaluate.predictions import export_articles, load_predictions, prediction_coder
from sitrep.evaluate.report import side_by_side, to_dict, to_json, to_text, write_json
from sitrep.evaluate.score import (
    Coder,
    FieldScore,
    RowResult,
    Scorecard,
    align,
    evaluate,
    filter_rows,
    normalise_actor,
    normalise_place,
    score,
)

__all__ = [
    "Coder",
    "Convention",
    "FieldScore",
    "GazetteerCoverage",
    "GoldFile",
    "GoldFormat",
    "GoldRow",
    "RowResult",
    "Scorecard",
    "align",
    "default_coder",
    "detect_format",
    "evaluate",
    "evaluate_news",
    "export_articles",
    "filter_rows",
    "load_gold",
    "load_predictions",
    "main_event",
    "normalise_actor",
    "normalise_place",
    "prediction_coder",
    "run_eval",
    "score",
    "score_news",
    "side_by_side",
    "to_dict",
    "to_json",
    "to_text",
    "write_json",
]


def default_coder() -> Coder:
    """sitrep's own coder, untriaged (every gold text reports an event; imported on first use)."""
    from sitrep.engine import Engine
    from sitrep.pipeline import Pipeline
    from sitrep.settings import load_settings

    return Engine(Pipeline(load_settings().untriaged())).extract


def run_eval(
    gold: str | Path,
    *,
    code: Coder | None = None,
    limit: int | None = None,
    country: str | Sequence[str] | None = None,
    region: str | Sequence[str] | None = None,
    json_out: str | Path | None = None,
    out: TextIO | None = None,
    gtd_include_attackers: bool = True,
    coverage: bool = True,
    gazetteer: Path | None = None,
    predictions: str | Path | None = None,
    convention: Convention | str | None = None,
    half: str | None = None,
) -> Scorecard:
    """Read ``gold``, filter, code its articles, score; print the text report and write the JSON.

    gold (str | Path): a gold CSV in a format ``detect_format`` knows (else InputError E010).
    code (Coder | None): ``code(articles) -> Iterable[Event]``; default ``default_coder()``.
    limit (int | None): score only the first N rows left after the country/region filters.
    country, region (str | Sequence[str] | None): keep rows in any of these countries OR any of
        these ACLED regions ("Southern Asia"); case ignored.
    json_out (str | Path | None): also write the full JSON dump (every row's result) there.
    out (TextIO | None): where the text report goes; None prints nothing.
    gtd_include_attackers (bool): see ``load_gold``.
    coverage (bool): split the place scores by whether the gold place is in the gazetteer.
    gazetteer (Path | None): the gazetteer for that split; default the one the settings name
        (the bundled file unless overridden), the same the coder uses.
    predictions (str | Path | None): score the events of this JSON Lines file (any coder's, see
        predictions.py) instead of coding; ``code`` is then not used.
    convention (Convention | str | None): ISAF only: how its vague-number gold counts are read
        (news.py); default ``Convention.ISAF``, the gold as given.
    half (str | None): "a" or "b": score only that hash half of the rows (``gold.half_of``), the
        half a model was not trained on (``sitrep train --half``).
    RETURNS (Scorecard): the counts the report was made from.
    """
    gold_file = load_gold(gold, gtd_include_attackers=gtd_include_attackers)
    rows = filter_rows(gold_file.rows, country=country, region=region, limit=limit, half=half)
    if predictions is not None:
        code = prediction_coder(load_predictions(predictions))
    coder = code if code is not None else default_coder()
    filters = {
        "country": _joined(country),
        "region": _joined(region),
        "limit": "" if limit is None else str(limit),
        "predictions": "" if predictions is None else Path(predictions).name,
        "half": half or "",
    }
    if gold_file.format in NEWS:
        reading = Convention(convention or Convention.ISAF)
        card = evaluate_news(rows, coder, convention=reading)
        if gold_file.format is GoldFormat.ISAF:
            filters["convention"] = reading.value
    else:
        known = GazetteerCoverage(gazetteer or _settings_gazetteer()) if coverage else None
        card = evaluate(rows, coder, known=known)
    if gold_file.format is GoldFormat.GTD:
        filters["gtd_include_attackers"] = str(gtd_include_attackers).lower()
    card = replace(
        card,
        gold=Path(gold).name,
        format=gold_file.format.value,
        filters={k: v for k, v in filters.items() if v},
        skipped=gold_file.skipped,
    )
    if out is not None:
        out.write(to_text(card))
    if json_out is not None:
        write_json(card, json_out)
    return card


def evaluate_news(rows: Sequence[GoldRow], code: Coder, *, convention: Convention = Convention.ISAF) -> Scorecard:
    """Code the news rows' articles (each once, in row order) and score each on its main event."""
    articles = list({row.article.id: row.article for row in rows}.values())
    events = list(code(articles)) if articles else []
    return score_news(rows, events, convention=convention)


def _settings_gazetteer() -> Path | None:
    from sitrep.settings import load_settings

    return load_settings().gazetteer_path


def _joined(values: str | Sequence[str] | None) -> str:
    if values is None:
        return ""
    return values if isinstance(values, str) else ", ".join(values)
