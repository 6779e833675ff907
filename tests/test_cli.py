"""The headless command line: triage (one and batch), check, graph; clear errors, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from intake_bot.cli import main
from tests.hair_loss_paths import calm

CALM_MAN = calm()  # an adult man with nothing notable: routine


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, data: object, name: str = "answers.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_triage_prints_outcome_and_rules_as_json(capsys, tmp_path):
    # v3: transplant_support needs hair loss present (thinning at the crown, started
    # suddenly so that pattern_thinning does not match too)
    planned = {
        **CALM_MAN,
        "thinning_pattern": "crown",
        "onset": "sudden",
        "duration": "3_to_12_months",
        "hair_transplant": "planned",
    }
    code, out, _ = run(capsys, "triage", write(tmp_path, planned))
    result = json.loads(out)
    assert code == 0
    assert result["outcome"] == "mesotherapy"
    assert result["rules"] == ["transplant_support"]
    assert [r["covered_by"] for r in result["reasons"]] == [None]
    assert result["flow"] == {"id": "hair_loss", "version": 3}
    assert "not a diagnosis" in result["disclaimer"]


def test_triage_text_in_spanish(capsys, tmp_path):
    code, out, _ = run(
        capsys, "triage", write(tmp_path, CALM_MAN), "--lang", "es", "--format", "text"
    )
    assert code == 0
    assert "no un diagnóstico" in out and "Nada necesita atención especial" in out


@pytest.mark.parametrize(
    "argv",
    [
        ("--lang", "es", "triage", "{answers}", "--format", "text"),
        ("triage", "--lang", "es", "{answers}", "--format", "text"),
        ("--lang", "en", "triage", "--lang", "es", "{answers}", "--format", "text"),
    ],
    ids=["before the command", "after it", "both: the later wins"],
)
def test_lang_works_before_or_after_the_command(capsys, tmp_path, argv):
    answers = write(tmp_path, CALM_MAN)
    code, out, _ = run(capsys, *(answers if a == "{answers}" else a for a in argv))
    assert code == 0
    assert "Nada necesita atención especial" in out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("--lang", "es", "check"), "--lang is not used by `check`"),
        (("--lang", "es", "graph"), "--lang is not used by `graph`"),
        (("--flow", "x.yaml", "config-path"), "--flow is not used by `config-path`"),
        (("check", "--lang", "es"), "--lang is not used by `check`"),
        (("kiosk", "--set-pin", "--lang", "es"), "--lang is not used by `kiosk --set-pin`"),
        (("--flow", "x.yaml", "kiosk", "--set-pin"), "--flow is not used by `kiosk --set-pin`"),
        (("--flow", "a.yaml", "check", "b.yaml"), "give the flow once"),
        (("purge", "--lang", "es"), "unrecognized arguments"),
    ],
)
def test_an_option_a_command_does_not_use_is_refused_not_ignored(capsys, argv, says):
    with pytest.raises(SystemExit) as ended:
        main(list(argv))
    assert ended.value.code == 2
    assert says in capsys.readouterr().err


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("command", ["check", "graph"])
def test_check_and_graph_read_flow_before_or_after_the_command(capsys, command, where):
    dental = str(Path(__file__).parent / "flows" / "dental_checkin.yaml")
    argv = ["--flow", dental, command] if where == "before" else [command, "--flow", dental]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert "dental_checkin" in out or "visit_reason" in out


def test_a_flow_given_before_the_command_is_used_by_triage(capsys, tmp_path):
    dental = Path(__file__).parent / "flows" / "dental_checkin.yaml"
    code, _, err = run(capsys, "--flow", str(dental), "triage", write(tmp_path, {"age": 40}))
    assert code == 2
    assert "question 'visit_reason' is asked on this path but has no answer" in err


def test_triage_reads_stdin(monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(CALM_MAN).encode())))
    code, out, _ = run(capsys, "triage", "-")
    assert code == 0 and json.loads(out)["outcome"] == "routine"


@pytest.mark.parametrize(
    ("change", "names"),
    [
        ({"age": None}, "'age' is asked on this path but has no answer"),
        ({"sex": "robot"}, "question 'sex'"),
        ({"pregnant": "no"}, "'pregnant' is not asked on this path"),
        ({"favourite_colour": "red"}, "'favourite_colour' is not a question"),
        ({"scalp_symptoms": ["none", "itch"]}, "question 'scalp_symptoms'"),
        ({"age": 300}, "question 'age'"),
    ],
)
def test_bad_answers_exit_2_naming_the_question(capsys, tmp_path, change, names):
    answers = {**CALM_MAN, **change}
    answers = {k: v for k, v in answers.items() if v is not None}
    code, out, err = run(capsys, "triage", write(tmp_path, answers))
    assert code == 2 and out == ""
    assert names in err


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{not json", "not valid JSON at line 1"),
        ("[1, 2]", "expected a JSON object"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_unreadable_answers_file(capsys, tmp_path, content, says):
    path = tmp_path / "bad.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    code, _, err = run(capsys, "triage", str(path))
    assert code == 2 and says in err


def test_missing_answers_file_and_bad_language(capsys, tmp_path):
    code, _, err = run(capsys, "triage", str(tmp_path / "nope.json"))
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "triage", write(tmp_path, CALM_MAN), "--lang", "fr")
    assert code == 2 and "--lang 'fr'" in err and "en, es" in err


def test_batch_keeps_going_past_a_bad_line(capsys, tmp_path):
    lines = [
        json.dumps(CALM_MAN),
        "{broken",
        json.dumps({**CALM_MAN, "patches": "yes", "onset": "sudden", "duration": "under_3_months"}),
        "",
        json.dumps({**CALM_MAN, "pregnant": "no"}),
    ]
    code, out, err = run(capsys, "triage", "--batch", write(tmp_path, "\n".join(lines) + "\n"))
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 2 and "2 of 4 lines" in err  # of the non-blank lines
    assert [r["line"] for r in records] == [1, 2, 3, 5]
    assert records[0]["outcome"] == "routine"
    assert "not valid JSON" in records[1]["error"]
    assert records[2]["outcome"] == "specialist" and "bald_patches" in records[2]["rules"]
    assert records[3]["question"] == "pregnant"


def test_batch_text_format(capsys, tmp_path):
    code, out, _ = run(
        capsys, "triage", "--batch", "--format", "text", write(tmp_path, json.dumps(CALM_MAN))
    )
    assert code == 0 and out == "line 1: routine (no rule)\n"


def test_check_default_flow(capsys):
    code, out, _ = run(capsys, "check")
    assert code == 0
    assert "25 questions, 27 rules" in out and "distinct paths" in out


def test_check_reports_a_bad_flow_with_its_location(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nversion: 1\nquestions: [\n", encoding="utf-8")
    code, out, err = run(capsys, "check", str(bad))
    assert code == 2 and out == ""
    assert str(bad) in err and "line" in err and "YAML syntax" in err


def test_check_reports_a_rule_that_can_never_match(capsys, tmp_path, dental):
    from intake_bot.flow import bundled_flow_path

    text = bundled_flow_path().read_text(encoding="utf-8")
    # young_person now asks for an age no one can give on the same path as a pregnancy
    # (v3: pregnant is asked from 12, with a retinoid, or from 18)
    young_person = (
        "    when:\n      all:\n        - {q: age, between: [1, 17]}\n"
        "        - {ref: hair_loss_present}\n"
    )
    assert text.count(young_person) == 1
    text = text.replace(
        young_person,
        '    when: {all: [{q: age, between: [1, 11]}, {q: pregnant, eq: "yes"}]}\n',
    )
    assert "between: [1, 11]" in text
    path = tmp_path / "never.yaml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "check", str(path))
    assert code == 2 and "rule 'young_person' never matched" in err


def test_graph_is_a_mermaid_state_diagram(capsys):
    code, out, _ = run(capsys, "graph")
    assert code == 0
    assert "stateDiagram-v2" in out
    assert "patches --> onset: advance [hair_loss_present]" in out
    assert "prior_treatments --> review" in out


def test_second_flow_runs_through_the_same_cli(capsys, dental):
    from tests.conftest import FLOWS

    path = str(FLOWS / "dental_checkin.yaml")
    code, out, _ = run(capsys, "check", path)
    assert code == 0 and dental.id in out
    code, out, _ = run(capsys, "graph", path)
    assert code == 0 and dental.questions[0].id in out


def test_no_traceback_from_the_real_command(tmp_path):
    bad = tmp_path / "answers.json"
    bad.write_text('{"age": "forty"}', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "intake_bot", "triage", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "question 'age'" in proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "intake_bot", "triage", "--format", "yaml", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and "invalid choice: 'yaml'" in proc.stderr


def test_chat_that_crashes_exits_1_not_0(monkeypatch, capsys):
    from intake_bot.tui.app import IntakeApp
    from intake_bot.tui.screens.welcome import WelcomeScreen

    def broken(self):
        raise RuntimeError("boom")

    original_run = IntakeApp.run
    monkeypatch.setattr(WelcomeScreen, "compose", broken)
    monkeypatch.setattr(IntakeApp, "run", lambda self: original_run(self, headless=True))
    assert main([]) == 1


def test_chat_with_a_bad_flow_or_language_exits_2_before_any_screen(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [", encoding="utf-8")
    code, _, err = run(capsys, "--flow", str(bad))
    assert code == 2 and "YAML syntax" in err
    code, _, err = run(capsys, "--lang", "de")
    assert code == 2 and "--lang 'de'" in err


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('{"age": 1' + "0" * 500 + "}", "a 501-digit number is outside"),
        ('{"age": 40, "age": 41}', "'age' is given twice"),
        ("[" * 100_000, "nested too deeply"),
        ('{"medications": [["chemotherapy"]]}', "question 'age'"),
    ],
)
def test_odd_json_is_refused_with_a_message_not_a_crash(capsys, tmp_path, content, says):
    code, _, err = run(capsys, "triage", write(tmp_path, content))
    assert code == 2 and says in err and "internal error" not in err


def test_batch_goes_on_after_odd_lines(capsys, tmp_path):
    lines = [
        "[" * 100_000,
        '{"age": 1e999}',
        json.dumps({**CALM_MAN, "medications": [["x"]]}),
        json.dumps(CALM_MAN),
    ]
    code, out, _ = run(capsys, "triage", "--batch", write(tmp_path, "\n".join(lines) + "\n"))
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 2 and len(records) == 4
    assert "nested too deeply" in records[0]["error"]
    assert records[1]["question"] == "age" and records[2]["question"] == "medications"
    assert records[3]["outcome"] == "routine"


def test_an_endless_input_is_refused_not_read_forever(capsys):
    code, _, err = run(capsys, "triage", "/dev/zero")
    assert code == 2 and "too large" in err
    code, _, err = run(capsys, "triage", "--batch", "/dev/zero")
    assert code == 2 and "longer than" in err


def test_second_flow_triage_through_the_same_cli_in_its_own_language(capsys, tmp_path):
    from tests.conftest import FLOWS

    answers = {
        "age": 50,
        "visit_reason": "broken_tooth",
        "pain_level": 7,
        "swelling": "yes",
        "medical_history": ["blood_thinners"],
        "medicines": "warfarin [5 mg]",
    }
    path = str(FLOWS / "dental_checkin.yaml")
    code, out, _ = run(capsys, "triage", write(tmp_path, answers), "--flow", path, "--lang", "fr")
    result = json.loads(out)
    assert code == 0 and result["flow"]["id"] == "dental_checkin" and result["language"] == "fr"
    assert result["outcome"] == "urgent"
    assert result["rules"] == ["urgent_signs", "urgent_with_caution", "pain_or_bleeding"]
    code, _, err = run(capsys, "triage", write(tmp_path, {**answers, "age": 500}), "--flow", path)
    assert code == 2 and "question 'age'" in err


@pytest.fixture
def kiosk_command(monkeypatch):
    """The kiosk command run in this process, as if on a terminal; the signal handlers
    it installs (SIGINT ignored, SIGTERM and SIGHUP caught) are put back afterwards."""
    import signal

    from intake_bot import cli

    monkeypatch.setattr(cli, "_terminal_problem", lambda: None, raising=False)
    saved = {n: signal.getsignal(n) for n in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


def private_config(tmp_path: Path, text: str) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    config.chmod(0o600)
    return config


def test_kiosk_starts_afresh_after_an_error_and_ends_on_the_staff_pin(
    monkeypatch, capsys, tmp_path, kiosk_command
):
    from intake_bot.kiosk import RESTART
    from intake_bot.pin import hash_pin
    from intake_bot.tui.app import IntakeApp

    config = private_config(tmp_path, f'[kiosk]\npin_hash = "{hash_pin("246813")}"\n')
    runs: list[IntakeApp] = []

    def fake_run(self):
        runs.append(self)
        if len(runs) == 1:
            self._return_code = RESTART  # the first app hit an error
        else:
            self.staff_exit = True

    monkeypatch.setattr(IntakeApp, "run", fake_run)
    assert main(["kiosk", "--config", str(config)]) == 0
    assert len(runs) == 2 and runs[0] is not runs[1]
    assert runs[0].kiosk is runs[1].kiosk  # tickets stay unique across the restart


def test_kiosk_without_a_pin_or_with_a_bad_config_says_what_to_do(capsys, tmp_path, kiosk_command):
    config = private_config(tmp_path, "[kiosk]\nidle_timeout = 90\n")
    code, _, err = run(capsys, "kiosk", "--config", str(config))
    assert code == 2 and "intake-bot kiosk --set-pin" in err
    config.write_text('[kiosk]\npin_hash = "1234"\nidle_timeout = 5\n', encoding="utf-8")
    code, _, err = run(capsys, "kiosk", "--config", str(config))
    assert code == 2 and "[kiosk] pin_hash" in err and "[kiosk] idle_timeout" in err


def test_kiosk_refuses_a_pin_file_that_others_can_read(
    monkeypatch, capsys, tmp_path, kiosk_command
):
    from intake_bot.pin import hash_pin
    from intake_bot.tui.app import IntakeApp

    started: list[IntakeApp] = []
    monkeypatch.setattr(IntakeApp, "run", lambda self: started.append(self))

    config = private_config(tmp_path, f'[kiosk]\npin_hash = "{hash_pin("246813")}"\n')
    config.chmod(0o644)  # as umask 022 left it
    code, _, err = run(capsys, "kiosk", "--config", str(config))
    assert code == 2 and "other users may read" in err and f"chmod 600 {config}" in err
    assert "Traceback" not in err and not started


def test_set_pin_writes_only_a_hash_and_keeps_other_settings(monkeypatch, capsys, tmp_path):
    import getpass

    from intake_bot.config import load_settings
    from intake_bot.pin import verify_pin

    config = tmp_path / "config.toml"
    config.write_text("[kiosk]\nidle_timeout = 120\n", encoding="utf-8")
    answers = iter(["246813", "246813"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    code, out, _ = run(capsys, "kiosk", "--set-pin", "--config", str(config))
    settings = load_settings(config).kiosk
    assert code == 0 and "saved" in out
    assert "246813" not in config.read_text(encoding="utf-8")
    assert settings.idle_timeout == 120 and verify_pin("246813", settings.pin_hash)
    answers = iter(["135791", "135792"])
    code, _, err = run(capsys, "kiosk", "--set-pin", "--config", str(config))
    assert code == 2 and "differ" in err


def test_set_pin_writes_the_file_readable_by_its_owner_only(monkeypatch, capsys, tmp_path):
    import getpass
    import os
    import stat

    config = tmp_path / "config.toml"
    config.write_text("[kiosk]\nidle_timeout = 120\n", encoding="utf-8")
    config.chmod(0o644)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "246813")
    old_umask = os.umask(0o022)
    try:
        code, _, _ = run(capsys, "kiosk", "--set-pin", "--config", str(config))
        fresh = tmp_path / "new" / "config.toml"
        code_fresh, _, _ = run(capsys, "kiosk", "--set-pin", "--config", str(fresh))
    finally:
        os.umask(old_umask)
    assert code == code_fresh == 0
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml", "new"]  # no temporary


@pytest.mark.parametrize(
    "pin",
    ["1234567890123", "²²²²²²", "١٢٣٤٥٦", "12345", "24681 3", "246813\n", ""],
    ids=["13-digits", "superscripts", "arabic-indic", "5-digits", "space", "newline", "empty"],
)
def test_set_pin_takes_only_pins_the_pin_box_can_type(monkeypatch, capsys, tmp_path, pin):
    import getpass

    config = tmp_path / "config.toml"
    config.write_text("[kiosk]\nidle_timeout = 120\n", encoding="utf-8")
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": pin)
    code, _, err = run(capsys, "kiosk", "--set-pin", "--config", str(config))
    assert code == 2 and "6 to 12 digits 0-9" in err and "nothing changed" in err
    assert config.read_text(encoding="utf-8") == "[kiosk]\nidle_timeout = 120\n"


def test_set_pin_keeps_a_kiosk_header_with_a_comment(monkeypatch, capsys, tmp_path):
    import getpass

    from intake_bot.config import load_settings
    from intake_bot.pin import verify_pin

    config = tmp_path / "config.toml"
    config.write_text("[kiosk]  # waiting room\nidle_timeout = 120\n", encoding="utf-8")
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "246813")
    code, _, err = run(capsys, "kiosk", "--set-pin", "--config", str(config))
    assert code == 0, err
    text = config.read_text(encoding="utf-8")
    assert text.count("[kiosk]") == 1 and "# waiting room" in text
    settings = load_settings(config, {}).kiosk  # the kiosk starts with it
    assert settings.idle_timeout == 120 and verify_pin("246813", settings.pin_hash)


def test_triage_at_home_names_the_clinic_from_the_config(capsys, tmp_path):
    from tests.hair_loss_paths import answers

    config = tmp_path / "config.toml"
    config.write_text('[clinic]\nname = "Clínica Sol"\nphone = "912 345 678"\n', encoding="utf-8")
    path = write(tmp_path, answers(patches="yes"))
    code, out, _ = run(capsys, "triage", path, "--format", "text", "--config", str(config))
    assert code == 0
    assert "call Clínica Sol on 912 345 678" in out
    code, out, _ = run(capsys, "triage", path, "--format", "text", "--front-door", "kiosk")
    assert code == 0 and "front desk" in out and "912" not in out
