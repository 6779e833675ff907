"""The flow as the program uses it: small frozen dataclasses, no validation here.

A flow file is read and validated once, at the boundary, by the pydantic schema in
:mod:`intake_bot.flow.schema` (see :mod:`intake_bot.flow.loader`); what it accepted
becomes these objects through :func:`flow_from_data`. Keeping pydantic out of this
module keeps it out of a session's start: a flow already validated is read back from
its cache (:mod:`intake_bot.flow.cache`) straight into these classes.

Field names are the schema's (``not_`` and ``in_`` for the file's ``not`` and
``in``); a test keeps the two in step. Lists in the file become tuples here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Literal

#: A text in each of the flow's languages: ``{en: "...", es: "..."}``.
LocalText = dict[str, str]
QuestionType = Literal["choice", "multi", "yes_no", "number", "text"]
Scalar = str | int | float | bool

#: The ways in: each has its own consent text (the flow holds one per front door).
FRONT_DOORS = ("kiosk", "self", "staff")

#: The operator fields of a condition on a question, in the order they are named.
OPERATORS = ("eq", "in_", "has", "has_other_than", "between", "answered")


def plain_number(number: float) -> str:
    """42, 1.5, inf; a huge number shortened so a message stays readable."""
    if isinstance(number, int) and abs(number) >= 10**15:
        return f"a {len(str(abs(number)))}-digit number"
    if isinstance(number, float) and number.is_integer():
        return str(int(number)) if abs(number) < 1e15 else f"{number:.3g}"
    return str(number)


def shown(name: str) -> str:
    """A field's name as a flow file writes it (``in_`` -> ``in``)."""
    return name.rstrip("_")


def operators_of(condition: Any) -> list[str]:
    """The operators a condition uses, as the file names them."""
    return [shown(name) for name in OPERATORS if getattr(condition, name) is not None]


@dataclass(frozen=True, slots=True)
class Condition:
    """One structured condition (the forms are described in the schema)."""

    all: tuple[Condition, ...] | None = None
    any: tuple[Condition, ...] | None = None
    not_: Condition | None = None
    ref: str | None = None
    q: str | None = None
    eq: Scalar | None = None
    in_: tuple[Scalar, ...] | None = None
    has: tuple[str, ...] | None = None
    has_other_than: tuple[str, ...] | None = None
    between: tuple[float, float] | None = None
    answered: bool | None = None
    outcome_matched: str | None = None
    contraindicated: bool | None = None

    _nested: ClassVar[dict[str, type]] = {}  # filled below, once the class exists

    def operators(self) -> list[str]:
        return operators_of(self)


Condition._nested = {"all": Condition, "any": Condition, "not_": Condition}


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    text: LocalText
    #: Extra words a typed reply may use for this option, per language.
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Chosen alone only (e.g. "none" in a multi question).
    exclusive: bool = False
    #: How a reason names this option mid-sentence ("pus-filled spots"); the option's
    #: text when absent.
    reason_text: LocalText | None = None
    #: Shown (and allowed) only when this holds on the earlier answers.
    show_if: Condition | None = None

    _nested: ClassVar[dict[str, type]] = {"show_if": Condition}


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    type: QuestionType
    text: LocalText
    hint: LocalText | None = None
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    integer: bool = True
    unit: LocalText | None = None
    max_length: int = 500
    ask_if: Condition | None = None
    #: The values this question allows (yes and no for a yes_no question).
    option_values: tuple[str, ...] = field(init=False, repr=False, compare=False)

    _nested: ClassVar[dict[str, type]] = {"options": Option, "ask_if": Condition}

    def __post_init__(self) -> None:
        values = ("yes", "no") if self.type == "yes_no" else tuple(o.value for o in self.options)
        object.__setattr__(self, "option_values", values)


@dataclass(frozen=True, slots=True)
class YesNoTexts:
    yes: LocalText
    no: LocalText
    yes_synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    no_synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Outcome:
    id: str
    severity: int
    title: LocalText
    text: LocalText
    #: Per front door (:data:`FRONT_DOORS`).
    next_steps: dict[str, LocalText] | None = None


@dataclass(frozen=True, slots=True)
class Wording:
    """A text used when its condition holds (the first such case wins)."""

    when: Condition
    text: LocalText

    _nested: ClassVar[dict[str, type]] = {"when": Condition}


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    when: Condition
    outcome: str
    #: Why this rule matched, for the person: a template (see
    #: :mod:`intake_bot.flow.templates`) that can name what the person reported.
    reason: LocalText
    #: The reason worded per answer: the first case whose ``when`` holds, else ``reason``.
    cases: tuple[Wording, ...] = ()
    #: Rules whose reasons this one says for them: when it matches, theirs are not shown.
    covers: tuple[str, ...] = ()
    #: Not shown when any rule of a more severe outcome matches.
    covered_by_more_severe: bool = False

    _nested: ClassVar[dict[str, type]] = {"when": Condition, "cases": Wording}


@dataclass(frozen=True, slots=True)
class Contraindication:
    id: str
    when: Condition
    #: Completes "... because <text>"; ``cases`` word it per answer ("you are
    #: pregnant" / "you may be pregnant"), ``text`` when no case holds.
    text: LocalText
    cases: tuple[Wording, ...] = ()
    #: ``absolute`` (never done while it holds) or ``relative`` (a doctor checks first).
    kind: str = "relative"

    _nested: ClassVar[dict[str, type]] = {"when": Condition, "cases": Wording}


