"""What the ``intake-bot`` command returns."""

OK = 0
INTERNAL_ERROR = 1  # a bug: the message says so; never a traceback
BAD_INPUT = 2  # a bad argument, flow file, answers file or line
