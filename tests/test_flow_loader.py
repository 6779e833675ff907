"""Loading a flow file: every mistake is one clear FlowError naming file, place and line.

Most bad flows are the valid ``BASE`` below with one thing changed (``variant``), so
each test shows exactly the mistake it is about.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_bot.flow import FlowError, Problem, bundled_flow_path, load_flow, parse_flow
from intake_bot.flow import loader as flow_loader
from intake_bot.flow.conditions import compile_condition
from intake_bot.flow.model import flow_to_data

FLOWS = Path(__file__).parent / "flows"

BASE = """\
id: base
version: 1
languages: [en, fr]
title: {en: Check-in, fr: Accueil}
welcome: {en: Welcome, fr: Bienvenue}
consent:
  kiosk: {en: "Continue?", fr: "Continuer ?"}
  self: {en: "Go on?", fr: "On continue ?"}
  staff: {en: "Start?", fr: "On commence ?"}
disclaimer: {en: Not a diagnosis, fr: Pas un diagnostic}
yes_no: {yes: {en: "Yes", fr: Oui}, no: {en: "No", fr: Non}}
conditions:
  in_pain: {q: reason, eq: pain}
questions:
  - id: age
    type: number
    min: 1
    max: 110
    text: {en: "Age?", fr: "Âge ?"}
  - id: reason
    type: choice
    text: {en: "Why?", fr: "Pourquoi ?"}
    options:
      - {value: checkup, text: {en: Check-up, fr: Contrôle}}
      - {value: pain, text: {en: Pain, fr: Douleur}}
  - id: swelling
    type: yes_no
    text: {en: "Swollen?", fr: "Enflé ?"}
    ask_if: {ref: in_pain}
  - id: history
    type: multi
    text: {en: "Any of these?", fr: "L'un de ceux-ci ?"}
    options:
      - {value: diabetes, text: {en: Diabetes, fr: Diabète}}
      - {value: none, text: {en: None of these, fr: Aucun}, exclusive: true}
  - id: notes
    type: text
    max_length: 100
    text: {en: "Anything else?", fr: "Autre chose ?"}
    ask_if: {q: age, between: [18, 110]}
outcomes:
  - {id: routine, severity: 0, title: {en: Routine, fr: Routine}, text: {en: Sit, fr: Asseyez-vous}}
  - {id: urgent, severity: 2, title: {en: Urgent, fr: Urgent}, text: {en: Tell us, fr: Dites-le}}
default_outcome: routine
contraindications:
  - id: diabetic
    when: {q: history, has: [diabetes]}
    text: {en: you have diabetes, fr: vous êtes diabétique}
rules:
  - id: swollen
    when: {q: swelling, eq: yes}
    outcome: urgent
    reason: {en: Swelling, fr: Gonflement}
  - id: careful
    when: {all: [{outcome_matched: urgent}, {contraindicated: true}]}
    outcome: urgent
    reason: {en: "Careful: {contraindications}", fr: "Attention : {contraindications}"}
"""


# -- helpers ----------------------------------------------------------------------------


def variant(old: str, new: str, base: str = BASE) -> str:
    """``base`` with its one occurrence of ``old`` replaced by ``new``."""
    assert base.count(old) == 1, f"{old!r} must occur once in the base flow"
    return base.replace(old, new)


def line_of(text: str, fragment: str) -> int:
    """The 1-based line on which ``fragment`` (occurring once) starts."""
    assert text.count(fragment) == 1, f"{fragment!r} must occur once"
    return text[: text.index(fragment)].count("\n") + 1


def write(tmp_path: Path, text: str | bytes, name: str = "flow.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str | bytes) -> tuple[FlowError, Path]:
    path = write(tmp_path, text)
    with pytest.raises(FlowError) as caught:
        load_flow(path)
    return caught.value, path


def expect(
    tmp_path: Path,
    text: str | bytes,
    where: str,
    message: str,
    line: int | None,
    only: bool = True,
) -> FlowError:
    """Loading ``text`` fails with a problem at ``where`` (and ``line``) saying ``message``;
    the error's text names the file, the line and the place."""
    error, path = error_of(tmp_path, text)
    shown = str(error)
    assert str(path) in shown.splitlines()[0]
    matching = [p for p in error.problems if p.where == where and message in p.message]
    assert matching, f"no problem at {where!r} saying {message!r} in:\n{shown}"
    assert matching[0].line == line, shown
    at = f"line {line}: " if line is not None else ""
    assert f"  - {at}{where + ': ' if where else ''}{matching[0].message}" in shown
    if only:
        assert len(error.problems) == 1, shown
    return error


# -- the valid flows --------------------------------------------------------------------


def test_base_flow_loads():
    flow = parse_flow(BASE, "base.yaml")
    assert [q.id for q in flow.questions] == ["age", "reason", "swelling", "history", "notes"]


def test_dental_checkin_flow_loads_and_uses_every_feature():
    flow = load_flow(FLOWS / "dental_checkin.yaml")
    assert flow.id == "dental_checkin"
    assert {q.type for q in flow.questions} == {"choice", "multi", "yes_no", "number", "text"}
    assert len({o.severity for o in flow.outcomes}) == len(flow.outcomes) == 3
    assert flow.default_outcome == "routine"
    assert len(flow.rules) >= 3 and len(flow.contraindications) == 1
    operators = {op for q in flow.questions if q.ask_if for op in q.ask_if.operators()}
    assert {"between", "in", "has"} <= operators
    multi = next(q for q in flow.questions if q.type == "multi")
    assert any(o.exclusive and o.value == "none" for o in multi.options)


