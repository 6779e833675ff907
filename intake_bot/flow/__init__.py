"""The flow language: models, loader with located errors, static checks."""

from intake_bot.flow.errors import FlowError, Problem
from intake_bot.flow.loader import bundled_flow_path, load_default_flow, load_flow, parse_flow
from intake_bot.flow.model import Condition, Flow, Option, Outcome, Question, Rule

__all__ = [
    "Condition",
    "Flow",
    "FlowError",
    "Option",
    "Outcome",
    "Problem",
    "Question",
    "Rule",
    "bundled_flow_path",
    "load_default_flow",
    "load_flow",
    "parse_flow",
]
