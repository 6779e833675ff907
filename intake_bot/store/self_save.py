"""Self-assessment: nothing is kept unless the person asks (``intake-bot --save``, or
``[store] save_self = true``).

The decision and the database are both left to the moment of the result, in the
app's worker thread: the chat's start loads neither the settings nor SQLAlchemy.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydantic and SQLAlchemy load at the result, not at the start
    from intake_bot.records import Intake


class SelfSave:
    """A Submitter for one person at home: the store, if saving was asked for."""

    def __init__(self, *, url: str | None, config: Path | None, save: bool) -> None:
        self.url = url
        self.config = config
        self.save = save
        self.where: str | None = None
        self.kept: list[Intake] = []

    def _settings_url(self) -> tuple[bool, str | None]:
        if self.save and self.url:
            return True, self.url
        from intake_bot.config import default_config_path, load_settings

        if self.config is None and not default_config_path().exists() and not self.save:
            return False, None
        settings = load_settings(self.config).store
        return self.save or settings.save_self, self.url or settings.url

    def submit(self, intake: Intake) -> Intake | None:
        wanted, url = self._settings_url()
        if not wanted:
            return None
        from intake_bot.store.store import Store, TicketTaken
        from intake_bot.tickets import TicketIssuer

        with Store(url) as store:
            self.where = store.where
            issuer = TicketIssuer(store.ticket_taken)
            for _ in range(20):
                try:
                    kept = store.add(intake)
                    break
                except TicketTaken:
                    intake = intake.model_copy(update={"ticket": issuer.issue()})
            else:
                raise TicketTaken("no free ticket code found")
        self.kept.append(kept)
        return kept

    def ticket_taken(self, code: str) -> bool:
        return False  # the store refuses a taken code and a new one is drawn
