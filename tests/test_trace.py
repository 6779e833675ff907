"""``intake-bot check --trace``: every rule, contraindication, ask_if and show_if of a flow,
its flow line and the tests that pin it; an untested rule or contraindication fails.

Small flows and a small fake project (``pyproject.toml`` + ``tests/``) under tmp_path, so
nothing here depends on the hair-loss flow's contents; one test runs the shipped flow.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from intake_bot.authoring import trace
from intake_bot.cli import main
from intake_bot.flow import schema

MINI_FLOW = """\
id: mini
version: 1
languages: [en]
title: {en: Mini}
welcome: {en: Hello.}
consent:
  kiosk: {en: "Go on?"}
  self: {en: "Go on?"}
  staff: {en: "Go on?"}
disclaimer: {en: Not a diagnosis.}
yes_no:
  yes: {en: "Yes"}
  no: {en: "No"}
questions:
  - id: age
    type: number
    min: 1
    max: 110
    text: {en: "How old are you?"}
  - id: itch
    type: yes_no
    text: {en: "Does it itch?"}
    ask_if: {q: age, between: [18, 110]}
  - id: colour
    type: choice
    text: {en: "Which colour?"}
    options:
      - {value: red, text: {en: Red}}
      - {value: blue, text: {en: Blue}}
outcomes:
  - {id: routine, severity: 0, title: {en: Routine}, text: {en: Fine.}}
  - {id: see_doctor, severity: 50, title: {en: Doctor}, text: {en: See one.}}
default_outcome: routine
contraindications:
  - id: itchy_scalp
    when: {q: itch, eq: "yes"}
    text: {en: your scalp itches}
rules:
  - id: itchy_adult
    when: {q: itch, eq: "yes"}
    outcome: see_doctor
    reason: {en: Your scalp itches.}
  - id: blue_choice
    when: {q: colour, eq: blue}
    outcome: see_doctor
    reason: {en: You chose blue.}
"""

SHOW_IF = "      - {value: blue, text: {en: Blue}, show_if: {q: age, between: [18, 110]}}"

# The fake project's tests: each way a test can name an id, and ways that do not count.
HELPERS = """\
CASES = {"blue_choice": {"colour": "blue"}}
"""
TEST_RULES = """\
import pytest

from tests.helpers import CASES

LOCAL = ["itchy_scalp"]


def test_itchy_adult_plain():
    assert run({"itch": "yes"}) == ["itchy_adult"]


@pytest.mark.parametrize("rule_id", ["itchy_adult", "something_else"])
def test_parametrized_inline(rule_id):
    assert rule_id


@pytest.mark.parametrize("rule_id", LOCAL)
def test_parametrized_by_a_module_name(rule_id):
    assert rule_id


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_parametrized_by_an_imported_name(rule_id):
    assert rule_id


class TestGroup:
    async def test_in_a_class(self):
        assert "itchy_scalp" in found()


def helper_not_a_test():
    return "blue_choice"


def test_near_misses_do_not_count():
    assert f"itchy_adult {1}" and "itchy_adult_later" and "blue choice"
    assert LOCAL and CASES  # names used in a body are not followed
