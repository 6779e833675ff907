"""Read a flow file: YAML (with line numbers) -> pydantic schema -> flow -> static checks.

Any mistake becomes a :class:`FlowError` that names the file, where in it
(``questions[5] (onset).ask_if``, with the line) and what is wrong. Every problem
found is reported at once, sorted by line. No input, however broken, raises
anything else.

The YAML accepted is deliberately plain: no anchors or aliases (``&a`` / ``*a``,
which also rules out alias bombs), no merge keys (``<<``), no tags (``!!binary``,
``!python/...``), no nesting deeper than :data:`MAX_DEPTH`. Only ``true``/``false``
are booleans, so ``eq: yes`` means the option value "yes"; dates stay texts.

The YAML is read with libyaml's C parser when PyYAML has it (five times faster);
the pure-Python loader stays the reference. A file the fast path is not sure
about (anything refused, any YAML error, the few things libyaml reads but PyYAML
would not, such as tabs) is read again by the Python loader, so every problem and
message is the same whichever path reads it.
"""

from __future__ import annotations

import difflib
import re
import types
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from intake_bot.flow import schema
from intake_bot.flow.checks import check_flow
from intake_bot.flow.errors import FlowError, Location, Problem
from intake_bot.flow.files import decode_flow
from intake_bot.flow.model import Flow, flow_from_data

#: How deeply lists and mappings may nest. A real flow needs about a dozen levels;
#: the limit keeps a pathological file from exhausting the stack.
MAX_DEPTH = 40

_YAML_TAG_PREFIX = "tag:yaml.org,2002:"
_ResolverTable = dict[Any, list[tuple[str, re.Pattern[str]]]]


class _FlowYamlLoader(yaml.SafeLoader):
    """A SafeLoader for plain flow files (see the module docstring)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _refused(
                f"aliases (*{event.anchor}) are not allowed in a flow file: "
                "write the value out in full",
                event,
            )
        if event.anchor is not None:
            raise _refused(
                f"anchors (&{event.anchor}) are not allowed in a flow file: "
                "write each value out in full",
                event,
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            shown = tag.replace(_YAML_TAG_PREFIX, "!!") if tag.startswith(_YAML_TAG_PREFIX) else tag
            raise _refused(
                f"tags ({shown}) are not allowed in a flow file: write a plain value "
                "(put it in quotes to make it a text)",
                event,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _refused(f"lists and mappings nest more than {MAX_DEPTH} levels deep", event)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Refused(yaml.composer.ComposerError):
    """Valid YAML that a flow file does not allow (anchors, tags, deep nesting)."""


def _refused(message: str, event: yaml.Event) -> _Refused:
    return _Refused(None, None, message, event.start_mark)


def _plain_resolvers(resolvers: _ResolverTable) -> _ResolverTable:
    dropped = (_YAML_TAG_PREFIX + "bool", _YAML_TAG_PREFIX + "timestamp")
    return {
        first: [(tag, regexp) for tag, regexp in entries if tag not in dropped]
        for first, entries in resolvers.items()
    }


# YAML 1.2 booleans (only true/false): ``yes``, ``no``, ``on``, ``off`` stay texts, so
# ``eq: yes`` means the option value "yes", as a flow author expects. No timestamps:
# ``2024-01-01`` is a text too (a flow has no dates).
_FlowYamlLoader.yaml_implicit_resolvers = _plain_resolvers(yaml.SafeLoader.yaml_implicit_resolvers)
_FlowYamlLoader.add_implicit_resolver(
    _YAML_TAG_PREFIX + "bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


if yaml.__with_libyaml__:

    class _CFlowYamlLoader(yaml.CSafeLoader):
        """libyaml's parser and composer with the flow file's resolvers; used only on
        text that :func:`_plain_events` has passed (no anchors, aliases, tags or deep
        nesting), since its composer cannot refuse them itself."""

    _CFlowYamlLoader.yaml_implicit_resolvers = _FlowYamlLoader.yaml_implicit_resolvers
    _FAST_LOADER: type[yaml.CSafeLoader] | None = _CFlowYamlLoader
else:  # pragma: no cover - PyYAML built without libyaml
    _FAST_LOADER = None


def flow_from_bytes(raw: bytes, source: str) -> Flow:
    """Decode, parse and check the bytes of a flow file read by
    :func:`intake_bot.flow.files.read_flow_file`."""
    return parse_flow(decode_flow(raw, source), source)


def parse_flow(text: str, source: str = "<flow>") -> Flow:
    """Parse and check the text of a flow file; ``source`` names it in messages."""
    data, lines, found = _read_yaml(text, source)
    if data is None:
        raise FlowError(source, [Problem("", "the file is empty: there is no flow in it")])
    if not isinstance(data, dict):
        message = (
            "a flow file must be a mapping of fields (id: ..., version: ..., questions: ...), "
            f"not {_shown(data)}"
        )
        raise FlowError(source, [Problem("", message, lines.get(()))])
    problems = [Problem(describe(loc, data), message, line) for loc, message, line in found]
    try:
        validated = schema.Flow.model_validate(data)
    except ValidationError as exc:
        problems += _from_pydantic(exc.errors(), data, lines)
        raise FlowError(source, _unique(problems)) from None
    flow = flow_from_data(validated.model_dump())
    problems += [
        Problem(describe(loc, data), message, _line_of(loc, lines))
        for loc, message in check_flow(flow)
    ]
    if problems:
        raise FlowError(source, _unique(problems))
    return flow


# -- YAML with line numbers ------------------------------------------------------------

#: A problem found while reading the YAML: (location, message, line).
_Found = tuple[Location, str, int]


def _read_yaml(text: str, source: str) -> tuple[Any, dict[Location, int], list[_Found]]:
    """The data, the line of every location in it, and the problems YAML can show
    (duplicate keys) but the data no longer can."""
    if _FAST_LOADER is not None:
        read = _read_yaml_fast(text, _FAST_LOADER)
        if read is not None:
            return read
    return _read_yaml_python(text, source)


def read_located(text: str, source: str) -> tuple[Any, dict[Location, int]]:
    """A flow file's YAML data and the line of every location in it (``("rules", 3)``
    -> 412), as the loader's messages name them; for tools that point into the file."""
    data, lines, _ = _read_yaml(text, source)
    return data, lines


