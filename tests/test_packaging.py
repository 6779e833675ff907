"""The wheel ships the flows from the top-level flows/ folder, and every package."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_of_the_source_tree_is_listed_in_pyproject() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "intake_bot").rglob("__init__.py")
    }
    missing = found - listed
    assert not missing, f"add these to [tool.setuptools] packages in pyproject.toml: {missing}"
    assert "intake_bot.flows" in listed


def test_the_flows_live_in_one_place_the_top_level_flows_folder() -> None:
    assert (ROOT / "flows" / "hair_loss.yaml").is_file()
    assert not (ROOT / "intake_bot" / "flows").exists()


@pytest.mark.slow
def test_an_installed_wheel_finds_the_default_flow_inside_itself(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp_path.glob("intake_bot-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        shipped = archive.read("intake_bot/flows/hair_loss.yaml")
        archive.extractall(tmp_path / "site")
    assert shipped == (ROOT / "flows" / "hair_loss.yaml").read_bytes()
    assert not any(name.startswith("flows/") for name in names)
    assert "intake_bot/tui/app.tcss" in names
    probe = (
        "from intake_bot.flow import bundled_flow_path, load_flow\n"
        "print(bundled_flow_path()); print(load_flow().id)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site"), "INTAKE_BOT_NO_FLOW_CACHE": "1"},
    )
    assert run.returncode == 0, run.stderr
    path, flow_id = run.stdout.split()
    assert Path(path) == tmp_path / "site" / "intake_bot" / "flows" / "hair_loss.yaml"
    assert flow_id == "hair_loss"