"""


def write_project(root: Path, tests: dict[str, str], flow: str = MINI_FLOW) -> Path:
    """A fake checkout: pyproject.toml, tests/<files>, and the flow; returns the flow."""
    (root / "tests").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'fake'\n", encoding="utf-8")
    for name, text in tests.items():
        path = root / "tests" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    flow_path = root / "flows" / "mini.yaml"
    flow_path.parent.mkdir()
    flow_path.write_text(flow, encoding="utf-8")
    return flow_path


def line_of(text: str, words: str) -> int:
    (number,) = [i for i, line in enumerate(text.splitlines(), 1) if words in line]
    return number


def rows_by_id(result: trace.Trace) -> dict[tuple[str, str], trace.Row]:
    return {(row.kind, row.id): row for row in result.rows}


@pytest.fixture
def project(tmp_path, monkeypatch):
    """The fake project as the one the trace reads its tests from."""
    monkeypatch.setattr(trace, "project_root", lambda: tmp_path)
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_item_gets_its_flow_line_and_the_tests_that_name_it(tmp_path):
    flow = write_project(tmp_path, {"helpers.py": HELPERS, "test_rules.py": TEST_RULES})
    result = trace.trace_flow(flow, tmp_path / "tests")
    rows = rows_by_id(result)
    assert list(rows) == [
        ("rule", "itchy_adult"),
        ("rule", "blue_choice"),
        ("contraindication", "itchy_scalp"),
        ("ask_if", "itch"),
    ]
    where = {key: (row.file, row.line) for key, row in rows.items()}
    assert where == {
        ("rule", "itchy_adult"): ("flows/mini.yaml", line_of(MINI_FLOW, "- id: itchy_adult")),
        ("rule", "blue_choice"): ("flows/mini.yaml", line_of(MINI_FLOW, "- id: blue_choice")),
        ("contraindication", "itchy_scalp"): (
            "flows/mini.yaml",
            line_of(MINI_FLOW, "- id: itchy_scalp"),
        ),
        ("ask_if", "itch"): ("flows/mini.yaml", line_of(MINI_FLOW, "ask_if:")),
    }
    assert rows["rule", "itchy_adult"].outcome == "see_doctor"
    assert rows["contraindication", "itchy_scalp"].outcome is None
    file = "tests/test_rules.py"
    assert rows["rule", "itchy_adult"].tests == (
        f"{file}::test_itchy_adult_plain",
        f"{file}::test_parametrized_inline",
    )
    assert rows["contraindication", "itchy_scalp"].tests == (
        f"{file}::test_parametrized_by_a_module_name",
        f"{file}::TestGroup::test_in_a_class",
    )
    assert rows["rule", "blue_choice"].tests == (f"{file}::test_parametrized_by_an_imported_name",)
    assert rows["ask_if", "itch"].tests == (f"{file}::test_itchy_adult_plain",)
    assert result.ok and result.test_count == 6


@pytest.mark.skipif(
    "show_if" not in schema.Option.model_fields, reason="options have no show_if yet"
)
def test_a_show_if_is_pinned_by_a_test_naming_its_question_and_option(tmp_path):
    flow_text = MINI_FLOW.replace("      - {value: blue, text: {en: Blue}}", SHOW_IF)
    flow = write_project(
        tmp_path, {"helpers.py": HELPERS, "test_rules.py": TEST_RULES}, flow=flow_text
    )
    row = rows_by_id(trace.trace_flow(flow, tmp_path / "tests"))["show_if", "colour.blue"]
    assert row.line == line_of(flow_text, "show_if:")
    assert row.tests == ("tests/test_rules.py::test_parametrized_by_an_imported_name",)


def test_check_trace_prints_an_aligned_table_and_nothing_else_on_stdout(capsys, project):
    flow = write_project(project, {"helpers.py": HELPERS, "test_rules.py": TEST_RULES})
    code, out, err = run(capsys, "check", "--trace", str(flow))
    assert code == 0
    head, columns, *rows = out.splitlines()
    assert head.startswith("mini v1 (flows/mini.yaml): 2 rules, 1 contraindication, 1 ask_if")
    assert columns.split() == ["KIND", "ID", "OUTCOME", "FLOW", "LINE", "TESTS", "FIRST", "TESTS"]
    assert len({row.index("flows/mini.yaml:") for row in rows}) == 1  # aligned
    line = line_of(MINI_FLOW, "- id: itchy_adult")
    assert rows[0].split()[:5] == [
        "rule",
        "itchy_adult",
        "see_doctor",
        f"flows/mini.yaml:{line}",
        "2",
    ]
    assert "ok:" in err and "ok:" not in out  # the check's own line goes to stderr


def test_an_untested_rule_or_contraindication_fails_naming_each(capsys, project):
    only_one = 'def test_one():\n    assert "itchy_adult"\n'
    flow = write_project(project, {"test_one.py": only_one})
    code, out, err = run(capsys, "check", "--trace", str(flow))
    assert code == 2
    assert "NONE" in out  # the table is still printed
    assert "2 rules or contraindications that no test in tests/ names" in err
    assert f"rule blue_choice (flows/mini.yaml:{line_of(MINI_FLOW, '- id: blue_choice')})" in err
    assert "contraindication itchy_scalp (flows/mini.yaml:" in err
    assert "itchy_adult (" not in err
    assert "itch (" not in err  # an untested ask_if is shown, not failed
    assert "Traceback" not in err


def test_json_and_markdown_formats(capsys, project):
    flow = write_project(project, {"helpers.py": HELPERS, "test_rules.py": TEST_RULES})
    code, out, _ = run(capsys, "check", "--trace", "--format", "json", str(flow))
    data = json.loads(out)
    assert code == 0 and data["ok"] is True and data["untested"] == []
    assert data["flow"] == {"id": "mini", "version": 1, "file": "flows/mini.yaml"}
    assert data["rows"][0] == {
        "kind": "rule",
        "id": "itchy_adult",
        "outcome": "see_doctor",
        "file": "flows/mini.yaml",
        "line": line_of(MINI_FLOW, "- id: itchy_adult"),
        "tests": [
            "tests/test_rules.py::test_itchy_adult_plain",
            "tests/test_rules.py::test_parametrized_inline",
        ],
    }
    code, out, _ = run(capsys, "check", "--trace", "--format", "markdown", str(flow))
    assert code == 0 and out.startswith("# Traceability: mini version 1\n")
    assert "| kind | id | outcome | flow line | tests |" in out
    assert "| rule | `blue_choice` | see_doctor | `flows/mini.yaml:" in out


def test_format_without_trace_is_refused(capsys):
    with pytest.raises(SystemExit) as ended:
        main(["check", "--format", "json"])
    assert ended.value.code == 2
    assert "--format is only used with --trace" in capsys.readouterr().err


def test_no_tests_folder_says_so_and_exits_2(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(trace, "project_root", lambda: tmp_path / "site-packages")
    flow = tmp_path / "mini.yaml"
    flow.write_text(MINI_FLOW, encoding="utf-8")
    code, out, err = run(capsys, "check", "--trace", str(flow))
    assert code == 2 and out == ""
    assert "no tests folder found" in err and "installed wheel" in err
    assert "Traceback" not in err


def test_a_test_file_python_cannot_read_is_named(capsys, project):
    flow = write_project(project, {"test_broken.py": "def test_x(:\n    pass\n"})
    code, out, err = run(capsys, "check", "--trace", str(flow))
    assert code == 2 and out == ""
    assert "tests/test_broken.py:1: Python cannot read this test file" in err


def test_a_bad_flow_fails_the_check_before_any_trace(capsys, project):
    flow = write_project(project, {}, flow="id: x\nversion: 1\nquestions: [\n")
    code, out, err = run(capsys, "check", "--trace", str(flow))
    assert code == 2 and out == ""
    assert "YAML syntax" in err and "line" in err


def test_the_shipped_flow_traces(capsys, flow):
    # Not asserting pass or fail: the tests of each flow version are written with it.
    code, out, err = run(capsys, "check", "--trace")
    assert code in (0, 2), err
    assert "Traceback" not in err
    lines = out.splitlines()
    assert lines[1].split()[:3] == ["KIND", "ID", "OUTCOME"]
    traced = {tuple(line.split()[:2]) for line in lines[2:]}
    expected = {("rule", rule.id) for rule in flow.rules}
    expected |= {("contraindication", c.id) for c in flow.contraindications}
    assert expected <= traced
    assert all(":" in line.split()[3] for line in lines[2:])  # file:line
