"""Static verification of a flow: every path, every question, every rule.

Paths are walked exhaustively: at each question that a later ``ask_if`` reads, the
walk branches once per class of answers that those conditions tell apart (numbers
are split at the bounds the conditions use); other questions take one answer.
Rules are then looked for on random valid paths (seeded, repeatable), with
answers drawn from the values the rules themselves test.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from intake_bot.engine.answers import Answer
from intake_bot.engine.path import hidden_options, offered_question
from intake_bot.engine.session import REVIEW, flow_machine
from intake_bot.engine.triage import TriageResult, triage
from intake_bot.flow.compiled import compiled
from intake_bot.flow.conditions import compile_condition, reachable_conditions
from intake_bot.flow.model import Condition, Flow, Question


@dataclass
class Report:
    flow_id: str
    flow_version: int
    paths: int = 0
    questions: int = 0
    rules: int = 0
    samples: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return (
            f"{self.flow_id} v{self.flow_version}: {self.paths} distinct paths, "
            f"{self.questions} questions, {self.rules} rules"
        )


def _leaf_tests(conditions: list[Condition], flow: Flow) -> dict[str, list[Condition]]:
    tests: dict[str, list[Condition]] = {}
    for condition in conditions:
        for leaf in reachable_conditions(condition, flow.conditions):
            if leaf.q is not None:
                tests.setdefault(leaf.q, []).append(leaf)
    return tests


def _candidates(question: Question, tests: list[Condition]) -> list[Answer]:
    """Answers that between them take every branch the ``tests`` can tell apart."""
    values = question.option_values
    if question.type in ("choice", "yes_no"):
        return list(values)
    if question.type == "multi":
        exclusive = [o.value for o in question.options if o.exclusive]
        plain = tuple(v for v in values if v not in exclusive)
        return [(v,) for v in values] + [plain]
    if question.type == "number":
        assert question.min is not None and question.max is not None
        step = 1 if question.integer else 0.5
        points = {question.min, question.max}
        for test in tests:
            if test.between is not None:
                low, high = test.between
                points |= {low - step, low, high, high + step}
            for value in [test.eq, *(test.in_ or [])]:
                if isinstance(value, int | float) and not isinstance(value, bool):
                    points |= {value - step, value, value + step}
        inside = sorted(p for p in points if question.min <= p <= question.max)
        return [int(p) if question.integer else p for p in inside]
    return ["text"]


def _classes(question: Question, tests: list[Condition], flow: Flow) -> list[Answer]:
    """One answer per class of answers that ``tests`` treat alike."""
    predicates = [compile_condition(t, flow.conditions) for t in tests]
    seen: dict[tuple[bool, ...], Answer] = {}
    for value in _candidates(question, tests):
        signature = tuple(p({question.id: value}, None) for p in predicates)
        seen.setdefault(signature, value)
    return list(seen.values())


def walk_paths(flow: Flow, dead_ends: list[str] | None = None) -> Iterator[tuple[str, ...]]:
    """Every path (the ids asked) through ``flow``, once per answer class of the options
    shown on it. A question that shows no answer a person could give on some path is
    added to ``dead_ends`` (with the answers that lead there) and ends that path."""
    ask_if = compiled(flow).ask_if
    conditions = [q.ask_if for q in flow.questions if q.ask_if is not None]
    conditions += [o.show_if for q in flow.questions for o in q.options if o.show_if is not None]
    tests = _leaf_tests(conditions, flow)
    branches: dict[tuple[int, tuple[str, ...]], list[Answer]] = {}

    def choices(index: int, answers: dict[str, Any]) -> list[Answer]:
        question = flow.questions[index]
        offered = offered_question(flow, question, answers)
        key = (index, offered.option_values)
        if key not in branches:
            found = _classes(offered, tests[question.id], flow) if question.id in tests else []
            found = found or _candidates(offered, [])[:1]
            branches[key] = [v for v in found if v != ()]  # (no option at all: not an answer)
        return branches[key]

    def walk(
        index: int, answers: dict[str, Any], asked: tuple[str, ...]
    ) -> Iterator[tuple[str, ...]]:
        if index == len(flow.questions):
            yield asked
            return
        condition = ask_if[index]
        if condition is not None and not condition(answers, None):
            yield from walk(index + 1, answers, asked)
            return
        question = flow.questions[index]
        values = choices(index, answers)
        if not values:
            if dead_ends is not None:
                given = ", ".join(f"{q}={v}" for q, v in answers.items())
                dead_ends.append(
                    f"question {question.id!r} shows no option a person could choose when "
                    f"{given or 'nothing is answered'}: check its options' show_if"
                )
            return
        for value in values:
            answers[question.id] = value
            yield from walk(index + 1, answers, (*asked, question.id))
        del answers[question.id]

    yield from walk(0, {}, ())


def random_answers(
    flow: Flow,
    rng: random.Random,
    pools: dict[str, list[Answer]] | None = None,
    keep: dict[str, Answer] | None = None,
) -> dict[str, Answer]:
    """The answers of one random valid path (every asked question answered).

    ``pools`` limits the values drawn per question; ``keep`` answers are reused
    where their question is still asked.
    """
    ask_if = compiled(flow).ask_if
    answers: dict[str, Answer] = {}
    for question, condition in zip(flow.questions, ask_if, strict=True):
        if condition is None or condition(answers, None):
            hidden = hidden_options(flow, question.id, answers)
            kept = keep.get(question.id) if keep is not None else None
            if kept is not None and (not hidden or hidden.isdisjoint(_values(kept))):
                answers[question.id] = kept
                continue
            pool = pools.get(question.id) if pools else None
            offered = offered_question(flow, question, answers)
            if offered is not question and pool:
                shown = set(offered.option_values)
                pool = [v for v in pool if shown.issuperset(_values(v))]
            answers[question.id] = rng.choice(pool) if pool else _random_value(offered, rng)
    return answers


def _values(answer: Answer) -> tuple[Any, ...]:
    return answer if isinstance(answer, tuple) else (answer,)


def _random_value(question: Question, rng: random.Random) -> Answer:
    if question.type in ("choice", "yes_no"):
        return rng.choice(question.option_values)
    if question.type == "multi":
        exclusive = [o.value for o in question.options if o.exclusive]
        plain = [o.value for o in question.options if not o.exclusive]
        if exclusive and (rng.random() < 0.25 or not plain):
            return (rng.choice(exclusive),)
        chosen = set(rng.sample(plain, rng.randint(1, min(3, len(plain)))))
        return tuple(v for v in plain if v in chosen)
    if question.type == "number":
        assert question.min is not None and question.max is not None
        if question.integer:
            return rng.randint(int(question.min), int(question.max))
        return round(rng.uniform(question.min, question.max), 1)
    return "text"


def answer_pools(flow: Flow) -> dict[str, list[Answer]]:
    """For each question, answers that take every branch of every condition in the flow."""
    conditions = [q.ask_if for q in flow.questions if q.ask_if is not None]
    conditions += [r.when for r in flow.rules] + [c.when for c in flow.contraindications]
    tests = _leaf_tests(conditions, flow)
    pools: dict[str, list[Answer]] = {}
    for question in flow.questions:
        pool = _candidates(question, tests.get(question.id, []))
        if question.type == "multi":
            plain = [o.value for o in question.options if not o.exclusive]
            pool += [tuple(v for v in plain if v in pair) for pair in itertools.pairwise(plain)]
        pools[question.id] = pool
    return pools


def verify_flow(flow: Flow, samples: int = 1500, seed: int = 1) -> Report:
    report = Report(flow.id, flow.version, questions=len(flow.questions), rules=len(flow.rules))
    _check_machine(flow, report)
    seen_paths: set[tuple[str, ...]] = set()
    asked: set[str] = set()
    dead_ends: list[str] = []
    for path in walk_paths(flow, dead_ends):
        seen_paths.add(path)
        asked.update(path)
    report.paths = len(seen_paths)
    report.problems += list(dict.fromkeys(dead_ends))
    if dead_ends:
        return report  # (random paths would meet the same dead end)
    for question in flow.questions:
        if question.id not in asked:
            report.problems.append(f"question {question.id!r} is never asked: no path reaches it")
    rng = random.Random(seed)
    pools = answer_pools(flow)
    matched: set[str] = set()
    outcomes: set[str] = set()
    quiet = _quiet(flow)
    for i in range(samples):
        keep = None
        if i % 2:  # half of them a quiet path with 1-3 answers changed: mild outcomes too
            keep = dict(quiet)
            for qid in rng.sample(list(pools), rng.randint(1, min(3, len(pools)))):
                keep[qid] = rng.choice(pools[qid])
        result = triage(flow, random_answers(flow, rng, pools, keep=keep), worded=False)
        matched.update(result.rule_ids)
        outcomes.add(result.outcome)
    report.samples = samples
    for rule in flow.rules:
        if rule.id not in matched and not _search(
            flow, rng, pools, lambda r, g=rule.id: _rule_gap(r, g)
        ):
            report.problems.append(
                f"rule {rule.id!r} never matched on {samples} random valid paths and a search: "
                "check that its condition can hold on a path where its questions are asked"
            )
    for outcome in flow.outcomes:
        gap = _outcome_gap(flow, outcome.id)
        if outcome.id not in outcomes and not _search(flow, rng, pools, gap):
            report.problems.append(
                f"outcome {outcome.id!r} is never the result on {samples} random valid paths "
                "and a search: check the rules that give it and the more severe ones"
            )
    return report


def _rule_gap(result: TriageResult, rule_id: str) -> int:
    return 0 if rule_id in result.rule_ids else 1


def _outcome_gap(flow: Flow, outcome_id: str) -> Callable[[TriageResult], int]:
    """How far a result is from ``outcome_id``: more severe rules matched, and whether
    a rule giving it matched (unless it is the default outcome)."""
    severity = flow.outcome(outcome_id).severity
    needs_rule = outcome_id != flow.default_outcome

    def gap(result: TriageResult) -> int:
        above = sum(1 for rule in result.rules if rule.severity > severity)
        missing = needs_rule and not any(rule.outcome == outcome_id for rule in result.rules)
        return above + int(missing)

    return gap


def _search(
    flow: Flow,
    rng: random.Random,
    pools: dict[str, list[Answer]],
    gap: Callable[[TriageResult], int],
    restarts: int = 5,
    steps: int = 3000,
) -> bool:
    """Local search for a valid path whose triage has ``gap(result) == 0``; the first
    start is a quiet path (nothing ticked, "no" everywhere), where the mild outcomes
    are a step or two away, then random ones."""
    for restart in range(restarts):
        start = _quiet(flow) if restart == 0 else None
        answers = random_answers(flow, rng, pools, keep=start)
        score = gap(triage(flow, answers, worded=False))
        for _ in range(steps):
            if score == 0:
                return True
            changed = dict(answers)
            qid = rng.choice(list(answers))
            changed[qid] = rng.choice(pools[qid])
            candidate = random_answers(flow, rng, pools, keep=changed)
            candidate_score = gap(triage(flow, candidate, worded=False))
            if candidate_score <= score:
                answers, score = candidate, candidate_score
        if score == 0:
            return True
    return False


def _quiet(flow: Flow) -> dict[str, Answer]:
    """For each question, the answer that says the least: its exclusive option ("none"),
    "no", its first option, its lowest number."""
    quiet: dict[str, Answer] = {}
    for question in flow.questions:
        exclusive = [o.value for o in question.options if o.exclusive]
        if question.type == "multi":
            quiet[question.id] = (exclusive[0] if exclusive else question.option_values[0],)
        elif question.type == "yes_no":
            quiet[question.id] = "no"
        elif question.type == "choice":
            quiet[question.id] = question.option_values[0]
        elif question.type == "number":
            assert question.max is not None and question.min is not None
            middle = (question.min + question.max) / 2
            quiet[question.id] = int(middle) if question.integer else middle
        else:
            quiet[question.id] = "text"
    return quiet


def _check_machine(flow: Flow, report: Report) -> None:
    """Every question state can advance, and its last way out needs no condition: every path ends."""
    machine = flow_machine(flow)
    event = machine.events["advance"]
    for question in flow.questions:
        ways = event.transitions.get(question.id, [])
        if not ways or ways[-1].conditions:
            report.problems.append(
                f"question {question.id!r} has no unconditional way onward: a path could stop there"
            )
        elif ways[-1].dest != REVIEW and flow.index_of(ways[-1].dest) <= flow.index_of(question.id):
            report.problems.append(f"question {question.id!r} leads back to an earlier question")
