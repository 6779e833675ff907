"""The flow file's schema: pydantic models that validate what a flow file says.

Used once, at the boundary, by :mod:`intake_bot.flow.loader`; what they accept is
turned into the program's own objects (:mod:`intake_bot.flow.model`), which carry
no validation and load without pydantic. Cross-references (a condition naming a
question, a rule naming an outcome...) are checked afterwards by
:mod:`intake_bot.flow.checks`, which knows where each thing is.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from intake_bot.flow.model import FRONT_DOORS, operators_of, shown

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
#: An option value: lower-case letters, digits and _, with at least one letter
#: ("3_to_12_months" is fine; a bare "2" would be confused with the option number).
OptionValue = Annotated[str, Field(pattern=r"^[a-z0-9_]*[a-z][a-z0-9_]*$", max_length=64)]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]

#: A text in each of the flow's languages: ``{en: "...", es: "..."}``.
LocalText = dict[LanguageCode, Annotated[str, Field(min_length=1)]]

QuestionType = Literal["choice", "multi", "yes_no", "number", "text"]
FrontDoor = Literal["kiosk", "self", "staff"]
#: The consents: one per front door, and ``self_save`` for home when every summary is saved.
ConsentKey = Literal["kiosk", "self", "staff", "self_save"]
ContraindicationKind = Literal["absolute", "relative"]
Scalar = str | int | float | bool


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Condition(_Strict):
    """One structured condition. Exactly one form is used:

    - ``{all: [c, ...]}``, ``{any: [c, ...]}``, ``{not: c}``: combinations;
    - ``{ref: name}``: a named condition from the flow's ``conditions``;
    - ``{q: question, <operator>: value}`` with one operator among ``eq``, ``in``,
      ``has``, ``has_other_than``, ``between``, ``answered``;
    - ``{outcome_matched: outcome}`` and ``{contraindicated: true}``: only in rules.

    A question that was not answered (not asked on this path) makes every
    operator false except ``answered: false``.
    """

    all: list[Condition] | None = Field(default=None, min_length=1)
    any: list[Condition] | None = Field(default=None, min_length=1)
    not_: Condition | None = Field(default=None, alias="not")
    ref: Identifier | None = None
    q: Identifier | None = None
    eq: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in", min_length=1)
    has: list[str] | None = Field(default=None, min_length=1)
    has_other_than: list[str] | None = Field(default=None, min_length=1)
    between: tuple[float, float] | None = None
    answered: bool | None = None
    outcome_matched: Identifier | None = None
    contraindicated: bool | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        combinators = [
            name
            for name in ("all", "any", "not_", "ref", "outcome_matched", "contraindicated")
            if getattr(self, name) is not None
        ]
        operators = self.operators()
        if self.q is not None:
            if combinators:
                raise ValueError(
                    f"a condition on question {self.q!r} cannot also use "
                    f"{', '.join(shown(c) for c in combinators)}"
                )
            if len(operators) != 1:
                found = ", ".join(operators) if operators else "none"
                raise ValueError(
                    f"a condition on question {self.q!r} needs exactly one operator "
                    f"(eq, in, has, has_other_than, between, answered); found {found}"
                )
        else:
            if operators:
                raise ValueError(
                    f"operator {operators[0]!r} needs a question: add q: <question id>"
                )
            if len(combinators) != 1:
                raise ValueError(
                    "a condition needs exactly one of all, any, not, ref, q, "
                    "outcome_matched, contraindicated"
                )
        if self.between is not None and self.between[0] > self.between[1]:
            raise ValueError(f"between: the low bound {self.between[0]} is above the high bound")
        return self

    def operators(self) -> list[str]:
        return operators_of(self)


class Option(_Strict):
    value: OptionValue
    text: LocalText
    #: Extra words a typed reply may use for this option, per language.
    synonyms: dict[LanguageCode, list[str]] = Field(default_factory=dict)
    #: Chosen alone only (e.g. "none" in a multi question).
    exclusive: bool = False
    #: How a reason names this option mid-sentence; the option's text when absent.
    reason_text: LocalText | None = None
    #: Shown (and allowed) only when this holds on the earlier answers.
    show_if: Condition | None = None


class Question(_Strict):
    id: Identifier
    type: QuestionType
    text: LocalText
    hint: LocalText | None = None
    options: list[Option] = Field(default_factory=list)
    min: float | None = None
    max: float | None = None
    integer: bool = True
    unit: LocalText | None = None
    max_length: int = Field(default=500, ge=1, le=10_000)
    ask_if: Condition | None = None

    @model_validator(mode="after")
    def _fits_type(self) -> Question:
        if self.type in ("choice", "multi") and len(self.options) < 2:
            raise ValueError(f"a {self.type} question needs at least two options")
        if self.type in ("yes_no", "number", "text") and self.options:
            raise ValueError(
                f"a {self.type} question has no options"
                + (
                    " (yes and no come from the flow's yes_no texts)"
                    if self.type == "yes_no"
                    else ""
                )
            )
        if self.type != "number" and (self.min is not None or self.max is not None):
            raise ValueError("min and max are only for number questions")
        if self.type == "number" and (self.min is None or self.max is None):
            raise ValueError("a number question needs min and max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        values = [o.value for o in self.options]
        for value in values:
            if values.count(value) > 1:
                raise ValueError(f"option value {value!r} appears more than once")
        if self.type == "choice" and any(o.exclusive for o in self.options):
            raise ValueError("exclusive options are only for multi questions")
        return self


class YesNoTexts(_Strict):
    yes: LocalText
    no: LocalText
    yes_synonyms: dict[LanguageCode, list[str]] = Field(default_factory=dict)
    no_synonyms: dict[LanguageCode, list[str]] = Field(default_factory=dict)


class Outcome(_Strict):
    id: Identifier
    severity: int = Field(ge=0, le=100)
    title: LocalText
    text: LocalText
    #: What to do next, per front door ({kiosk: {...}, self: {...}, staff: {...}}); one
    #: text for every front door is read as that text at each of them.
    next_steps: dict[FrontDoor, LocalText] | None = None

    @field_validator("next_steps", mode="before")
    @classmethod
    def _per_front_door(cls, value: object) -> object:
        if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
            return dict.fromkeys(FRONT_DOORS, value)
        return value


class Wording(_Strict):
    when: Condition
    text: LocalText


class Rule(_Strict):
    id: Identifier
    when: Condition
    outcome: Identifier
    #: Why this rule matched, for the person. ``{contraindications}`` is replaced by
    #: the texts of the contraindications found, ``{<question id>}`` by what the person
    #: answered there (see :mod:`intake_bot.flow.templates`).
    reason: LocalText
    #: The reason worded per answer: the first case whose ``when`` holds, else ``reason``.
    cases: list[Wording] = Field(default_factory=list)
    #: Rules whose reasons this one says for them: matched, they are not shown.
    covers: list[Identifier] = Field(default_factory=list)
    #: Not shown when any rule of a more severe outcome matches.
    covered_by_more_severe: bool = False


class Contraindication(_Strict):
    id: Identifier
    when: Condition
    text: LocalText
    #: The text worded per answer: the first case whose ``when`` holds, else ``text``.
    cases: list[Wording] = Field(default_factory=list)
    #: absolute: never done while it holds; relative: a doctor checks first.
    kind: ContraindicationKind = "relative"


class ContraindicationKinds(_Strict):
    """One sentence per kind, ``{list}`` the texts found of that kind."""

    absolute: LocalText
    relative: LocalText


class ClinicContact(_Strict):
    """How ``{call_the_clinic}`` reads in next steps: ``{clinic}`` is the clinic's name
    from the settings (else ``clinic``), ``{phone}`` its phone number."""

    clinic: LocalText
    with_phone: LocalText
    without_phone: LocalText


class Flow(_Strict):
    id: Identifier
    version: int = Field(ge=1)
    languages: list[LanguageCode] = Field(min_length=1)
    title: LocalText
    welcome: LocalText
    #: One consent per front door, each in every language: {kiosk: {...}, self: ..., staff: ...};
    #: ``self_save`` is read at home when the settings save every summary.
    consent: dict[ConsentKey, LocalText]
    disclaimer: LocalText
    yes_no: YesNoTexts | None = None
    conditions: dict[Identifier, Condition] = Field(default_factory=dict)
    questions: list[Question] = Field(min_length=1)
    outcomes: list[Outcome] = Field(min_length=1)
    default_outcome: Identifier
    contraindications: list[Contraindication] = Field(default_factory=list)
    contraindication_kinds: ContraindicationKinds | None = None
    clinic_contact: ClinicContact | None = None
    rules: list[Rule] = Field(default_factory=list)

    @field_validator("consent", mode="before")
    @classmethod
    def _per_front_door(cls, value: object) -> object:
        if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
            doors = ", ".join(FRONT_DOORS)
            raise ValueError(
                f"one text per front door is needed ({doors}), each in every language, "
                "e.g. consent: {kiosk: {en: ...}, self: {en: ...}, staff: {en: ...}}"
            )
        return value
