"""The program's own words (the catalog) are held to the same reading line as the flow."""

from __future__ import annotations

from intake_bot.authoring.readability import MAX_GRADE, MIN_EASE, catalog_readings, summary
from intake_bot.catalog import WORDS


def test_every_catalog_text_a_person_reads_is_within_the_line():
    scored = catalog_readings()
    hard = [reading.line() for reading in scored if not reading.ok]
    assert not hard, "\n".join(hard)
    assert all(round(r.score, 1) <= MAX_GRADE for r in scored if r.language == "en")
    assert all(round(r.score, 1) >= MIN_EASE for r in scored if r.language == "es")


def test_what_a_person_reads_is_scored_in_both_languages():
    places = {(r.where, r.language) for r in catalog_readings()}
    for key in ("help_text", "not_understood", "too_long", "not_saved", "wipe_in"):
        assert (f"catalog ({key})", "en") in places
        assert (f"catalog ({key})", "es") in places
    assert ("catalog (review_help)", "en") in places
    assert ("catalog (accepts_multi)", "es") in places


def test_buttons_short_texts_and_messages_to_a_program_are_not_scored():
    scored = catalog_readings()
    places = {r.where for r in scored}
    # English buttons and titles, Spanish texts under eight words
    assert "catalog (see_result)" not in places
    assert "catalog (still_here)" not in places
    assert "catalog (key_change)" not in places
    assert ("catalog (ticket_help)", "es") not in {(r.where, r.language) for r in scored}
    # the headless engine's errors quote question ids for the program that sent them
    assert "catalog (missing_answer)" not in places
    assert "catalog (not_asked)" not in places


def test_a_text_is_scored_as_read_with_its_placeholders_filled():
    scored = {(r.where, r.language): r for r in catalog_readings()}
    for reading in scored.values():
        assert "{" not in reading.text
    # {accepts} reads as one of the catalog's own "you can type..." texts
    not_understood = scored[("catalog (not_understood)", "es")].text
    assert not_understood.startswith("Perdona, no lo he entendido bien. ")
    assert "{accepts}" in WORDS["es"]["not_understood"]
    assert not_understood != WORDS["es"]["not_understood"]


def test_a_hard_catalog_text_is_named_with_its_key_and_text(monkeypatch):
    hard_es = "Selecciona la contestación correspondiente para modificarla posteriormente si lo consideras conveniente."
    monkeypatch.setitem(WORDS["es"], "review_help", hard_es)
    hard_en = (
        "Notwithstanding considerations, identification necessitates comprehensive evaluation."
    )
    monkeypatch.setitem(WORDS["en"], "review_help", hard_en)
    hard = [r for r in catalog_readings() if not r.ok]
    assert [(r.where, r.language) for r in hard] == [
        ("catalog (review_help)", "en"),
        ("catalog (review_help)", "es"),
    ]
    assert hard[1].line().startswith("catalog (review_help) [es]: Fernández-Huerta ")
    assert hard_es in hard[1].line()
    assert "1 over the line" in " ".join(summary(hard))
