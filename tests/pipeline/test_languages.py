"""Articles in languages sitrep cannot read: identified offline, one coded warning naming the
language (W008), stored as not coded and counted, never coded into noise or silently dropped."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sitrep.store import Store

ENGLISH = "Gunmen killed three policemen at a checkpoint in Quetta on Monday, officials said."
FRENCH = "Des hommes armés ont tué trois policiers à un poste de contrôle à Quetta lundi, selon les autorités locales."
URDU = "کوئٹہ میں پیر کے روز ایک چیک پوسٹ پر مسلح افراد نے تین پولیس اہلکاروں کو ہلاک کر دیا، حکام نے بتایا۔"


def _corpus(path: Path) -> Path:
    stories = {"l-en": ENGLISH, "l-fr": FRENCH, "l-ur": URDU, "l-short": "Quetta: 3 killed"}
    path.write_text(
        "".join(json.dumps({"id": k, "published": "2026-03-02", "text": v}) + "\n" for k, v in stories.items()),
        encoding="utf-8",
    )
    return path


def _sitrep(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sitrep", *args], capture_output=True, text=True, timeout=300)


def test_extract_names_each_language_it_cannot_read_and_codes_the_english(tmp_path: Path) -> None:
    done = _sitrep("extract", str(_corpus(tmp_path / "in.jsonl")), "--verbose")
    assert done.returncode == 0, done.stderr
    ids = {a for line in done.stdout.splitlines() for a in json.loads(line)["article_ids"]}
    assert "l-en" in ids and not ids & {"l-fr", "l-ur"}
    assert "l-fr: [W008] article 'l-fr': written in French (fr)" in done.stderr
    assert "l-ur: [W008] article 'l-ur': written in Urdu (ur)" in done.stderr
    assert "W008 x2" in done.stderr  # a text too short to tell is coded as usual, not called foreign


def test_ingest_stores_them_as_not_coded_and_counts_them_on_both_back_ends(store_url: str, tmp_path: Path) -> None:
    done = _sitrep("ingest", str(_corpus(tmp_path / "in.jsonl")), "--db", store_url)
    assert done.returncode == 0, done.stderr
    assert "4 article(s) read, 4 new" in done.stderr and "W008 x2" in done.stderr
    with Store(store_url) as store:
        french, urdu = store.article("l-fr"), store.article("l-ur")
        assert french is not None and french.language == "fr"
        assert urdu is not None and urdu.language == "ur"
        coded = {a for e in store.events() for a in e.article_ids}
    assert "l-en" in coded and not coded & {"l-fr", "l-ur"}


def test_plainly_english_text_needs_no_identifier_and_other_languages_do() -> None:
    from sitrep.ingest.language import plainly_english, unreadable_language

    english = (
        "The governor said on Monday that the curfew in the old city had been lifted after three days, "
        "and that the schools which were closed by the unrest would reopen from the start of next week."
    )
    french = (
        "Le gouverneur a déclaré lundi que le couvre-feu dans la vieille ville avait été levé après trois "
        "jours, et que les écoles fermées par les troubles rouvriraient dès le début de la semaine prochaine."
    )
    spanish = (
        "El gobernador dijo el lunes que el toque de queda en la ciudad vieja se había levantado después de "
        "tres días, y que las escuelas cerradas por los disturbios volverían a abrir la próxima semana."
    )
    german = (
        "Der Gouverneur sagte am Montag, die Ausgangssperre in der Altstadt sei nach drei Tagen aufgehoben "
        "worden, und die wegen der Unruhen geschlossenen Schulen würden ab nächster Woche wieder öffnen."
    )
    assert plainly_english(english) and unreadable_language(english) is None
    for text, code in ((french, "fr"), (spanish, "es"), (german, "de")):
        assert not plainly_english(text)
        assert unreadable_language(text) == code  # the identifier decides, as before
    assert not plainly_english(ENGLISH[:40])  # too few words to judge: the identifier's call