def test_unquoted_yes_and_no_stay_texts(tmp_path):
    text = variant("      - {value: pain,", "      - {value: no,")
    text = variant("{q: reason, eq: pain}", "{q: reason, eq: no}", text)
    flow = load_flow(write(tmp_path, text))
    rule = flow.rules[0].when
    assert rule.eq == "yes" and isinstance(rule.eq, str)
    assert flow.conditions["in_pain"].eq == "no"
    assert flow.questions[1].options[1].value == "no"
    swollen = compile_condition(rule, flow.conditions)
    assert swollen({"swelling": "yes"}, None) is True
    assert swollen({"swelling": "no"}, None) is False


def test_a_utf8_bom_is_fine(tmp_path):
    flow = load_flow(write(tmp_path, "\ufeff".encode() + BASE.encode()))
    assert flow.id == "base"


# -- reading the file -------------------------------------------------------------------


def test_file_not_found(tmp_path):
    path = tmp_path / "missing.yaml"
    with pytest.raises(FlowError) as caught:
        load_flow(path)
    assert str(caught.value) == f"{path}: 1 problem in this flow file\n  - no such file"


def test_a_folder_is_not_a_flow(tmp_path):
    with pytest.raises(FlowError, match="this is a folder, not a flow file"):
        load_flow(tmp_path)


def test_not_a_regular_file(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(FlowError, match="this is not a regular file"):
        load_flow(fifo)  # would block if it were opened


def test_a_huge_file_is_not_read(tmp_path):
    path = write(tmp_path, "# padding\n" * 600_000)
    with pytest.raises(FlowError, match="larger than 5 MB"):
        load_flow(path)


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_file(tmp_path, text):
    expect(tmp_path, text, "", "the file is empty", None)


@pytest.mark.parametrize(
    ("text", "what"),
    [("- id: base\n- version: 1\n", "not a list"), ("just words\n", "not the text 'just words'")],
)
def test_top_level_must_be_a_mapping(tmp_path, text, what):
    error = expect(tmp_path, text, "", "a flow file must be a mapping of fields", 1)
    assert what in error.problems[0].message


def test_binary_junk(tmp_path):
    expect(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "", "binary file", 3)


def test_not_utf8(tmp_path):
    text = variant("fr: Bienvenue", "fr: Bienvenue \xe0 vous").encode("latin-1")
    expect(tmp_path, text, "", "not UTF-8 text: byte 0xe0", line_of(BASE, "welcome:"))


def test_control_character_in_text():
    with pytest.raises(FlowError) as caught:
        parse_flow(variant("id: base", "id: base\x07"), "f.yaml")
    problem = caught.value.problems[0]
    assert "U+0007 is not allowed" in problem.message and problem.line == 1


# -- YAML ------------------------------------------------------------------------------


def test_yaml_syntax_error_has_its_line(tmp_path):
    text = variant("    type: choice\n", "     type: choice\n")
    expect(tmp_path, text, "", "YAML syntax: mapping values are not allowed here", 21)


def test_unclosed_bracket_names_where_it_started(tmp_path):
    text = variant("title: {en: Check-in, fr: Accueil}", "title: {en: Check-in, fr: Accueil")
    error = expect(tmp_path, text, "", "YAML syntax: expected ',' or '}'", 5)
    assert "started on line 4" in error.problems[0].message


def test_two_documents(tmp_path):
    text = BASE + "---\nid: other\n"
    expect(tmp_path, text, "", "expected a single document", line_of(text, "---"))


def test_duplicate_key_at_top(tmp_path):
    text = variant("version: 1\n", "version: 1\nversion: 2\n")
    expect(tmp_path, text, "", "key 'version' appears twice (first on line 2)", 3)


def test_duplicate_key_in_a_question(tmp_path):
    text = variant("    max_length: 100\n", "    max_length: 100\n    max_length: 50\n")
    line = line_of(text, "max_length: 50")
    expect(tmp_path, text, "questions[4] (notes)", "key 'max_length' appears twice", line)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("version: 1", "version: &v 1", "anchors (&v) are not allowed"),
        ("default_outcome: routine", "default_outcome: *routine", "aliases (*routine)"),
        ("version: 1", "version: !!int 1", "tags (!!int) are not allowed"),
        ("version: 1", "version: !!python/object/apply:os.system [ls]", "tags (!!python/"),
        ("version: 1", "<<: {version: 1}", "merge keys (<<) are not allowed"),
        ("version: 1", "? [version]\n: 1", "a key must be a plain word"),
    ],
    ids=["anchor", "alias", "tag", "python-tag", "merge-key", "list-as-key"],
)
def test_plain_yaml_only(tmp_path, old, new, message):
    text = variant(old, new)
    expect(tmp_path, text, "", message, line_of(text, new.split("\n")[0]))


def test_alias_bomb_is_refused_at_once(tmp_path):
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(f'*{prev}' for _ in range(9))}]")
    expect(tmp_path, "\n".join(lines) + "\n", "", "anchors (&a) are not allowed", 1)


def test_recursive_alias_is_refused(tmp_path):
    expect(tmp_path, "a: &a [*a]\n", "", "anchors (&a) are not allowed", 1)


def test_deep_nesting_is_refused(tmp_path):
    text = "id: " + "[" * 5000 + "]" * 5000 + "\n"
    expect(tmp_path, text, "", "nest more than 40 levels deep", 1)


# -- the schema ------------------------------------------------------------------------


def test_unknown_field(tmp_path):
    text = variant("    max_length: 100\n", "    max_length: 100\n    colour: red\n")
    expect(
        tmp_path, text, "questions[4] (notes)", "unknown field 'colour'", line_of(text, "colour")
    )


def test_unknown_field_suggests_the_right_one(tmp_path):
    text = variant("  - id: notes\n    type: text", "  - id: notes\n    typ: text")
    error, _ = error_of(tmp_path, text)
    messages = [p.message for p in error.problems if p.where == "questions[4] (notes)"]
    assert "unknown field 'typ' (did you mean 'type'?)" in messages
    assert "missing field 'type'" in messages


