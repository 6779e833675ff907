"""What several commands share: the flow's language from ``--lang``, and one path's
answers checked and triaged. Imported by the command modules; imports none of them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from intake_bot.errors import InputError

if TYPE_CHECKING:
    from intake_bot.flow.model import Flow


def flow_language(flow: Flow, requested: str | None) -> str:
    """``--lang``, checked against the flow (exit 2 naming the languages it speaks); the
    flow's first language when not given."""
    if requested is None:
        return flow.languages[0]
    if requested not in flow.languages:
        raise InputError(
            f"--lang {requested!r}: flow {flow.id!r} speaks {', '.join(flow.languages)}"
        )
    return requested


def checked_triage(
    flow: Flow,
    answers: dict[str, Any],
    language: str,
    source: str,
    front_door: str = "self",
    clinic: Any = None,
) -> Any:
    """The triage of one path's answers; answers that do not fit name the question."""
    from intake_bot.engine.path import AnswersError, check_answers
    from intake_bot.engine.triage import triage

    try:
        checked = check_answers(flow, answers, language)
    except AnswersError as exc:
        raise InputError(f"{source}: {exc.message}") from None
    return triage(flow, checked, language, front_door=front_door, clinic=clinic)
