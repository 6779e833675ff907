"""The kiosk's run, apart from its screens: how an app run ends, and the kiosk log.

Kept out of :mod:`intake_bot.tui` so that the app, the kiosk controller and the PIN
screen all import these from below, never from each other.
"""

from __future__ import annotations

#: An app run's return code: it ended after an error and is started afresh.
RESTART = 3
#: An app run's return code: it ended on a stop signal (SIGTERM, SIGHUP).
STOPPED = 4