def test_missing_required_field(tmp_path):
    text = variant("    type: number\n", "")
    expect(tmp_path, text, "questions[0] (age)", "missing field 'type'", line_of(text, "- id: age"))


def test_missing_top_field(tmp_path):
    text = variant("default_outcome: routine\n", "")
    expect(tmp_path, text, "", "missing field 'default_outcome'", 1)


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        (
            "ask_if: {ref: in_pain}",
            "ask_if: [ref, in_pain]",
            "questions[2] (swelling).ask_if",
            "expected a mapping (key: value, ...), got a list",
        ),
        (
            "      - {value: checkup, text: {en: Check-up, fr: Contrôle}}",
            "      - checkup",
            "questions[1] (reason).options[0]",
            "expected a mapping (key: value, ...), got the text 'checkup'",
        ),
        (
            "  in_pain: {q: reason, eq: pain}",
            "  - in_pain: {q: reason, eq: pain}",
            "conditions",
            "expected a mapping (key: value, ...), got a list",
        ),
        (
            'yes_no: {yes: {en: "Yes", fr: Oui}, no: {en: "No", fr: Non}}',
            "yes_no: [yes, no]",
            "yes_no",
            "expected a mapping (key: value, ...), got a list",
        ),
        ("languages: [en, fr]", "languages: en", "languages", "expected a list, got the text 'en'"),
        (
            "title: {en: Check-in, fr: Accueil}",
            "title: {en: 42, fr: Accueil}",
            "title.en",
            "expected a text, got the number 42 (put it in quotes)",
        ),
        (
            "title: {en: Check-in, fr: Accueil}",
            "title: {en: , fr: Accueil}",
            "title.en",
            "expected a text, got nothing (an empty value)",
        ),
        (
            "title: {en: Check-in, fr: Accueil}",
            "title: {en: '', fr: Accueil}",
            "title.en",
            "must not be empty",
        ),
        (
            "severity: 2",
            "severity: high",
            "outcomes[1] (urgent).severity",
            "expected a whole number, got the text 'high'",
        ),
        ("severity: 2", "severity: -1", "outcomes[1] (urgent).severity", "must be at least 0"),
        (
            "{q: swelling, eq: yes}",
            "{q: swelling, eq: [yes]}",
            "rules[0] (swollen).when.eq",
            "expected a text, a number or true or false, got a list",
        ),
        (
            "type: yes_no",
            "type: yesno",
            "questions[2] (swelling).type",
            "must be one of 'choice', 'multi', 'yes_no', 'number' or 'text', got the text 'yesno'",
        ),
        ("id: base", "id: Base", "id", "'Base' is not a valid id"),
        ("languages: [en, fr]", "languages: [en, FR]", "languages[1]", "'FR' is not a language"),
        ("between: [18, 110]", "between: [18]", "questions[4] (notes).ask_if.between", "two"),
        (
            "rules:\n",
            "rules:\n  - 7\n",
            "rules[0]",
            "expected a mapping (key: value, ...), got the number 7",
        ),
    ],
    ids=[
        "list-for-condition",
        "text-for-option",
        "list-for-conditions",
        "list-for-yes_no",
        "text-for-list",
        "number-for-text",
        "empty-for-text",
        "empty-text",
        "text-for-number",
        "negative-severity",
        "list-for-eq",
        "unknown-type",
        "bad-id",
        "bad-language",
        "between-one-number",
        "number-for-rule",
    ],
)
def test_wrong_shapes(tmp_path, old, new, where, message):
    text = variant(old, new)
    marker = new.strip().splitlines()[-1]
    if where == "conditions":  # a wrong value is shown on the line of its key
        marker = "conditions:"
    expect(tmp_path, text, where, message, line_of(text, marker))


def test_a_condition_with_two_operators(tmp_path):
    text = variant("{q: reason, eq: pain}", "{q: reason, eq: pain, in: [pain]}")
    expect(
        tmp_path,
        text,
        "conditions.in_pain",
        "needs exactly one operator (eq, in, has, has_other_than, between, answered); found eq, in",
        line_of(text, "in_pain:"),
    )


def test_a_choice_question_with_one_option(tmp_path):
    text = variant("      - {value: checkup, text: {en: Check-up, fr: Contrôle}}\n", "")
    where, message = "questions[1] (reason)", "a choice question needs at least two options"
    expect(tmp_path, text, where, message, line_of(text, "- id: reason"))


def test_a_number_question_without_min_and_max(tmp_path):
    text = variant("    min: 1\n    max: 110\n", "")
    where, message = "questions[0] (age)", "a number question needs min and max"
    expect(tmp_path, text, where, message, line_of(text, "- id: age"))


def test_duplicate_option_values(tmp_path):
    text = variant("      - {value: none,", "      - {value: diabetes,")
    where, message = "questions[3] (history)", "option value 'diabetes' appears more than once"
    expect(tmp_path, text, where, message, line_of(text, "- id: history"))


# -- cross-references and order ----------------------------------------------------------


def test_unknown_question_in_a_condition(tmp_path):
    text = variant("{q: reason, eq: pain}", "{q: raeson, eq: pain}")
    message = "unknown question 'raeson' (did you mean 'reason'?)"
    expect(tmp_path, text, "conditions.in_pain", message, line_of(text, "raeson"))


def test_option_value_that_does_not_exist(tmp_path):
    text = variant("{q: reason, eq: pain}", "{q: reason, eq: ache}")
    message = "eq: 'ache' is not an option of 'reason' (options: checkup, pain)"
    expect(tmp_path, text, "conditions.in_pain", message, line_of(text, "ache"))


