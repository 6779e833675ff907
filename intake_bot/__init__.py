"""intake_bot: a hair-loss clinic's intake chatbot (screening, never a diagnosis)."""

__version__ = "0.1.0"
