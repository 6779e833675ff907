"""Errors the command line turns into one clear message (no pydantic or YAML here, so
the command line can name them without loading either)."""


class ConfigError(Exception):
    """A setting that cannot be used; the message says where and why."""


class StoreError(Exception):
    """A database fault the person can fix, or that the outbox covers; the message says
    what and where (never a password)."""


class StoreUnavailable(StoreError):
    """The database cannot be reached or written now (the kiosk's outbox keeps intakes)."""
