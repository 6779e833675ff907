"""What the ``intake-bot`` command returns."""

OK = 0
INTERNAL_ERROR = 1  # a bug: the message says so; never a traceback
BAD_INPUT = 2  # a bad argument, flow file, answers file or line
INTERRUPTED = 130  # Ctrl+C in a command that is not the kiosk (128 + SIGINT)
SIGNALLED = 128  # + the signal's number: the kiosk ended by SIGTERM (143) or SIGHUP (129)


def by_signal(number: int) -> int:
    """The exit code of a program ended cleanly by signal ``number`` (as a shell shows it)."""
    return SIGNALLED + number