_NODE_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
_FRAME_EVENTS = (yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent)
#: The header of a block scalar (``|``, ``>-``, ``|2 # comment``) as PyYAML reads it;
#: libyaml also takes a comment with no space before it (``|#``).
_BLOCK_HEADER = re.compile(r"[|>](?:[+-][1-9]?|[1-9][+-]?)?(?: +(?:#.*)?)?")


def _plain_events(text: str, loader_class: type[yaml.CSafeLoader]) -> bool:
    """Whether libyaml reads ``text`` as YAML without anchors, aliases, tags or nesting
    deeper than :data:`MAX_DEPTH` (counted as :meth:`_FlowYamlLoader.compose_node`
    does), and without the few things that libyaml reads but PyYAML's own parser
    refuses or places on another line. It stops at the first such event, so an alias
    bomb is never expanded."""
    if "\t" in text or "\ufeff" in text:
        # libyaml takes tabs between tokens and inside plain scalars, and a byte order
        # mark at the start of any line; PyYAML does not
        return False
    loader = loader_class(text)
    try:
        get_event = loader.get_event
        # for each open collection: whether it is a flow one ([...] or {...}), whether
        # it is a mapping, and how many nodes it holds so far
        open_: list[list[Any]] = []
        lines: list[str] | None = None
        while True:
            event = get_event()
            kind = type(event)  # (exact types: isinstance is slower, on ~4000 events)
            if kind not in _NODE_EVENTS:
                if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    open_.pop()
                elif kind is yaml.StreamEndEvent:
                    return True
                elif kind not in _FRAME_EVENTS:  # an alias
                    return False
                continue
            if event.anchor is not None or event.tag is not None:
                return False  # even the tag "!", which libyaml resolves differently
            if len(open_) >= MAX_DEPTH:  # a scalar is one level below its collection
                return False
            parent = open_[-1] if open_ else None
            if parent is not None:
                parent[2] += 1
            if kind is not yaml.ScalarEvent:
                open_.append([bool(event.flow_style), kind is yaml.MappingStartEvent, 0])
            elif event.style == "|" or event.style == ">":
                lines = text.splitlines() if lines is None else lines
                mark = event.start_mark
                if not (
                    mark.line < len(lines)
                    and _BLOCK_HEADER.fullmatch(lines[mark.line], mark.column)
                ):
                    return False
            elif event.implicit[0] and parent is not None:  # a plain scalar
                if parent[0] and "?" in event.value:
                    return False  # in [...] or {...}, PyYAML ends a plain scalar at "?"
                if not event.value and (parent[2] % 2 == 1 or not parent[1]):
                    # a key or list item left out: the two place it differently
                    return False
    finally:
        loader.dispose()


