"""Errors the command line turns into one clear message (no pydantic or YAML here, so
the command line can name them without loading either)."""


class ConfigError(Exception):
    """A setting that cannot be used; the message says where and why."""