def test_option_value_that_does_not_exist_in_a_nested_condition(tmp_path):
    text = variant(
        "    ask_if: {ref: in_pain}",
        "    ask_if:\n      all:\n        - {ref: in_pain}\n        - {q: reason, in: [pain, ache]}",
    )
    message = "in: 'ache' is not an option of 'reason'"
    line = line_of(text, "{q: reason, in")
    expect(tmp_path, text, "questions[2] (swelling).ask_if.all[1]", message, line)


@pytest.mark.parametrize(
    ("condition", "operator", "kind"),
    [
        ("{q: reason, has: [pain]}", "has", "choice"),
        ("{q: reason, between: [1, 2]}", "between", "choice"),
        ("{q: age, has: [pain]}", "has", "number"),
    ],
)
def test_operator_that_does_not_fit_the_question(tmp_path, condition, operator, kind):
    text = variant("{q: reason, eq: pain}", condition)
    message = f"operator {operator!r} does not fit {kind} question"
    expect(tmp_path, text, "conditions.in_pain", message, line_of(text, condition))


def test_eq_on_a_multi_question(tmp_path):
    text = variant("{q: history, has: [diabetes]}", "{q: history, eq: diabetes}")
    message = (
        "operator 'eq' does not fit multi question 'history' (use answered, has, has_other_than)"
    )
    expect(tmp_path, text, "contraindications[0] (diabetic).when", message, line_of(text, "eq: di"))


def test_number_condition_with_a_text(tmp_path):
    text = variant("{q: age, between: [18, 110]}", "{q: age, eq: adult}")
    message = "eq: 'adult' is not a number (question 'age' is a number)"
    expect(tmp_path, text, "questions[4] (notes).ask_if", message, line_of(text, "adult"))


def test_number_condition_with_a_text_bound(tmp_path):
    text = variant("between: [18, 110]", "between: [adult, 110]")
    where, message = "questions[4] (notes).ask_if.between[0]", "expected a number, got the text"
    expect(tmp_path, text, where, message, line_of(text, "adult"))


def test_number_condition_outside_the_range_is_never_true(tmp_path):
    text = variant("between: [18, 110]", "between: [120, 130]")
    message = "between [120, 130] is outside 'age''s range 1..110, so this is never true"
    expect(tmp_path, text, "questions[4] (notes).ask_if", message, line_of(text, "[120"))


def test_not_a_number_is_refused(tmp_path):
    text = variant("between: [18, 110]", "between: [18, .inf]")
    message = "inf is not a usable number"
    expect(tmp_path, text, "questions[4] (notes).ask_if", message, line_of(text, ".inf"))


def test_duplicate_question_ids(tmp_path):
    text = variant("  - id: notes", "  - id: history")
    message = "duplicate id 'history' (first used at questions[3])"
    line = line_of(text, "id: history\n    type: text")
    expect(tmp_path, text, "questions[4] (history).id", message, line, only=False)


def test_duplicate_rule_ids(tmp_path):
    text = variant("  - id: careful", "  - id: swollen")
    message = "duplicate id 'swollen' (first used at rules[0])"
    expect(
        tmp_path,
        text,
        "rules[1] (swollen).id",
        message,
        line_of(text, "id: swollen\n    when: {all"),
    )


def test_text_missing_for_a_declared_language(tmp_path):
    text = variant('text: {en: "Why?", fr: "Pourquoi ?"}', 'text: {en: "Why?"}')
    message = "missing the 'fr' text (the flow's languages: en, fr)"
    expect(tmp_path, text, "questions[1] (reason).text", message, line_of(text, '"Why?"}'))


def test_text_in_an_undeclared_language(tmp_path):
    text = variant('fr: "Pourquoi ?"}', 'fr: "Pourquoi ?", de: "Warum?"}')
    message = "text in 'de', which is not among the flow's languages (en, fr)"
    expect(tmp_path, text, "questions[1] (reason).text.de", message, line_of(text, "Warum"))


def test_synonyms_in_an_undeclared_language(tmp_path):
    text = variant("fr: Douleur}}", "fr: Douleur}, synonyms: {es: [dolor]}}")
    where = "questions[1] (reason).options[1].synonyms.es"
    expect(tmp_path, text, where, "synonyms in 'es'", line_of(text, "dolor"))


def test_rule_naming_an_unknown_outcome(tmp_path):
    text = variant(
        "    outcome: urgent\n    reason: {en: Swelling",
        "    outcome: urgnet\n    reason: {en: Swelling",
    )
    message = "unknown outcome 'urgnet' (did you mean 'urgent'?)"
    expect(tmp_path, text, "rules[0] (swollen).outcome", message, line_of(text, "urgnet"), False)


def test_unknown_default_outcome(tmp_path):
    text = variant("default_outcome: routine", "default_outcome: normal")
    message = "unknown outcome 'normal' (known: routine, urgent)"
    expect(tmp_path, text, "default_outcome", message, line_of(text, "normal"))


def test_ask_if_reading_a_later_question(tmp_path):
    text = variant("ask_if: {ref: in_pain}", "ask_if: {q: history, answered: true}")
    message = "the ask_if of 'swelling' reads 'history', which is asked later"
    line = line_of(text, "history, answered")
    expect(tmp_path, text, "questions[2] (swelling).ask_if", message, line)


def test_ask_if_reading_a_later_question_through_a_ref(tmp_path):
    text = variant("{q: reason, eq: pain}", "{q: notes, answered: true}")
    message = "the ask_if of 'swelling' reads 'notes', which is asked later"
    expect(
        tmp_path, text, "questions[2] (swelling).ask_if", message, line_of(text, "{ref: in_pain}")
    )


def test_ask_if_reading_itself(tmp_path):
    text = variant("ask_if: {ref: in_pain}", "ask_if: {q: swelling, answered: true}")
    message = "the ask_if of 'swelling' reads itself"
    expect(
        tmp_path, text, "questions[2] (swelling).ask_if", message, line_of(text, "swelling, ans")
    )


