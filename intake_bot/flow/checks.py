"""Static checks a schema cannot express: cross-references, languages, order, numbers.

Each problem is ``(location, message)``; the loader turns the location into
``questions[5] (onset).ask_if`` and a line number. The checks run on a flow that
the schema accepted, so every field has its type; they never raise.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Iterator
from dataclasses import fields, is_dataclass

from intake_bot.flow.conditions import questions_read, walk_condition
from intake_bot.flow.errors import Location
from intake_bot.flow.model import FRONT_DOORS, Condition, Flow, Question, plain_number
from intake_bot.flow.templates import (
    CONTRAINDICATIONS,
    conditions_on,
    looked_for,
    placeholders,
    required,
    stray_braces,
)

Found = tuple[Location, str]

_TEXT_FIELDS = (
    "text", "hint", "unit", "title", "welcome", "disclaimer", "reason",
    "yes", "no", "reason_text",
)  # fmt: skip

#: The operators that fit each question type.
_FITS = {
    "choice": {"eq", "in", "answered"},
    "yes_no": {"eq", "in", "answered"},
    "multi": {"has", "has_other_than", "answered"},
    "number": {"eq", "in", "between", "answered"},
    "text": {"answered"},
}


def check_flow(flow: Flow) -> list[Found]:
    problems: list[Found] = []
    problems += _duplicate_ids(flow)
    problems += _languages(flow)
    problems += _references(flow)
    problems += _numbers(flow)
    problems += _yes_no_texts(flow)
    problems += _consents(flow)
    problems += _templates(flow)
    problems += _covers(flow)
    problems += _next_steps(flow)
    return problems


#: Placeholders of the texts that are not reasons, each with what fills it.
_FIXED_PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "next_steps": ("call_the_clinic",),
    "contraindication_kinds": ("list",),
    "clinic_contact": ("clinic", "phone"),
}


def _covers(flow: Flow) -> Iterator[Found]:
    """A rule covers only other, known rules no more severe than itself."""
    severity = {o.id: o.severity for o in flow.outcomes}
    rules = {r.id: r for r in flow.rules}
    for i, rule in enumerate(flow.rules):
        for j, covered in enumerate(rule.covers):
            here: Location = ("rules", i, "covers", j)
            if covered in rule.covers[:j]:
                yield here, f"rule {covered!r} is listed twice"
            elif covered == rule.id:
                yield here, f"rule {rule.id!r} cannot cover itself"
            elif covered not in rules:
                yield here, f"unknown rule {covered!r}{_did_you_mean(covered, rules)}"
            elif severity.get(rules[covered].outcome, 0) > severity.get(rule.outcome, 0):
                message = (
                    f"rule {rule.id!r} ({rule.outcome}) cannot cover {covered!r}, whose outcome "
                    f"{rules[covered].outcome!r} is more severe: its reason would go unsaid"
                )
                yield here, message
            elif rule.id in rules[covered].covers:
                message = (
                    f"rules {rule.id!r} and {covered!r} cover each other: when both match, "
                    "neither reason would be shown"
                )
                yield here, message
    yield from _cover_cycles(flow)


def _cover_cycles(flow: Flow) -> Iterator[Found]:
    """A longer circle of covers (A covers B, B covers C, C covers A) hides every reason."""
    covers = {r.id: set(r.covers) for r in flow.rules}
    for i, rule in enumerate(flow.rules):
        seen, stack = set(), list(covers[rule.id])
        while stack:
            current = stack.pop()
            if current == rule.id:
                if len(seen) > 1:  # (two rules covering each other are named above)
                    message = (
                        f"rule {rule.id!r} covers itself through other rules' covers: "
                        "when they all match, no reason would be shown"
                    )
                    yield ("rules", i, "covers"), message
                break
            if current not in seen:
                seen.add(current)
                stack.extend(covers.get(current, ()))


def _next_steps(flow: Flow) -> Iterator[Found]:
    """Next steps are written for every front door; {call_the_clinic} needs clinic_contact."""
    for i, outcome in enumerate(flow.outcomes):
        if outcome.next_steps is None:
            continue
        for door in FRONT_DOORS:
            if door not in outcome.next_steps:
                message = (
                    f"missing the next steps for front door {door!r}: each of "
                    f"{', '.join(FRONT_DOORS)} needs its own, true where it is read"
                )
                yield ("outcomes", i, "next_steps"), message
        for door, text in outcome.next_steps.items():
            for language, words in text.items():
                if "call_the_clinic" in placeholders(words) and flow.clinic_contact is None:
                    message = (
                        "{call_the_clinic} needs the flow's clinic_contact texts: add "
                        "clinic_contact: {clinic: {...}, with_phone: {...}, without_phone: {...}}"
                    )
                    yield ("outcomes", i, "next_steps", door, language), message
    if flow.clinic_contact is not None:
        for language, words in flow.clinic_contact.with_phone.items():
            if "phone" not in placeholders(words):
                message = "{phone} is missing: this text is read when the clinic set its phone"
                yield ("clinic_contact", "with_phone", language), message
        for part in ("clinic", "without_phone"):
            for language, words in getattr(flow.clinic_contact, part).items():
                if "phone" in placeholders(words):
                    message = (
                        "{phone} cannot be filled here: this text is read when no phone is set"
                    )
                    yield ("clinic_contact", part, language), message
    if flow.contraindication_kinds is not None:
        for kind in ("absolute", "relative"):
            for language, words in getattr(flow.contraindication_kinds, kind).items():
                if "list" not in placeholders(words):
                    message = "{list} is missing: it names the contraindications found"
                    yield ("contraindication_kinds", kind, language), message


def _consents(flow: Flow) -> Iterator[Found]:
    for door in FRONT_DOORS:  # (self_save is optional: without it, home saves only on a press)
        if door not in flow.consent:
            message = (
                f"missing the consent for front door {door!r}: each of "
                f"{', '.join(FRONT_DOORS)} needs its own, true where it is read"
            )
            yield ("consent",), message


def _templates(flow: Flow) -> Iterator[Found]:
    """Every placeholder names something its rule or contraindication always has to
    say, worded for the middle of a sentence; braces anywhere else are refused."""
    filled: set[Location] = set()
    for i, rule in enumerate(flow.rules):
        loc: Location = ("rules", i, "reason")
        filled.add(loc)
        yield from _placeholders(flow, rule.reason, loc, [rule.when], "rule", True)
        for j, case in enumerate(rule.cases):
            here: Location = ("rules", i, "cases", j, "text")
            filled.add(here)
            yield from _placeholders(flow, case.text, here, [rule.when, case.when], "case", True)
    for i, contra in enumerate(flow.contraindications):
        loc = ("contraindications", i, "text")
        filled.add(loc)
        yield from _placeholders(flow, contra.text, loc, [contra.when], "contraindication", False)
        for j, case in enumerate(contra.cases):
            here: Location = ("contraindications", i, "cases", j, "text")
            filled.add(here)
            conditions = [contra.when, case.when]
            yield from _placeholders(flow, case.text, here, conditions, "case", False)
    for loc, text in _texts(flow, ()):
        if loc in filled:
            continue
        allowed = next((names for part, names in _FIXED_PLACEHOLDERS.items() if part in loc), ())
        for language, words in text.items():
            unknown = [f"{{{n}}}" for n in placeholders(words) if n not in allowed]
            for brace in dict.fromkeys(stray_braces(words) + unknown):
                if allowed:
                    names = ", ".join(f"{{{n}}}" for n in allowed)
                    yield (*loc, language), f"{brace}: only {names} can be filled here"
                    continue
                message = (
                    f"{brace} would be shown as it is: placeholders are filled only in "
                    "rules' reasons and contraindications' texts"
                )
                yield (*loc, language), message


def _placeholders(
    flow: Flow,
    text: dict[str, str],
    loc: Location,
    conditions: list[Condition],
    what: str,
    in_rule: bool,
) -> Iterator[Found]:
    for language, words in text.items():
        here = (*loc, language)
        for brace in dict.fromkeys(stray_braces(words)):
            yield (
                here,
                f"{brace} is not a placeholder: write {{question_id}} in lower case, or no braces",
            )
        for name in dict.fromkeys(placeholders(words)):
            if name == CONTRAINDICATIONS and in_rule:
                continue
            if not flow.has_question(name):
                known = [q.id for q in flow.questions] + ([CONTRAINDICATIONS] if in_rule else [])
                hint = _did_you_mean(name, known)
                yield here, f"unknown placeholder {{{name}}}{hint}"
                continue
            if not any(required(c, name, flow.conditions) for c in conditions):
                message = (
                    f"{{{name}}}: this {what} can hold without an answer to {name!r} that it "
                    "looks for, so the sentence could have a gap (test the question on every "
                    "branch of its when, not only under any or not)"
                )
                yield here, message
                continue
            yield from _named_options(flow, name, conditions, here)


def _named_options(
    flow: Flow, name: str, conditions: list[Condition], loc: Location
) -> Iterator[Found]:
    """The options a placeholder can name must say how a sentence names them."""
    question = flow.question(name)
    if question.type == "yes_no":
        yield loc, f"{{{name}}} would say only Yes or No: word the sentence instead"
        return
    tests = [t for c in conditions for t in conditions_on(c, name, flow.conditions)]
    for option in question.options:
        if option.reason_text is None and any(looked_for(t, option.value) for t in tests):
            message = (
                f"{{{name}}} can name option {option.value!r}, which has no reason_text "
                "(how a sentence names it, e.g. 'pus-filled spots')"
            )
            yield loc, message


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    names = sorted(known)
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if close:
        return f" (did you mean {close[0]!r}?)"
    if len(names) <= 12:
        return f" (known: {', '.join(names) or 'none'})"
    return ""


# -- ids and severities -----------------------------------------------------------------


def _duplicate_ids(flow: Flow) -> Iterator[Found]:
    for section in ("questions", "outcomes", "rules", "contraindications"):
        seen: dict[str, int] = {}
        for i, item in enumerate(getattr(flow, section)):
            if item.id in seen:
                first = f"{section}[{seen[item.id]}]"
                yield (section, i, "id"), f"duplicate id {item.id!r} (first used at {first})"
            else:
                seen[item.id] = i
    severities: dict[int, str] = {}
    for i, outcome in enumerate(flow.outcomes):
        if outcome.severity in severities:
            other = severities[outcome.severity]
            message = (
                f"severity {outcome.severity} is also {other!r}'s: each outcome needs "
                "its own severity so that the most severe is clear"
            )
            yield ("outcomes", i, "severity"), message
        else:
            severities[outcome.severity] = outcome.id


def _yes_no_texts(flow: Flow) -> Iterator[Found]:
    if flow.yes_no is not None:
        return
    for i, question in enumerate(flow.questions):
        if question.type == "yes_no":
            message = (
                "a yes_no question needs the flow's yes_no texts: add "
                "yes_no: {yes: {...}, no: {...}} at the top of the file"
            )
            yield ("questions", i, "type"), message
            return


# -- languages --------------------------------------------------------------------------


def _languages(flow: Flow) -> Iterator[Found]:
    declared = set(flow.languages)
    listed = ", ".join(flow.languages)
    for i, language in enumerate(flow.languages):
        if language in flow.languages[:i]:
            yield ("languages", i), f"language {language!r} is listed twice"
    for loc, text in _texts(flow, ()):
        for language in flow.languages:
            if language not in text:
                yield loc, f"missing the {language!r} text (the flow's languages: {listed})"
        for language in text:
            if language not in declared:
                message = (
                    f"text in {language!r}, which is not among the flow's languages ({listed})"
                )
                yield (*loc, language), message
    for loc, synonyms in _synonyms(flow):
        for language in synonyms:
            if language not in declared:
                message = (
                    f"synonyms in {language!r}, which is not among the flow's languages ({listed})"
                )
                yield (*loc, language), message


def _texts(node: object, loc: Location) -> Iterator[tuple[Location, dict[str, str]]]:
    if is_dataclass(node):
        for name in (f.name for f in fields(node)):
            value = getattr(node, name)
            if name in _TEXT_FIELDS and isinstance(value, dict):
                yield (*loc, name), value
            elif name in ("consent", "next_steps") and isinstance(value, dict):
                for door, text in value.items():
                    yield (*loc, name, door), text
            elif name in ("contraindication_kinds", "clinic_contact") and value is not None:
                for part in (f.name for f in fields(value)):
                    yield (*loc, name, part), getattr(value, part)
            elif name in (
                "questions",
                "options",
                "outcomes",
                "rules",
                "contraindications",
                "cases",
            ):
                for i, item in enumerate(value):
                    yield from _texts(item, (*loc, name, i))
            elif name == "yes_no" and value is not None:
                yield from _texts(value, (*loc, name))


def _synonyms(flow: Flow) -> Iterator[tuple[Location, dict[str, list[str]]]]:
    for i, question in enumerate(flow.questions):
        for j, option in enumerate(question.options):
            yield ("questions", i, "options", j, "synonyms"), option.synonyms
    if flow.yes_no is not None:
        yield ("yes_no", "yes_synonyms"), flow.yes_no.yes_synonyms
        yield ("yes_no", "no_synonyms"), flow.yes_no.no_synonyms


# -- references and order ---------------------------------------------------------------


def _references(flow: Flow) -> Iterator[Found]:
    outcome_ids = {o.id for o in flow.outcomes}
    if flow.default_outcome not in outcome_ids:
        hint = _did_you_mean(flow.default_outcome, outcome_ids)
        yield ("default_outcome",), f"unknown outcome {flow.default_outcome!r}{hint}"
    yield from _ref_cycles(flow)
    for name, condition in flow.conditions.items():
        yield from _condition(flow, condition, ("conditions", name), before=None, in_rule=False)
    for i, question in enumerate(flow.questions):
        if question.ask_if is not None:
            yield from _condition(flow, question.ask_if, ("questions", i, "ask_if"), i, False)
        for j, option in enumerate(question.options):
            if option.show_if is not None:
                here = ("questions", i, "options", j, "show_if")
                yield from _condition(flow, option.show_if, here, i, False, "show_if")
                if option.exclusive:
                    message = (
                        f"exclusive option {option.value!r} is how a person says none of the "
                        "others apply: it is always shown (no show_if)"
                    )
                    yield here, message
    for i, contra in enumerate(flow.contraindications):
        yield from _condition(flow, contra.when, ("contraindications", i, "when"), None, False)
        for j, case in enumerate(contra.cases):
            here: Location = ("contraindications", i, "cases", j, "when")
            yield from _condition(flow, case.when, here, None, False)
    outcomes_so_far: set[str] = set()
    for i, rule in enumerate(flow.rules):
        loc: Location = ("rules", i)
        if rule.outcome not in outcome_ids:
            hint = _did_you_mean(rule.outcome, outcome_ids)
            yield (*loc, "outcome"), f"unknown outcome {rule.outcome!r}{hint}"
        for cond, path in walk_condition(rule.when):
            wanted = cond.outcome_matched
            if wanted is None:
                continue
            if wanted not in outcome_ids:
                hint = _did_you_mean(wanted, outcome_ids)
                yield (*loc, "when", *path), f"outcome_matched: unknown outcome {wanted!r}{hint}"
            elif wanted not in outcomes_so_far:
                message = (
                    f"outcome_matched {wanted!r}: no rule before this one gives that outcome "
                    "(rules are read in order; put this rule after them)"
                )
                yield (*loc, "when", *path), message
        yield from _condition(flow, rule.when, (*loc, "when"), None, True)
        for j, case in enumerate(rule.cases):
            yield from _condition(flow, case.when, (*loc, "cases", j, "when"), None, False)
        texts = [rule.reason, *(case.text for case in rule.cases)]
        uses_list = any("{contraindications}" in t for text in texts for t in text.values())
        if uses_list and not any(c.contraindicated for c, _ in walk_condition(rule.when)):
            message = (
                "{contraindications} is used but the rule does not test contraindicated: "
                "add {contraindicated: true} to its when"
            )
            yield (*loc, "reason"), message
        outcomes_so_far.add(rule.outcome)


def _ref_cycles(flow: Flow) -> Iterator[Found]:
    def refs(condition: Condition) -> set[str]:
        return {c.ref for c, _ in walk_condition(condition) if c.ref is not None}

    for name in flow.conditions:
        stack, seen = [name], set()
        while stack:
            current = stack.pop()
            for nxt in refs(flow.conditions[current]) if current in flow.conditions else ():
                if nxt == name:
                    yield (
                        ("conditions", name),
                        f"condition {name!r} refers back to itself through ref",
                    )
                    stack = []
                    break
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)


def _condition(
    flow: Flow,
    condition: Condition,
    loc: Location,
    before: int | None,
    in_rule: bool,
    guard: str = "ask_if",
) -> Iterator[Found]:
    """Check one condition. ``before``: the index of the question it guards (its
    ``ask_if``, or an option's ``show_if``)."""
    for cond, path in walk_condition(condition):
        here = (*loc, *path)
        if cond.ref is not None and cond.ref not in flow.conditions:
            hint = _did_you_mean(cond.ref, flow.conditions)
            yield here, f"ref: unknown condition {cond.ref!r}{hint}"
        if not in_rule and (cond.outcome_matched is not None or cond.contraindicated is not None):
            yield here, "outcome_matched and contraindicated can only be used in rules"
        if cond.q is not None:
            yield from _test(flow, cond, here)
    if before is not None:
        guarded = flow.questions[before]
        for qid in sorted(questions_read(condition, flow.conditions)):
            if flow.has_question(qid) and flow.index_of(qid) >= before:
                what = "itself" if qid == guarded.id else f"{qid!r}, which is asked later"
                message = f"the {guard} of {guarded.id!r} reads {what}: it can only read earlier questions"
                yield loc, message


def _test(flow: Flow, cond: Condition, loc: Location) -> Iterator[Found]:
    assert cond.q is not None
    if not flow.has_question(cond.q):
        hint = _did_you_mean(cond.q, (q.id for q in flow.questions))
        yield loc, f"unknown question {cond.q!r}{hint}"
        return
    question = flow.question(cond.q)
    operator = cond.operators()[0]
    fits = _FITS[question.type]
    if operator not in fits:
        yield (
            loc,
            (
                f"operator {operator!r} does not fit {question.type} question {question.id!r} "
                f"(use {', '.join(sorted(fits))})"
            ),
        )
        return
    values: list[object] = []
    if cond.eq is not None:
        values = [cond.eq]
    elif cond.in_ is not None:
        values = list(cond.in_)
    elif cond.has is not None:
        values = list(cond.has)
    elif cond.has_other_than is not None:
        values = list(cond.has_other_than)
    if question.type == "number":
        yield from _number_test(question, cond, operator, values, loc)
        return
    allowed = question.option_values
    for value in values:
        if value not in allowed:
            shown = value if isinstance(value, str) else str(value).lower()
            yield (
                loc,
                (
                    f"{operator}: {shown!r} is not an option of {question.id!r} "
                    f"(options: {', '.join(allowed)})"
                ),
            )


def _number_test(
    question: Question, cond: Condition, operator: str, values: list[object], loc: Location
) -> Iterator[Found]:
    low_end = question.min if question.min is not None else -math.inf
    high_end = question.max if question.max is not None else math.inf
    span = f"{plain_number(low_end)}..{plain_number(high_end)}"
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | float):
            shown = value if isinstance(value, str) else str(value).lower()
            yield (
                loc,
                f"{operator}: {shown!r} is not a number (question {question.id!r} is a number)",
            )
        elif math.isfinite(value) and not low_end <= value <= high_end:
            yield (
                loc,
                (
                    f"{operator}: {plain_number(value)} is outside {question.id!r}'s range {span}, "
                    "so this is never true"
                ),
            )
    if cond.between is not None:
        low, high = cond.between
        if high < low_end or low > high_end:
            yield (
                loc,
                (
                    f"between [{plain_number(low)}, {plain_number(high)}] is outside {question.id!r}'s range {span}, "
                    "so this is never true"
                ),
            )


