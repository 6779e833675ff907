"""Issue 21: the console's export goes to a private per-user folder (0700), as a new
file (0600), says where, and never writes into an existing file or through a link."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from textual.widgets import Static

from intake_bot import locations
from tests.staff.conftest import hours_ago, make_intake, with_account
from tests.staff.driving import SIZE, make_app, settle, sign_in
from tests.tui.driving import plain


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv(locations.DATA_DIR_VARIABLE, str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


async def open_export(pilot) -> None:
    await sign_in(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("e")
    await pilot.pause()


async def test_console_export_goes_to_the_private_folder_and_says_where(sqlite_url, data):
    store = with_account(sqlite_url)
    store.add(make_intake("KAA-AAA", "routine", finished_at=hours_ago(0.1)))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        folder = data / "exports"
        assert app.screen.query_one("#export-path").value == str(folder / "KAA-AAA.txt")
        said = plain(app.screen.query_one("#export-folder", Static))
        assert said.endswith(str(folder)) and "private exports folder" in said
        await pilot.press("enter")
        await settle(pilot)
        written = folder / "KAA-AAA.txt"
        assert "Outcome:" in written.read_text()
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert not list(Path.cwd().glob("KAA-AAA*"))  # never the current folder
        await pilot.press("e")  # the next export takes a free name
        await pilot.pause()
        assert app.screen.query_one("#export-path").value == str(folder / "KAA-AAA-2.txt")
    store.close()


async def test_console_export_refuses_an_existing_file_or_a_link(sqlite_url, data, tmp_path):
    store = with_account(sqlite_url)
    store.add(make_intake("KAA-AAA", "routine", finished_at=hours_ago(0.1)))
    planted = tmp_path / "planted.txt"
    planted.write_text("someone else's\n")
    planted.chmod(0o644)
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "victim.txt")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        for target in (planted, link):
            app.screen.query_one("#export-path").value = str(target)
            await pilot.press("enter")
            await settle(pilot)
            if target is planted:
                await pilot.press("e")
                await pilot.pause()
    assert planted.read_text() == "someone else's\n"
    assert stat.S_IMODE(planted.stat().st_mode) == 0o644
    assert not (tmp_path / "victim.txt").exists()
    with store.engine.connect() as connection:
        from intake_bot.store import audit

        assert [r for r in audit.rows(connection) if r.action == "export"] == []
    store.close()