def test_unknown_ref(tmp_path):
    text = variant("{ref: in_pain}", "{ref: in_pian}")
    message = "ref: unknown condition 'in_pian' (did you mean 'in_pain'?)"
    expect(tmp_path, text, "questions[2] (swelling).ask_if", message, line_of(text, "in_pian"))


def test_ref_cycle(tmp_path):
    text = variant(
        "  in_pain: {q: reason, eq: pain}\n",
        "  in_pain: {q: reason, eq: pain}\n  loop_a: {ref: loop_b}\n  loop_b: {not: {ref: loop_a}}\n",
    )
    error = expect(
        tmp_path,
        text,
        "conditions.loop_a",
        "condition 'loop_a' refers back to itself through ref",
        line_of(text, "loop_a:"),
        only=False,
    )
    assert [p.where for p in error.problems] == ["conditions.loop_a", "conditions.loop_b"]


def test_ref_to_itself(tmp_path):
    text = variant("{q: reason, eq: pain}", "{any: [{q: reason, eq: pain}, {ref: in_pain}]}")
    message = "condition 'in_pain' refers back to itself through ref"
    expect(tmp_path, text, "conditions.in_pain", message, line_of(text, "in_pain:"))


def test_outcome_matched_in_an_ask_if(tmp_path):
    text = variant("ask_if: {ref: in_pain}", "ask_if: {outcome_matched: urgent}")
    message = "outcome_matched and contraindicated can only be used in rules"
    expect(
        tmp_path,
        text,
        "questions[2] (swelling).ask_if",
        message,
        line_of(text, "ask_if: {outcome_matched"),
    )


def test_outcome_matched_that_no_earlier_rule_gives(tmp_path):
    text = variant("{outcome_matched: urgent}", "{outcome_matched: routine}")
    where = "rules[1] (careful).when.all[0]"
    message = "outcome_matched 'routine': no rule before this one gives that outcome"
    expect(tmp_path, text, where, message, line_of(text, "outcome_matched: routine"))


def test_outcome_matched_naming_an_unknown_outcome(tmp_path):
    text = variant("{outcome_matched: urgent}", "{outcome_matched: urgnt}")
    where = "rules[1] (careful).when.all[0]"
    message = "outcome_matched: unknown outcome 'urgnt' (did you mean 'urgent'?)"
    expect(tmp_path, text, where, message, line_of(text, "urgnt"))


def test_contraindications_placeholder_needs_a_contraindicated_test(tmp_path):
    text = variant(
        "{all: [{outcome_matched: urgent}, {contraindicated: true}]}", "{outcome_matched: urgent}"
    )
    where = "rules[1] (careful).reason"
    message = "{contraindications} is used but the rule does not test contraindicated"
    expect(tmp_path, text, where, message, line_of(text, 'reason: {en: "Careful'))


def test_two_outcomes_with_the_same_severity(tmp_path):
    text = variant("severity: 2", "severity: 0")
    message = "severity 0 is also 'routine''s: each outcome needs its own severity"
    expect(tmp_path, text, "outcomes[1] (urgent).severity", message, line_of(text, "id: urgent"))


def test_yes_no_question_without_the_yes_no_texts(tmp_path):
    text = variant('yes_no: {yes: {en: "Yes", fr: Oui}, no: {en: "No", fr: Non}}\n', "")
    message = "a yes_no question needs the flow's yes_no texts"
    expect(tmp_path, text, "questions[2] (swelling).type", message, line_of(text, "type: yes_no"))


# -- several problems at once ------------------------------------------------------------


def test_every_problem_is_reported_at_once_sorted_by_line(tmp_path):
    text = variant("default_outcome: routine", "default_outcome: normal")
    text = variant("  - id: careful", "  - id: swollen", text)
    text = variant("{q: reason, eq: pain}", "{q: raeson, eq: pain}", text)
    text = variant('fr: "Pourquoi ?"}', 'fr: "Pourquoi ?", de: "Warum?"}', text)
    error, path = error_of(tmp_path, text)
    assert [p.where for p in error.problems] == [
        "conditions.in_pain",
        "questions[1] (reason).text.de",
        "default_outcome",
        "rules[1] (swollen).id",
    ]
    lines = [p.line for p in error.problems]
    assert lines == sorted(lines) and None not in lines
    shown = str(error).splitlines()
    assert shown[0] == f"{path}: 4 problems in this flow file"
    assert [int(s.split("line ")[1].split(":")[0]) for s in shown[1:]] == lines


def test_schema_problems_are_reported_at_once_with_duplicate_keys(tmp_path):
    text = variant("severity: 2", "severity: high")
    text = variant("version: 1\n", "version: 1\nversion: 1\n", text)
    text = variant("    max_length: 100\n", "    max_length: 100\n    colour: red\n", text)
    error, _ = error_of(tmp_path, text)
    assert [(p.where, p.message.split(" (")[0]) for p in error.problems] == [
        ("", "key 'version' appears twice"),
        ("questions[4] (notes)", "unknown field 'colour'"),
        ("outcomes[1] (urgent).severity", "expected a whole number, got the text 'high'"),
    ]


def test_problems_without_a_line_come_first():
    error = FlowError(
        "f.yaml",
        [
            Problem("b", "late", 9),
            Problem("", "whole file"),
            Problem("a", "early", 2),
            Problem("c", "same", 9),
        ],
    )
    assert [p.message for p in error.problems] == ["whole file", "early", "late", "same"]
    assert str(error).splitlines() == [
        "f.yaml: 4 problems in this flow file",
        "  - whole file",
        "  - line 2: a: early",
        "  - line 9: b: late",
        "  - line 9: c: same",
    ]


