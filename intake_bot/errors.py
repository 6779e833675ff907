"""The program's errors: each one a plain message for a person and an exit code.

:class:`IntakeBotError` is the one base; the command line maps it to its message and
exit code in one place (:func:`intake_bot.cli.main`). No pydantic or YAML here, so
the command line can name these without loading either.
"""

from __future__ import annotations

from intake_bot import exit_codes


class IntakeBotError(Exception):
    """Something a person can read and act on; ``str(error)`` says what and where."""

    exit_code = exit_codes.BAD_INPUT
    #: What the message is about, said before it ("configuration: ...").
    topic = ""

    def user_message(self) -> str:
        """The one line (or block) the command line prints on standard error."""
        return f"intake-bot: {self.topic}{self}"


class InputError(IntakeBotError):
    """A bad argument, answers file or line the person can fix."""


class ConfigError(IntakeBotError):
    """A setting that cannot be used; the message says where and why."""

    topic = "configuration: "


class StoreError(IntakeBotError):
    """A database fault the person can fix, or that the outbox covers; the message says
    what and where (never a password)."""

    topic = "database: "


class StoreUnavailable(StoreError):
    """The database cannot be reached or written now (the kiosk's outbox keeps intakes)."""
