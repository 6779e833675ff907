"""The flow language: the flow's objects, the file schema and loader, static checks.

The names below are loaded when first used, so that importing the flow's objects
(:mod:`intake_bot.flow.model`) never loads YAML or pydantic.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from intake_bot.flow.cache import load_default_flow, load_flow
    from intake_bot.flow.errors import FlowError, Problem
    from intake_bot.flow.files import bundled_flow_path
    from intake_bot.flow.loader import parse_flow
    from intake_bot.flow.model import Condition, Flow, Option, Outcome, Question, Rule

_WHERE = {
    "Condition": "model",
    "Flow": "model",
    "Option": "model",
    "Outcome": "model",
    "Question": "model",
    "Rule": "model",
    "FlowError": "errors",
    "Problem": "errors",
    "bundled_flow_path": "files",
    "load_default_flow": "cache",
    "load_flow": "cache",
    "parse_flow": "loader",
}

__all__ = [  # noqa: RUF022 - grouped as in _WHERE
    "Condition",
    "Flow",
    "Option",
    "Outcome",
    "Question",
    "Rule",
    "FlowError",
    "Problem",
    "bundled_flow_path",
    "load_default_flow",
    "load_flow",
    "parse_flow",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
