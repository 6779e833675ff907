"""Kept for older imports: the engine's words are in ``intake_bot.catalog``."""

from intake_bot.catalog import join_words, say

__all__ = ["join_words", "say"]