@dataclass(frozen=True, slots=True)
class ContraindicationKinds:
    """One sentence per kind; ``{list}`` is the texts found of that kind."""

    absolute: LocalText
    relative: LocalText


@dataclass(frozen=True, slots=True)
class ClinicContact:
    """How ``{call_the_clinic}`` reads: ``{clinic}`` the clinic's name (``clinic`` when
    the settings name none), ``{phone}`` its phone number."""

    clinic: LocalText
    with_phone: LocalText
    without_phone: LocalText


@dataclass(frozen=True, slots=True)
class Flow:
    id: str
    version: int
    languages: tuple[str, ...]
    title: LocalText
    welcome: LocalText
    #: One consent per front door (:data:`FRONT_DOORS`), each true where it is read.
    consent: dict[str, LocalText]
    disclaimer: LocalText
    default_outcome: str
    questions: tuple[Question, ...]
    outcomes: tuple[Outcome, ...]
    yes_no: YesNoTexts | None = None
    conditions: dict[str, Condition] = field(default_factory=dict)
    contraindications: tuple[Contraindication, ...] = ()
    contraindication_kinds: ContraindicationKinds | None = None
    clinic_contact: ClinicContact | None = None
    rules: tuple[Rule, ...] = ()

    _by_id: dict[str, Question] = field(init=False, repr=False, compare=False)
    _index: dict[str, int] = field(init=False, repr=False, compare=False)
    #: What upper layers compile from this flow once (predicates, the state machine).
    _compiled: dict[str, Any] = field(init=False, repr=False, compare=False)

    _nested: ClassVar[dict[str, type]] = {
        "yes_no": YesNoTexts,
        "conditions": Condition,
        "questions": Question,
        "outcomes": Outcome,
        "contraindications": Contraindication,
        "contraindication_kinds": ContraindicationKinds,
        "clinic_contact": ClinicContact,
        "rules": Rule,
    }
    _mappings: ClassVar[tuple[str, ...]] = ("conditions",)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {q.id: q for q in self.questions})
        object.__setattr__(self, "_index", {q.id: i for i, q in enumerate(self.questions)})
        object.__setattr__(self, "_compiled", {})

    def compiled(self, key: str, build: Callable[[Flow], Any]) -> Any:
        """``build(self)`` once per flow and key, then the same object every time."""
        if key not in self._compiled:
            self._compiled[key] = build(self)
        return self._compiled[key]

    def question(self, question_id: str) -> Question:
        return self._by_id[question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._by_id

    def index_of(self, question_id: str) -> int:
        return self._index[question_id]

    def outcome(self, outcome_id: str) -> Outcome:
        return next(o for o in self.outcomes if o.id == outcome_id)

    def text(self, text: LocalText, language: str) -> str:
        """The text in ``language``, else in the flow's first language."""
        return text.get(language) or text[self.languages[0]]

    def consent_for(self, front_door: str, language: str) -> str:
        """The consent read at ``front_door`` (kiosk, self, staff, or ``self_save``)."""
        return self.text(self.consent[front_door], language)

    def rule(self, rule_id: str) -> Rule:
        by_id: dict[str, Rule] = self.compiled("rules", lambda f: {r.id: r for r in f.rules})
        return by_id[rule_id]

    def reason_text(self, question: Question, value: str, language: str) -> str:
        """How a reason names ``value`` mid-sentence: its reason_text, else its text."""
        for option in question.options:
            if option.value == value and option.reason_text is not None:
                return self.text(option.reason_text, language)
        return self.option_text(question, value, language)

    def option_text(self, question: Question, value: str, language: str) -> str:
        if question.type == "yes_no":
            assert self.yes_no is not None
            return self.text(self.yes_no.yes if value == "yes" else self.yes_no.no, language)
        for option in question.options:
            if option.value == value:
                return self.text(option.text, language)
        return value


# -- plain data <-> objects ---------------------------------------------------------------


def flow_from_data(data: dict[str, Any]) -> Flow:
    """The flow from plain data: the schema's dump of a validated file, or the same
    read back from the cache as JSON. Not a validation: the data must have passed
    the schema (a mistake here raises ``TypeError``/``KeyError``/``AttributeError``)."""
    return _build(Flow, data)


def flow_to_data(flow: Flow) -> dict[str, Any]:
    """Plain data (dicts, lists, texts, numbers) that :func:`flow_from_data` reads back."""
    return _plain(flow)


def _build(cls: type, data: dict[str, Any]) -> Any:
    nested: dict[str, type] = getattr(cls, "_nested", {})
    mappings: tuple[str, ...] = getattr(cls, "_mappings", ())
    values: dict[str, Any] = {}
    for name, value in data.items():
        inner = nested.get(name)
        if value is None or inner is None:
            values[name] = _frozen(value)
        elif isinstance(value, list | tuple):
            values[name] = tuple(_build(inner, item) for item in value)
        elif name in mappings:
            values[name] = {key: _build(inner, item) for key, item in value.items()}
        else:
            values[name] = _build(inner, value)
    return cls(**values)


def _frozen(value: Any) -> Any:
    """Lists become tuples, also inside mappings (``synonyms: {en: [...]}``)."""
    if isinstance(value, list | tuple):
        return tuple(value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value) if f.init}
    return value
