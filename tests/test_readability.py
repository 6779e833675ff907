"""The readability check: any flow's texts scored, the hard ones named with their text."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake_bot.authoring.readability import MAX_GRADE, MIN_EASE, readings
from intake_bot.cli import main
from intake_bot.flow import bundled_flow_path, load_flow

FLOWS = Path(__file__).parent / "flows"


def test_the_shipped_flow_is_within_the_line_in_both_languages():
    scored = readings(load_flow())
    hard = [reading.line() for reading in scored if not reading.ok]
    assert not hard, "\n".join(hard)
    english = [r for r in scored if r.language == "en"]
    spanish = [r for r in scored if r.language == "es"]
    # every question and hint is scored in English; Spanish texts of 8 words or more
    questions = load_flow().questions
    assert sum(
        r.where.endswith(").text") and r.where.startswith("questions") for r in english
    ) == len(questions)
    assert all(r.score >= MIN_EASE for r in spanish)
    assert all(round(r.score, 1) <= MAX_GRADE for r in english)


def test_a_reason_is_scored_as_it_is_read_with_its_placeholders_filled():
    flow = load_flow()
    scored = {r.where + r.language: r for r in readings(flow)}
    scarring = scored["rules (scarring_signs).reasonen"]
    assert "{" not in scarring.text
    # the hardest of its fills (each one and each two of what it can name) counts
    assert scarring.text.startswith("You mentioned ")
    assert " and " in scarring.text.split(". ")[0]
    # {contraindications} reads as triage says it: a sentence per kind, naming its own
    not_suitable = scored["rules (mesotherapy_not_suitable).reasonen"].text
    assert "{" not in not_suitable
    kinds = flow.contraindication_kinds
    assert kinds is not None
    openings = [flow.text(k, "en").split("{list}")[0] for k in (kinds.absolute, kinds.relative)]
    assert any(opening in not_suitable for opening in openings)
    assert " and " in not_suitable


def hard_flow(tmp_path: Path) -> Path:
    text = bundled_flow_path().read_text(encoding="utf-8")
    hard_en = (
        "Answer yes or no. Notwithstanding contemporaneous pharmacological considerations, "
        "hereditary predisposition substantially determines androgenetic alopecia."
    )
    old = '      en: "Answer yes or no. Close family means your parents, brothers, sisters or grandparents."'
    assert text.count(old) == 1
    text = text.replace(old, f'      en: "{hard_en}"')
    old_es = "¿Alguien de tu familia cercana ha tenido el pelo escaso o caída del pelo?"
    text = text.replace(
        old_es, "¿Algún consanguíneo ha manifestado alopecia androgenética hereditaria documentada?"
    )
    path = tmp_path / "hard.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_hard_text_is_named_with_its_place_and_text(tmp_path):
    scored = readings(load_flow(hard_flow(tmp_path)))
    hard = [r for r in scored if not r.ok and r.where.startswith("questions (family_history)")]
    assert [(r.where, r.language) for r in hard] == [
        ("questions (family_history).text", "es"),
        ("questions (family_history).hint", "en"),
    ]
    assert "androgenetic alopecia" in hard[1].line() and "grade" in hard[1].line()
    assert "Fernández-Huerta" in hard[0].line()


def test_check_readability_fails_with_exit_2_naming_the_text(tmp_path, capsys):
    code = main(["check", "--readability", str(hard_flow(tmp_path))])
    out, err = capsys.readouterr()
    assert code == 2
    named = err.count("\n  - ")
    assert f"{named} texts are harder to read than the line" in err
    assert "questions (family_history).hint [en]: grade" in err
    assert "questions (family_history).text [es]: Fernández-Huerta" in err
    assert "readability [en]" in out and "readability [es]" in out


def test_check_readability_passes_on_the_shipped_flow(capsys):
    assert main(["check", "--readability"]) == 0
    assert "0 over the line" in capsys.readouterr().out


@pytest.mark.parametrize("flow_file", [FLOWS / "dental_checkin.yaml"])
def test_a_flow_in_languages_without_a_measure_scores_only_those_it_can(flow_file):
    scored = readings(load_flow(flow_file))
    assert {r.language for r in scored} <= {"en"}
    assert scored