# -- numbers ----------------------------------------------------------------------------


def _numbers(flow: Flow) -> Iterator[Found]:
    """Numbers must be finite: YAML's .inf and .nan make comparisons meaningless."""
    for i, question in enumerate(flow.questions):
        for name in ("min", "max"):
            value = getattr(question, name)
            if value is not None and not math.isfinite(value):
                yield ("questions", i, name), f"{name} must be a finite number, not {value}"
    for loc, condition in _all_conditions(flow):
        for cond, path in walk_condition(condition):
            values = [*(cond.between or ()), cond.eq, *(cond.in_ or ())]
            bad = [v for v in values if isinstance(v, float) and not math.isfinite(v)]
            if bad:
                yield (*loc, *path), f"{bad[0]} is not a usable number (use a finite number)"


def _all_conditions(flow: Flow) -> Iterator[tuple[Location, Condition]]:
    for name, condition in flow.conditions.items():
        yield ("conditions", name), condition
    for i, question in enumerate(flow.questions):
        if question.ask_if is not None:
            yield ("questions", i, "ask_if"), question.ask_if
        for j, option in enumerate(question.options):
            if option.show_if is not None:
                yield ("questions", i, "options", j, "show_if"), option.show_if
    for i, contra in enumerate(flow.contraindications):
        yield ("contraindications", i, "when"), contra.when
        for j, case in enumerate(contra.cases):
            yield ("contraindications", i, "cases", j, "when"), case.when
    for i, rule in enumerate(flow.rules):
        yield ("rules", i, "when"), rule.when
        for j, case in enumerate(rule.cases):
            yield ("rules", i, "cases", j, "when"), case.when
