"""Located problems in a flow file, reported all at once in one clear message."""

from __future__ import annotations

from dataclasses import dataclass

from intake_bot.errors import IntakeBotError

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a flow file: where (``questions[5] (onset).ask_if``), what,
    and the line it is on when known (1-based)."""

    where: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def _by_line(problem: Problem) -> tuple[bool, int]:
    return (problem.line is not None, problem.line or 0)


class FlowError(IntakeBotError):
    """A flow file that cannot be used, with every problem found in it.

    ``problems`` are sorted by line (problems about the whole file, without a line,
    come first); problems on the same line keep the order they were found in.
    """

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = sorted(problems, key=_by_line)
        super().__init__(self.message())

    def message(self) -> str:
        count = len(self.problems)
        head = f"{self.source}: {count} problem{'s' if count != 1 else ''} in this flow file"
        lines = [head]
        for problem in self.problems:
            at = f"line {problem.line}: " if problem.line is not None else ""
            lines.append(f"  - {at}{problem}")
        return "\n".join(lines)

    def user_message(self) -> str:
        return self.message()
