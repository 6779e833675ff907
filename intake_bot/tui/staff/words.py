"""The staff console's own words (English; the words catalog will take them over)."""

from __future__ import annotations

STATUS_CHOICES: tuple[tuple[str, str | None], ...] = (
    ("any status", None),
    ("new", "new"),
    ("reviewed", "reviewed"),
)
DATE_CHOICES: tuple[tuple[str, int | None], ...] = (
    ("any day", None),
    ("today", 0),
    ("last 7 days", 7),
    ("last 30 days", 30),
)
DOOR_CHOICES: tuple[tuple[str, str | None], ...] = (
    ("any door", None),
    ("kiosk", "kiosk"),
    ("staff", "staff"),
    ("self", "self"),
    ("web", "web"),
)
URGENT_MARK = "!!"
DB_PROBLEM = "Database problem: {error}. Trying again every few seconds; what is shown may be old."