def _read_yaml_fast(
    text: str, loader_class: type[yaml.CSafeLoader]
) -> tuple[Any, dict[Location, int], list[_Found]] | None:
    """:func:`_read_yaml` with libyaml; None whenever the text is anything but a plain,
    well-formed, non-empty document (the Python loader then says what is wrong)."""
    loader: yaml.CSafeLoader | None = None
    try:
        if not _plain_events(text, loader_class):
            return None
        loader = loader_class(text)
        node = loader.get_single_node()
        if not isinstance(node, yaml.MappingNode):  # empty, or not a flow at all
            return None
        lines: dict[Location, int] = {}
        found: list[_Found] = []
        fatal: list[Problem] = []
        _index_lines(loader, node, (), lines, found, fatal)
        if fatal:
            return None
        data = loader.construct_document(node)
    except Exception:  # any trouble at all: the Python loader reads it again
        return None
    finally:
        if loader is not None:
            loader.dispose()
    return data, lines, found


def _read_yaml_python(text: str, source: str) -> tuple[Any, dict[Location, int], list[_Found]]:
    loader: _FlowYamlLoader | None = None
    try:
        loader = _FlowYamlLoader(text)
        node = loader.get_single_node()
        if node is None:
            raise FlowError(source, [Problem("", "the file is empty: there is no flow in it")])
        lines: dict[Location, int] = {}
        found: list[_Found] = []
        fatal: list[Problem] = []
        _index_lines(loader, node, (), lines, found, fatal)
        if fatal:
            raise FlowError(source, fatal)
        data = loader.construct_document(node)
    except yaml.reader.ReaderError as exc:
        raise FlowError(source, [_reader_problem(exc, text)]) from None
    except yaml.MarkedYAMLError as exc:
        raise FlowError(source, [_syntax_problem(exc)]) from None
    except yaml.YAMLError as exc:
        raise FlowError(source, [Problem("", f"YAML: {exc}")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, lines, found


def _reader_problem(exc: yaml.reader.ReaderError, text: str) -> Problem:
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    newline: Any = "\n" if isinstance(text, str) else b"\n"
    line = text[: exc.position].count(newline) + 1
    return Problem(
        "",
        f"the character U+{code:04X} is not allowed in a YAML text file (is this a binary file?)",
        line,
    )


def _syntax_problem(exc: yaml.MarkedYAMLError) -> Problem:
    problem = exc.problem or "not valid YAML"
    context = exc.context
    if context and problem.startswith("but "):  # "expected X, but found Y"
        message = f"{context}, {problem}"
    elif context:
        context_line = exc.context_mark.line + 1 if exc.context_mark is not None else None
        problem_line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        on_line = (
            f" started on line {context_line}" if context_line not in (None, problem_line) else ""
        )
        message = f"{problem} ({context}{on_line})"
    else:
        message = problem
    line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
    if isinstance(exc, _Refused):
        return Problem("", message, line)
    return Problem("", f"YAML syntax: {message}", line)


def _index_lines(
    loader: yaml.SafeLoader | yaml.CSafeLoader,
    node: yaml.Node,
    loc: Location,
    lines: dict[Location, int],
    found: list[_Found],
    fatal: list[Problem],
) -> None:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                fatal.append(
                    Problem(
                        _path_text(loc),
                        "a key must be a plain word (like id or text), not a list or mapping",
                        key_line,
                    )
                )
                continue
            if key_node.tag == _YAML_TAG_PREFIX + "merge":
                fatal.append(
                    Problem(
                        _path_text(loc), "merge keys (<<) are not allowed in a flow file", key_line
                    )
                )
                continue
            key = loader.construct_object(key_node)
            if key in first_seen:
                found.append(
                    (loc, f"key {key!r} appears twice (first on line {first_seen[key]})", key_line)
                )
            else:
                first_seen[key] = key_line
            _index_lines(loader, value_node, (*loc, key), lines, found, fatal)
            lines[(*loc, key)] = key_line
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(loader, item, (*loc, i), lines, found, fatal)


def _line_of(loc: Location, lines: dict[Location, int]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _is_index(part: object) -> bool:
    return isinstance(part, int) and not isinstance(part, bool)


def _path_text(loc: Location) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if _is_index(part) else (f".{part}" if out else str(part))
    return out


def describe(loc: Location, data: Any) -> str:
    """``("questions", 5, "ask_if")`` -> ``questions[5] (onset).ask_if``."""
    out = ""
    node = data
    for part in loc:
        if _is_index(part):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                out += f" ({node['id']})"
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


# -- pydantic errors -> problems ---------------------------------------------------------

#: What a pydantic type error says was expected.
_EXPECTED = {
    "string_type": "a text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a mapping (key: value, ...)",
    "model_type": "a mapping (key: value, ...)",
    "model_attributes_type": "a mapping (key: value, ...)",
    "list_type": "a list",
    "tuple_type": "a list",
}

_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
_LANGUAGE_PATTERN = r"^[a-z]{2,3}$"


def _from_pydantic(errors: list[Any], data: Any, lines: dict[Location, int]) -> list[Problem]:
    problems: list[Problem] = []
    # A value that fits none of a union's members (``eq: [1, 2]``) gives one error per
    # member; they become one problem listing what would have fitted.
    unions: dict[Location, tuple[list[str], Any]] = {}
    for error in errors:
        loc, in_union, is_key = _clean_loc(error["loc"], data, error["type"])
        if in_union and error["type"] in _EXPECTED:
            expected, _ = unions.setdefault(loc, ([], error.get("input")))
            if _EXPECTED[error["type"]] not in expected:
                expected.append(_EXPECTED[error["type"]])
            continue
        problems.append(_problem(error, loc, is_key, data, lines))
    for loc, (expected, value) in unions.items():
        if "a number" in expected and "a whole number" in expected:
            expected.remove("a whole number")
        choices = (
            ", ".join(expected[:-1]) + f" or {expected[-1]}" if len(expected) > 1 else expected[0]
        )
        message = f"expected {choices}, got {_shown(value)}"
        problems.append(Problem(describe(loc, data), message, _line_of(loc, lines)))
    return problems


def _clean_loc(raw: tuple[Any, ...], data: Any, kind: str) -> tuple[Location, bool, bool]:
    """The location in the data, without pydantic's tags (``str``, ``function-after[...]``,
    ``[key]``); whether a union tag was dropped; whether the error is about a key."""
    loc: list[str | int] = []
    node = data
    in_union = is_key = False
    for i, part in enumerate(raw):
        if part == "[key]":
            is_key = True
        elif isinstance(part, str) and ("[" in part or part.startswith("function-")):
            continue
        elif (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and _is_index(part) and 0 <= part < len(node)
        ):
            loc.append(part)
            node = node[part]
        elif i == len(raw) - 1 and kind == "missing":
            loc.append(part)
        else:
            in_union = True  # a union member's name, such as "str" or "int"
            node = None
    return tuple(loc), in_union, is_key


def _problem(
    error: Any, loc: Location, is_key: bool, data: Any, lines: dict[Location, int]
) -> Problem:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    line = _line_of(loc, lines)
    where = loc
    if kind == "extra_forbidden" and loc:
        where = loc[:-1]
        message = f"unknown field {loc[-1]!r}" + _field_hint(loc[-1], where)
    elif kind == "missing" and loc and _is_index(loc[-1]):
        where = loc[:-1]
        if where and where[-1] == "between":
            message = "needs two numbers: [low, high]"
        else:
            message = f"needs at least {loc[-1] + 1} items"
    elif kind == "missing" and loc:
        where = loc[:-1]
        message = f"missing field {loc[-1]!r}"
        line = _line_of(where, lines)
    elif kind == "invalid_key" and loc:
        where = loc[:-1]
        message = f"{loc[-1]!r} cannot be a field name (field names are words such as id or text)"
    elif is_key and loc:
        where = loc[:-1]
        message = _bad_key(kind, loc[-1], ctx)
    elif kind in _EXPECTED:
        message = f"expected {_EXPECTED[kind]}, got {_shown(value)}"
        if _EXPECTED[kind] == "a text" and isinstance(value, bool | int | float):
            message += " (put it in quotes)"
    elif kind == "string_pattern_mismatch":
        message = _bad_key(kind, value, ctx)
    elif kind == "literal_error":
        message = f"must be one of {ctx.get('expected', '?')}, got {_shown(value)}"
    elif kind == "string_too_short" and ctx.get("min_length") == 1:
        message = "must not be empty"
    elif kind == "string_too_long":
        message = f"is too long (at most {ctx.get('max_length')} characters)"
    elif kind == "too_short":
        count = ctx.get("min_length")
        message = f"needs at least {count} item{'s' if count != 1 else ''}"
        if where and where[-1] == "between":
            message = "needs two numbers: [low, high]"
    elif kind == "too_long":
        message = f"has too many items (at most {ctx.get('max_length')})"
        if where and where[-1] == "between":
            message = "needs two numbers: [low, high]"
    elif kind == "finite_number":
        message = f"must be a finite number, got {_shown(value)}"
    elif kind == "greater_than_equal":
        message = f"must be at least {ctx.get('ge')}, got {_shown(value)}"
    elif kind == "less_than_equal":
        message = f"must be at most {ctx.get('le')}, got {_shown(value)}"
    else:
        message = str(error["msg"])
        for prefix in ("Value error, ", "Assertion failed, "):
            message = message.removeprefix(prefix)
    return Problem(describe(where, data), message, line)


def _bad_key(kind: str, key: Any, ctx: dict[str, Any]) -> str:
    pattern = str(ctx.get("pattern", ""))
    if kind == "string_pattern_mismatch" and pattern == _LANGUAGE_PATTERN:
        return f"{key!r} is not a language code (two or three lower-case letters, such as en)"
    if kind == "string_pattern_mismatch" and pattern == _ID_PATTERN:
        return (
            f"{key!r} is not a valid id (lower-case letters, digits and _, starting with a letter)"
        )
    if kind == "string_pattern_mismatch":
        return f"{key!r} is not a valid value (lower-case letters, digits and _, with a letter)"
    if kind == "string_too_long":
        return f"{key!r} is too long (at most {ctx.get('max_length')} characters)"
    return f"{key!r} cannot be used as a key here"


def _shown(value: Any) -> str:
    """``value`` as a flow author would call it."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {short!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _field_hint(name: str | int, loc: Location) -> str:
    fields = _fields_at(loc)
    if not fields:
        return ""
    close = difflib.get_close_matches(str(name), fields, n=1, cutoff=0.6)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f" (fields here: {', '.join(fields)})"


def _fields_at(loc: Location) -> list[str]:
    """The field names of the model that the mapping at ``loc`` is read as."""
    annotation: Any = schema.Flow
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    model = _unwrap(annotation)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return []
    return [field.alias or name for name, field in model.model_fields.items()]


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _step(annotation: Any, part: str | int) -> Any:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            if part in (name, field.alias):
                return field.annotation
        return None
    origin = get_origin(annotation)
    if origin is list and _is_index(part):
        return get_args(annotation)[0]
    if origin is dict and isinstance(part, str):
        return get_args(annotation)[1]
    return None


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))