# -- files kept as examples of bad flows ---------------------------------------------------


@pytest.mark.parametrize("path", sorted((FLOWS / "bad").glob("*.yaml")), ids=lambda p: p.stem)
def test_bad_flow_files(path):
    """Each file's first line says what its error must contain: ``# expect: ...``."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: ")
    with pytest.raises(FlowError) as caught:
        load_flow(path)
    shown = str(caught.value)
    assert shown.startswith(f"{path}: ")
    for wanted in first.removeprefix("# expect: ").split(" | "):
        assert wanted in shown


# -- no input gives anything but a FlowError ----------------------------------------------


_BASE_LINES = BASE.splitlines(keepends=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(_BASE_LINES) - 1),
            st.sampled_from(["drop", "double", "indent", "dedent", "cut", "junk"]),
            st.sampled_from(["[", "]", "{", "}", ":", "- ", "&a ", "*a", "!!x ", "\t", "'", "7"]),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_a_mangled_flow_loads_or_raises_flow_error(edits):
    lines = list(_BASE_LINES)
    for index, how, junk in edits:
        index %= len(lines)
        line = lines[index]
        if how == "drop":
            del lines[index]
        elif how == "double":
            lines.insert(index, line)
        elif how == "indent":
            lines[index] = "  " + line
        elif how == "dedent":
            lines[index] = line[2:]
        elif how == "cut":
            lines[index] = line[: len(line) // 2] + "\n"
        else:
            middle = len(line) // 2
            lines[index] = line[:middle] + junk + line[middle:]
        if not lines:
            break
    try:
        parse_flow("".join(lines), "mangled.yaml")
    except FlowError as error:
        assert error.problems
        assert str(error).startswith("mangled.yaml: ")


# -- libyaml (the fast path) and the pure-Python loader read every file the same ----------

needs_libyaml = pytest.mark.skipif(
    flow_loader._FAST_LOADER is None, reason="PyYAML is built without libyaml"
)


def outcome(text: str) -> tuple[str, object]:
    """What ``parse_flow`` makes of ``text``: the flow, or the whole error as shown."""
    try:
        return "flow", flow_to_data(parse_flow(text, "f.yaml"))
    except FlowError as error:
        return "error", str(error)


def outcome_without_libyaml(text: str) -> tuple[str, object]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flow_loader, "_FAST_LOADER", None)
        return outcome(text)


def nested(depth: int) -> str:
    """A flow whose ``id`` holds a scalar ``depth`` nodes deep, counting the top mapping."""
    return "id: " + "[" * (depth - 2) + "x" + "]" * (depth - 2) + "\n"


_ALIAS_BOMB = (FLOWS / "bad" / "alias_bomb.yaml").read_text(encoding="utf-8")

_EITHER_WAY = {
    "base": BASE,
    "bundled": bundled_flow_path().read_text(encoding="utf-8"),
    "dental": (FLOWS / "dental_checkin.yaml").read_text(encoding="utf-8"),
    **{
        f"bad-{path.stem}": path.read_text(encoding="utf-8")
        for path in sorted((FLOWS / "bad").glob("*.yaml"))
    },
    "empty": "",
    "comment-only": "# nothing\n",
    "not-a-mapping": "- id: base\n",
    "two-documents": BASE + "---\nid: other\n",
    "syntax": variant("    type: choice\n", "     type: choice\n"),
    "unclosed": variant("title: {en: Check-in, fr: Accueil}", "title: {en: Check-in"),
    "control-character": variant("id: base", "id: base\x07"),
    "duplicate-key": variant("version: 1\n", "version: 1\nversion: 2\n"),
    "anchor": variant("version: 1", "version: &v 1"),
    "unused-anchor-late": BASE + "extra: &late 1\n",
    "alias": variant("default_outcome: routine", "default_outcome: *routine"),
    "alias-bomb": _ALIAS_BOMB,
    "recursive-alias": "a: &a [*a]\n",
    "tag": variant("version: 1", "version: !!int 1"),
    "empty-tag": variant("version: 1", "version: ! 1"),
    "empty-tag-no-value": variant("version: 1", "version: !"),
    "merge-key": variant("version: 1", "<<: {version: 1}"),
    "list-as-key": variant("version: 1", "? [version]\n: 1"),
    "depth-40": nested(40),
    "depth-41": nested(41),
    "deep": "id: " + "[" * 5000 + "]" * 5000 + "\n",
    "tab-indent": variant("    type: number\n", "\ttype: number\n"),
    "tab-after-colon": variant("version: 1", "version:\t1"),
    "tab-in-text": variant("welcome: {en: Welcome,", "welcome: {en: Wel\tcome,"),
    "byte-order-mark-inside": variant("version: 1\n", "version: 1\n\ufeff"),
    "question-mark-in-flow": variant("{en: Check-in,", "{en: Check-in?,"),
    "question-mark-in-block": variant("    type: number\n", "    type: number?\n"),
    "block-text": variant(
        'kiosk: {en: "Continue?", fr: "Continuer ?"}',
        "kiosk:\n    en: |\n      Continue?\n    fr: >-  # folded\n      Continuer\n      ?",
    ),
    "block-header-comment": variant('kiosk: {en: "Continue?",', "kiosk: {en: |#\n    x\n  ,"),
    "block-header-bad": variant(
        "title: {en: Check-in, fr: Accueil}", "title:\n  en: |#c\n    x\n  fr: y"
    ),
    "empty-key": variant("version: 1", "version: 1\n: 2"),
    "empty-key-in-flow": variant("title: {en: Check-in,", "title: {? \n : x, en: Check-in,"),
    "empty-list-item": variant("languages: [en, fr]", "languages:\n  - en\n  -\n  - fr"),
    "empty-value": variant("title: {en: Check-in,", "title: {en: ,"),
    "yes-no-dates": variant("{q: reason, eq: pain}", "{q: reason, eq: 2024-01-01}"),
    "booleans": variant("{q: swelling, eq: yes}", "{q: swelling, eq: True}"),
    "surrogate": variant("id: base", "id: base\ud800"),
}


@needs_libyaml
@pytest.mark.parametrize("text", list(_EITHER_WAY.values()), ids=list(_EITHER_WAY))
def test_libyaml_and_python_loader_agree(text):
    assert outcome(text) == outcome_without_libyaml(text)


@needs_libyaml
def test_the_bundled_flow_is_read_by_libyaml():
    text = bundled_flow_path().read_text(encoding="utf-8")
    fast = flow_loader._read_yaml_fast(text, flow_loader._FAST_LOADER)
    assert fast is not None
    assert fast == flow_loader._read_yaml_python(text, "f.yaml")


@needs_libyaml
@pytest.mark.parametrize(
    "text",
    [
        _ALIAS_BOMB,
        "a: &a [*a]\n",
        BASE + "extra: &unused 1\n",
        nested(41),
        variant("version: 1", "version: ! 1"),
    ],
    ids=["alias-bomb", "recursive-alias", "unused-anchor", "too-deep", "empty-tag"],
)
def test_libyaml_leaves_refused_yaml_to_the_python_loader(text):
    """Refused at the first event that shows it: an alias is never expanded."""
    assert not flow_loader._plain_events(text, flow_loader._FAST_LOADER)


@needs_libyaml
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(_BASE_LINES) - 1),
            st.sampled_from(["drop", "double", "indent", "dedent", "cut", "junk"]),
            st.sampled_from(
                [
                    "[",
                    "]",
                    "{",
                    "}",
                    ":",
                    "- ",
                    "? ",
                    "?",
                    "&a ",
                    "*a",
                    "! ",
                    "!!x ",
                    "\t",
                    "'",
                    '"',
                    "7",
                    "|",
                    "|#",
                    ">-\n",
                    "#",
                    ",",
                    "\ufeff",
                    "\x85",
                    "\u2028",
                    "\r",
                    "",
                ]
            ),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_a_mangled_flow_reads_the_same_with_and_without_libyaml(edits):
    lines = list(_BASE_LINES)
    for index, how, junk in edits:
        if not lines:
            break
        index %= len(lines)
        line = lines[index]
        if how == "drop":
            del lines[index]
        elif how == "double":
            lines.insert(index, line)
        elif how == "indent":
            lines[index] = "  " + line
        elif how == "dedent":
            lines[index] = line[2:]
        elif how == "cut":
            lines[index] = line[: len(line) // 2] + "\n"
        else:
            middle = len(line) // 2
            lines[index] = line[:middle] + junk + line[middle:]
    text = "".join(lines)
    assert outcome(text) == outcome_without_libyaml(text)


# -- reason templates, worded contraindications, consent per front door --------------------


DIABETES_RULE = (
    "reason: {en: Swelling, fr: Gonflement}",
    "reason: {en: 'Swelling, and {history}', fr: 'Gonflement, et {history}'}",
)
NAMED_DIABETES = (
    "{value: diabetes, text: {en: Diabetes, fr: Diabète}}",
    "{value: diabetes, text: {en: Diabetes, fr: Diabète}, "
    "reason_text: {en: diabetes, fr: le diabète}}",
)
READS_HISTORY = ("when: {q: swelling, eq: yes}", "when: {q: history, has: [diabetes]}")


def test_a_reason_template_names_what_the_person_chose(tmp_path):
    from intake_bot.engine.triage import triage

    text = variant(*NAMED_DIABETES, variant(*READS_HISTORY, variant(*DIABETES_RULE)))
    flow = load_flow(write(tmp_path, text))
    result = triage(flow, {"age": 30, "reason": "checkup", "history": ("diabetes",)}, "fr")
    assert result.rules[0].reason == "Gonflement, et le diabète"


def test_an_unknown_placeholder_is_a_located_error(tmp_path):
    text = variant(
        "reason: {en: Swelling, fr: Gonflement}",
        "reason: {en: 'Swelling {sweling}', fr: Gonflement}",
    )
    message = "unknown placeholder {sweling} (did you mean 'swelling'?)"
    expect(tmp_path, text, "rules[0] (swollen).reason.en", message, line_of(text, "{sweling}"))


@pytest.mark.parametrize(
    "when",
    [
        READS_HISTORY[0],  # the rule does not read history at all
        "when: {any: [{q: swelling, eq: yes}, {q: history, has: [diabetes]}]}",  # one branch
        "when: {not: {q: history, has: [diabetes]}}",  # only under not
    ],
    ids=["not-read", "one-branch-of-any", "under-not"],
)
def test_a_placeholder_the_rule_can_hold_without_is_an_error(tmp_path, when):
    text = variant(*NAMED_DIABETES, variant(READS_HISTORY[0], when, variant(*DIABETES_RULE)))
    message = "{history}: this rule can hold without an answer to 'history' that it looks for"
    where = "rules[0] (swollen).reason.en"
    line = line_of(text, "Swelling, and {history}")
    expect(tmp_path, text, where, message, line, only=False)


def test_an_option_a_placeholder_can_name_needs_a_reason_text(tmp_path):
    text = variant(*READS_HISTORY, variant(*DIABETES_RULE))
    message = "{history} can name option 'diabetes', which has no reason_text"
    expect(
        tmp_path,
        text,
        "rules[0] (swollen).reason.en",
        message,
        line_of(text, "Swelling, and {history}"),
        only=False,
    )


def test_a_yes_no_placeholder_is_an_error(tmp_path):
    text = variant(
        "reason: {en: Swelling, fr: Gonflement}",
        "reason: {en: 'Swelling: {swelling}', fr: Gonflement}",
    )
    message = "{swelling} would say only Yes or No"
    expect(tmp_path, text, "rules[0] (swollen).reason.en", message, line_of(text, "{swelling}"))


def test_contraindications_placeholder_only_in_rules(tmp_path):
    text = variant("text: {en: you have diabetes,", "text: {en: 'you have {contraindications}',")
    message = "unknown placeholder {contraindications}"
    expect(
        tmp_path,
        text,
        "contraindications[0] (diabetic).text.en",
        message,
        line_of(text, "'you have {contraindications}'"),
    )


@pytest.mark.parametrize("brace", ["{Not A Name}", "{", "}", "{Swelling}"])
def test_a_brace_that_is_not_a_placeholder_is_an_error(tmp_path, brace):
    text = variant(
        "reason: {en: Swelling, fr: Gonflement}",
        f"reason: {{en: 'Swelling {brace}', fr: Gonflement}}",
    )
    message = f"{brace} is not a placeholder"
    expect(
        tmp_path, text, "rules[0] (swollen).reason.en", message, line_of(text, f"Swelling {brace}")
    )


def test_a_placeholder_outside_reasons_would_show_as_it_is(tmp_path):
    text = variant('text: {en: "Age?", fr: "Âge ?"}', 'text: {en: "Age, {reason}?", fr: "Âge ?"}')
    message = "{reason} would be shown as it is: placeholders are filled only in"
    expect(tmp_path, text, "questions[0] (age).text.en", message, line_of(text, "{reason}"))


def test_a_case_fills_its_placeholders_from_its_own_condition(tmp_path):
    from intake_bot.engine.triage import triage

    text = variant(
        "    text: {en: you have diabetes, fr: vous êtes diabétique}\n",
        "    text: {en: you have diabetes, fr: vous êtes diabétique}\n"
        "    cases:\n"
        "      - when: {q: reason, eq: pain}\n"
        "        text: {en: 'you have diabetes and {reason}', fr: 'diabète et {reason}'}\n",
    )
    text = variant(
        "{value: pain, text: {en: Pain, fr: Douleur}}",
        "{value: pain, text: {en: Pain, fr: Douleur}, reason_text: {en: pain, fr: douleur}}",
        text,
    )
    flow = load_flow(write(tmp_path, text))
    answers = {"age": 30, "reason": "pain", "swelling": "yes", "history": ("diabetes",)}
    found = triage(flow, answers, "en").contraindications
    assert [c.text for c in found] == ["you have diabetes and pain"]


def test_a_contraindication_worded_per_answer(tmp_path):
    text = variant(
        "    text: {en: you have diabetes, fr: vous êtes diabétique}\n",
        "    text: {en: you have diabetes, fr: vous êtes diabétique}\n"
        "    cases:\n"
        "      - when: {q: history, has: [diabetes]}\n"
        "        text: {en: you told us you have diabetes, fr: vous avez dit être diabétique}\n",
    )
    flow = load_flow(write(tmp_path, text))
    assert flow.contraindications[0].cases[0].text["en"] == "you told us you have diabetes"


def test_a_case_condition_is_checked_like_any_other(tmp_path):
    text = variant(
        "    text: {en: you have diabetes, fr: vous êtes diabétique}\n",
        "    text: {en: you have diabetes, fr: vous êtes diabétique}\n"
        "    cases:\n"
        "      - when: {q: histry, has: [diabetes]}\n"
        "        text: {en: x, fr: y}\n",
    )
    message = "unknown question 'histry' (did you mean 'history'?)"
    expect(
        tmp_path,
        text,
        "contraindications[0] (diabetic).cases[0].when",
        message,
        line_of(text, "histry"),
    )


def test_a_case_text_needs_every_language(tmp_path):
    text = variant(
        "    text: {en: you have diabetes, fr: vous êtes diabétique}\n",
        "    text: {en: you have diabetes, fr: vous êtes diabétique}\n"
        "    cases:\n"
        "      - when: {q: history, has: [diabetes]}\n"
        "        text: {en: x}\n",
    )
    message = "missing the 'fr' text"
    expect(
        tmp_path,
        text,
        "contraindications[0] (diabetic).cases[0].text",
        message,
        line_of(text, "{en: x}"),
    )


def test_consent_needs_every_front_door(tmp_path):
    text = variant('  staff: {en: "Start?", fr: "On commence ?"}\n', "")
    message = "missing the consent for front door 'staff'"
    expect(tmp_path, text, "consent", message, line_of(text, "consent:"))


def test_a_single_consent_text_is_explained(tmp_path):
    text = variant(
        '  kiosk: {en: "Continue?", fr: "Continuer ?"}\n  self: {en: "Go on?", fr: "On continue ?"}\n'
        '  staff: {en: "Start?", fr: "On commence ?"}\n',
        '  en: "Continue?"\n  fr: "Continuer ?"\n',
    )
    message = "one text per front door is needed (kiosk, self, staff)"
    expect(tmp_path, text, "consent", message, line_of(text, "consent:"))


def test_a_consent_for_an_unknown_front_door_is_refused(tmp_path):
    text = variant('  staff: {en: "Start?",', '  staf: {en: "Start?",')
    error, _ = error_of(tmp_path, text)
    assert any(p.where.startswith("consent") and "staf" in str(error) for p in error.problems)


def test_a_reason_text_needs_every_language(tmp_path):
    text = variant(
        "{value: pain, text: {en: Pain, fr: Douleur}}",
        "{value: pain, text: {en: Pain, fr: Douleur}, reason_text: {en: pain}}",
    )
    message = "missing the 'fr' text"
    expect(
        tmp_path,
        text,
        "questions[1] (reason).options[1].reason_text",
        message,
        line_of(text, "reason_text"),
    )
