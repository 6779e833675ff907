"""Self-assessment: nothing is kept unless the person asks (``intake-bot --save``, or
``[store] save_self = true`` in the config file or ``INTAKE_BOT_STORE_SAVE_SELF``).

The decision and the database are both left to the moment of the result, in the
app's worker thread: the chat's start loads neither the settings nor SQLAlchemy.
With nothing that could ask for saving (``SelfSave.may_ask``), the chat builds no
record unless the person presses *Save my summary*.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydantic and SQLAlchemy load at the result, not at the start
    from intake_bot.records.intake import Intake


SAVE_SELF_VARIABLE = "INTAKE_BOT_STORE_SAVE_SELF"


def may_ask_to_save(*, save: bool, config: Path | None, environ: Mapping[str, str]) -> bool:
    """Whether anything could ask for this person's summary to be kept at the result:
    ``--save``, a config file (given, or the per-user one) or the environment variable."""
    if save or config is not None or SAVE_SELF_VARIABLE in environ:
        return True
    from intake_bot.locations import config_path

    return config_path().exists()


class SelfSave:
    """One person at home: their summary goes to the store when they ask, either
    before the chat (``submit``: ``--save`` or ``save_self``) or on the result screen
    (``keep``: *Save my summary*)."""

    def __init__(self, *, url: str | None, config: Path | None, save: bool) -> None:
        self.url = url
        self.config = config
        self.save = save
        #: False once the chat has decided ``save`` from the settings itself (so that the
        #: consent shown and what happens agree): ``save_self`` is then not read again.
        self.reads_save_self = True
        self.where: str | None = None  # once kept: the file, or the server (no password)
        self.shown_url: str | None = None  # once kept: the database URL, no password
        self.kept: list[Intake] = []

    @property
    def may_ask(self) -> bool:
        """False when nothing could ask for saving at the result: ``submit`` would keep
        nothing, so the chat need not build a record (nor load pydantic for it)."""
        return may_ask_to_save(save=self.save, config=self.config, environ=os.environ)

    def _settings(self) -> tuple[bool, str | None]:
        """(whether saving at the result was asked for, the database URL: None is the
        per-user SQLite file)."""
        if (self.save and self.url) or not self.may_ask:
            return self.save, self.url
        from intake_bot.config import load_settings

        settings = load_settings(self.config).store
        wanted = self.save or (self.reads_save_self and settings.save_self)
        return wanted, self.url or settings.url

    def submit(self, intake: Intake) -> Intake | None:
        """At the result: keep ``intake`` if saving was asked for, else None."""
        wanted, url = self._settings()
        return self._store(intake, url) if wanted else None

    def keep(self, intake: Intake) -> Intake:
        """The person asked on the result screen: keep ``intake`` now, in the database
        the settings name (``--db``, ``INTAKE_BOT_DB``, the config file) or the default."""
        url = self.url
        if url is None:
            from intake_bot.config import load_settings

            url = load_settings(self.config).store.url
        return self._store(intake, url)

    def read_again(self, ticket: str) -> str:
        """The command that prints a kept summary (``--db`` too when it was given here:
        the settings' own database is found by ``export`` the same way)."""
        command = f"intake-bot export --ticket {ticket} --format text"
        return f"{command} --db {self.shown_url}" if self.url and self.shown_url else command

    def _store(self, intake: Intake, url: str | None) -> Intake:
        from intake_bot.store.database import sqlite_path
        from intake_bot.store.store import Store

        with Store(url) as store:
            path = sqlite_path(store.url)  # a file is named as a file; a server, no password
            self.shown_url = store.where
            self.where = str(path) if path is not None else store.where
            kept = store.add_with_free_ticket(intake)
        self.kept.append(kept)
        return kept

    def ticket_taken(self, code: str) -> bool:
        return False  # the store refuses a taken code and a new one is drawn
