"""The flow cache: a validated flow is read back as it was; a changed, damaged or
unwritable cache never changes what a flow file means."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest
from pydantic import BaseModel

from intake_bot.flow import FlowError, bundled_flow_path, model, schema
from intake_bot.flow.cache import NO_CACHE_VARIABLE, cache_entry_path, load_flow
from intake_bot.flow.loader import parse_flow
from intake_bot.flow.model import flow_from_data, flow_to_data
from tests.conftest import FLOWS


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv(NO_CACHE_VARIABLE, raising=False)
    return home


@pytest.fixture
def flow_file(tmp_path) -> Path:
    copy = tmp_path / "my_flow.yaml"
    copy.write_bytes((FLOWS / "dental_checkin.yaml").read_bytes())
    return copy


@pytest.mark.parametrize("path", [bundled_flow_path(), FLOWS / "dental_checkin.yaml"])
def test_a_flow_read_back_from_plain_data_is_the_same_flow(path):
    flow = parse_flow(path.read_text(encoding="utf-8"), path.name)
    again = flow_from_data(json.loads(json.dumps(flow_to_data(flow))))
    assert again == flow
    assert [q.option_values for q in again.questions] == [q.option_values for q in flow.questions]
    assert any(q.option_values for q in again.questions)


def test_the_schema_and_the_flow_objects_have_the_same_fields():
    pairs = [
        (getattr(schema, name), getattr(model, name))
        for name in dir(schema)
        if isinstance(getattr(schema, name), type)
        and issubclass(getattr(schema, name), BaseModel)
        and hasattr(model, name)
    ]
    assert {s.__name__ for s, _ in pairs} >= {"Flow", "Question", "Option", "Condition", "Rule"}
    for validated, plain in pairs:
        assert set(validated.model_fields) == {f.name for f in fields(plain) if f.init}, plain


def test_the_second_load_comes_from_the_cache_without_validating(cache_home, flow_file):
    first = load_flow(flow_file)
    entry = cache_entry_path(flow_file)
    assert entry.is_file() and entry.is_relative_to(cache_home)
    # a fresh program: reading the cached flow loads neither YAML nor pydantic
    code = (
        "import sys; from intake_bot.flow import load_flow; "
        f"f = load_flow({str(flow_file)!r}); "
        "print(f.id, len(f.questions), 'pydantic' in sys.modules, 'yaml' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    ).stdout.split()
    assert out == [first.id, str(len(first.questions)), "False", "False"]


def test_an_edited_flow_file_is_validated_again(cache_home, flow_file):
    load_flow(flow_file)
    text = flow_file.read_text(encoding="utf-8")
    flow_file.write_text(text.replace("version: 1", "version: 0", 1), encoding="utf-8")
    with pytest.raises(FlowError) as error:
        load_flow(flow_file)
    assert "version" in str(error.value)
    flow_file.write_text(text.replace("version: 1", "version: 2", 1), encoding="utf-8")
    assert load_flow(flow_file).version == 2


@pytest.mark.parametrize(
    "damage", [b"", b"{not json", b'{"key": 1}', b'{"key": null, "flow": {}}', b"\xff\xfe"]
)
def test_a_damaged_cache_entry_is_replaced(cache_home, flow_file, damage):
    good = load_flow(flow_file)
    entry = cache_entry_path(flow_file)
    entry.write_bytes(damage)
    assert load_flow(flow_file) == good
    assert json.loads(entry.read_bytes())["flow"]["id"] == good.id


def test_a_cache_entry_with_the_right_key_but_broken_flow_data_is_not_used(cache_home, flow_file):
    good = load_flow(flow_file)
    entry = cache_entry_path(flow_file)
    stored = json.loads(entry.read_bytes())
    del stored["flow"]["questions"]
    entry.write_text(json.dumps(stored), encoding="utf-8")
    assert load_flow(flow_file) == good


def test_a_cache_that_cannot_be_written_still_loads_the_flow(tmp_path, monkeypatch, flow_file):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert load_flow(flow_file).id == "dental_checkin"
    assert load_flow(flow_file).id == "dental_checkin"


def test_the_cache_can_be_turned_off(cache_home, flow_file, monkeypatch):
    monkeypatch.setenv(NO_CACHE_VARIABLE, "1")
    assert load_flow(flow_file).id == "dental_checkin"
    assert not cache_home.exists()


def test_a_bad_flow_file_is_never_cached(cache_home, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nversion: 1\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(FlowError):
            load_flow(bad)
    assert not cache_entry_path(bad).exists()


def test_the_cache_key_covers_every_module_of_the_flow_package():
    """A change to any module of intake_bot/flow (compiled.py, errors.py, one added
    later) makes a cached flow be validated again: the key is not a hand-made list."""
    from pathlib import Path

    from intake_bot.flow import cache

    package = Path(cache.__file__).parent
    named = [entry[0] for entry in cache._key(b"flow")["code"]]
    assert named == sorted(path.name for path in package.glob("*.py"))
    assert {"compiled.py", "errors.py", "model.py"} <= set(named)
