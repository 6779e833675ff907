"""Traceability: each rule, contraindication and condition of a flow, the flow line that
implements it and the tests that pin it (``intake-bot check --trace``).

Contract:

- The rows come from the loaded flow, never from a fixed list: every rule and every
  contraindication, every question's ``ask_if`` and every option's ``show_if`` (flow
  version 3 on), in the flow's order, each with ``file:line`` from the loader's own
  located YAML (the line that error messages name: the ``- id:`` line of a rule or
  contraindication, the ``ask_if:`` / ``show_if:`` key).
- The tests are read, never run, with :mod:`ast` from the project's ``tests/`` folder
  beside the package (a checkout or an editable install; absent from a wheel, which is
  an error, exit 2). A test function (``def test*`` / ``async def test*``, in a module or
  a ``Test*`` class) pins an id when a string constant in it is exactly that id: in its
  body, its decorators (``parametrize`` cases, with the module-level names they use,
  also imported from another module in ``tests/``) or its defaults. An ``ask_if`` is
  pinned by a test naming its question's id, a ``show_if`` by one naming the question's
  id and the option's value.
- A rule or a contraindication that no test pins makes the trace fail (exit 2, each one
  named on standard error); ``ask_if``/``show_if`` rows without a test are shown, not
  failed. The table (text, JSON or Markdown) is the only thing on standard output.
"""

from __future__ import annotations

import ast
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intake_bot import exit_codes
from intake_bot.errors import InputError
from intake_bot.flow.errors import Location
from intake_bot.flow.files import bundled_flow_path, decode_flow, read_flow_file

#: What a row traces; the first two fail the trace when no test pins them.
KINDS = ("rule", "contraindication", "ask_if", "show_if")
REQUIRED_KINDS = ("rule", "contraindication")
FORMATS = ("text", "json", "markdown")
#: How many test names a text row shows (JSON and Markdown list them all).
FIRST_TESTS = 3


class TraceError(InputError):
    """The trace cannot be made (no tests folder, a test file Python cannot read)."""

    topic = "trace: "


@dataclass(frozen=True)
class Row:
    """One traced item: what, which id, the rule's outcome, where, and the tests."""

    kind: str
    id: str
    outcome: str | None
    file: str
    line: int | None
    tests: tuple[str, ...]

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "outcome": self.outcome,
            "file": self.file,
            "line": self.line,
            "tests": list(self.tests),
        }


@dataclass(frozen=True)
class Trace:
    """The whole table for one flow and one tests folder."""

    flow_id: str
    version: int
    file: str
    tests_dir: str
    test_count: int
    rows: tuple[Row, ...]

    @property
    def untested(self) -> tuple[Row, ...]:
        """The rules and contraindications that no test pins."""
        return tuple(r for r in self.rows if r.kind in REQUIRED_KINDS and not r.tests)

    @property
    def ok(self) -> bool:
        return not self.untested

    def counts(self) -> str:
        parts = []
        for kind in KINDS:
            n = sum(1 for r in self.rows if r.kind == kind)
            plural = f"{kind}s" if kind in REQUIRED_KINDS else kind  # (not "ask_ifs")
            parts.append(f"{n} {kind if n == 1 else plural}")
        return ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "flow": {"id": self.flow_id, "version": self.version, "file": self.file},
            "tests_dir": self.tests_dir,
            "test_count": self.test_count,
            "ok": self.ok,
            "rows": [row.to_json() for row in self.rows],
            "untested": [{"kind": r.kind, "id": r.id} for r in self.untested],
        }

    def to_text(self) -> str:
        """A plain aligned table with a heading line."""
        head = (
            f"{self.flow_id} v{self.version} ({self.file}): {self.counts()}; "
            f"{self.test_count} tests read in {self.tests_dir}/"
        )
        table = [("KIND", "ID", "OUTCOME", "FLOW LINE", "TESTS", "FIRST TESTS")]
        for row in self.rows:
            shown = ", ".join(row.tests[:FIRST_TESTS])
            if len(row.tests) > FIRST_TESTS:
                shown += f", +{len(row.tests) - FIRST_TESTS} more"
            elif not row.tests:
                shown = "NONE" if row.kind in REQUIRED_KINDS else "-"
            table.append(
                (row.kind, row.id, row.outcome or "-", row.where, str(len(row.tests)), shown)
            )
        widths = [max(len(cells[i]) for cells in table) for i in range(len(table[0]) - 1)]
        lines = [head]
        for cells in table:
            padded = [
                cell.rjust(width) if i == 4 else cell.ljust(width)
                for i, (cell, width) in enumerate(zip(cells, widths, strict=False))
            ]
            lines.append("  ".join([*padded, cells[-1]]).rstrip())
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """A Markdown page (for ``docs/traceability.md``)."""
        out = [
            f"# Traceability: {self.flow_id} version {self.version}",
            "",
            f"Generated by `intake-bot check --trace --format markdown` from `{self.file}` "
            f"and the {self.test_count} tests in `{self.tests_dir}/`: do not edit by hand. "
            "A test pins an id when it names it as a string (an `ask_if`: its question's "
            "id; a `show_if`: the question's id and the option's value). A rule or "
            "contraindication that no test pins fails the check.",
            "",
            f"{self.counts()}.",
            "",
            "| kind | id | outcome | flow line | tests |",
            "|---|---|---|---|---|",
        ]
        for row in self.rows:
            if row.tests:
                tests = f"{len(row.tests)}: " + "<br>".join(f"`{t}`" for t in row.tests)
            else:
                tests = "**none**" if row.kind in REQUIRED_KINDS else "none"
            where = row.where.replace("|", "\\|")
            out.append(f"| {row.kind} | `{row.id}` | {row.outcome or ''} | `{where}` | {tests} |")
        if self.untested:
            out += ["", f"**Untested: {', '.join(r.id for r in self.untested)}.**"]
        return "\n".join(out) + "\n"

    def render(self, fmt: str) -> str:
        if fmt == "json":
            return json.dumps(self.to_json(), ensure_ascii=False, indent=2)
        if fmt == "markdown":
            return self.to_markdown().rstrip("\n")
        return self.to_text()


# -- where the project's tests are --------------------------------------------------------


def project_root() -> Path:
    """The folder that holds the ``intake_bot`` package (a checkout's root)."""
    return Path(__file__).resolve().parents[2]


def find_tests_dir(root: Path | None = None) -> Path:
    """The project's ``tests/`` folder beside the package, or :class:`TraceError`."""
    root = project_root() if root is None else root
    tests = root / "tests"
    if not tests.is_dir() or not (root / "pyproject.toml").is_file():
        raise TraceError(
            f"no tests folder found (looked for {tests} in a project with a pyproject.toml): "
            "the trace reads the project's tests, which an installed wheel does not hold; "
            "run it from a source checkout (pip install -e .)"
        )
    return tests


# -- the tests, read with ast --------------------------------------------------------------


@dataclass
class _Module:
    path: Path
    tree: ast.Module
    #: module-level names: an expression, or (module file, name) for an import
    names: dict[str, ast.expr | tuple[Path, str]] = field(default_factory=dict)


class _TestReader:
    """Parses each test file once; finds each test's string constants."""

    def __init__(self, tests_dir: Path) -> None:
        self.tests_dir = tests_dir
        self.root = tests_dir.parent
        self.modules: dict[Path, _Module] = {}

    def module(self, path: Path) -> _Module:
        key = path.resolve()
        if key in self.modules:
            return self.modules[key]
        try:
            tree = ast.parse(path.read_bytes(), filename=str(path))
        except SyntaxError as exc:
            where = f"{self._shown(path)}:{exc.lineno}" if exc.lineno else self._shown(path)
            raise TraceError(f"{where}: Python cannot read this test file ({exc.msg})") from None
        except (RecursionError, MemoryError):
            raise TraceError(
                f"{self._shown(path)}: this test file is nested too deeply for Python to read"
            ) from None
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise TraceError(
                f"{self._shown(path)}: cannot read this test file ({reason})"
            ) from None
        module = _Module(path, tree)
        for statement in tree.body:
            self._note_names(module, statement)
        self.modules[key] = module
        return module

    def _note_names(self, module: _Module, statement: ast.stmt) -> None:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    module.names[target.id] = statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            if isinstance(statement.target, ast.Name):
                module.names[statement.target.id] = statement.value
        elif isinstance(statement, ast.ImportFrom):
            source = self._imported(module.path, statement)
            if source is not None:
                for alias in statement.names:
                    if alias.name != "*":
                        module.names[alias.asname or alias.name] = (source, alias.name)

    def _imported(self, here: Path, statement: ast.ImportFrom) -> Path | None:
        """The file under the tests folder that ``from X import ...`` reads, if any."""
        parts = statement.module.split(".") if statement.module else []
        if statement.level:
            base = here.parent
            for _ in range(statement.level - 1):
                base = base.parent
        elif parts and parts[0] == self.tests_dir.name:
            base, parts = self.tests_dir, parts[1:]
        else:
            return None
        target = base.joinpath(*parts)
        for candidate in (target.with_suffix(".py"), target / "__init__.py"):
            if candidate.is_file() and self.tests_dir.resolve() in candidate.resolve().parents:
                return candidate
        return None

    def test_files(self) -> list[Path]:
        found = {
            path
            for pattern in ("test_*.py", "*_test.py")
            for path in self.tests_dir.rglob(pattern)
            if path.is_file() and not any(p.startswith(".") for p in path.parts)
        }
        return sorted(found)

    def tests(self) -> Iterator[tuple[str, frozenset[str]]]:
        """Every test's name (``tests/file.py::Class::test_x``) and its strings."""
        for path in self.test_files():
            module = self.module(path)
            prefix = self._shown(path)
            yield from self._in_body(module, module.tree.body, prefix, ())

    def _in_body(
        self,
        module: _Module,
        body: list[ast.stmt],
        prefix: str,
        outer: tuple[ast.expr, ...],
    ) -> Iterator[tuple[str, frozenset[str]]]:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                if node.name.startswith("test"):
                    strings = self._strings(module, [node])
                    strings |= self._strings(module, [*node.decorator_list, *outer], True)
                    yield f"{prefix}::{node.name}", frozenset(strings)
            elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
                yield from self._in_body(
                    module,
                    node.body,
                    f"{prefix}::{node.name}",
                    (*outer, *node.decorator_list),
                )

    def _strings(
        self, module: _Module, nodes: Iterable[ast.AST], resolve: bool = False
    ) -> set[str]:
        """String constants in ``nodes``; with ``resolve``, also in the module-level
        values the names there stand for (followed across test modules)."""
        out: set[str] = set()
        seen: set[tuple[Path, str]] = set()
        pending: list[tuple[_Module, ast.AST]] = [(module, node) for node in nodes]
        while pending:
            where, node = pending.pop()
            for sub in ast.walk(node):
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                    out.add(sub.value)
                elif resolve and isinstance(sub, ast.Name):
                    found = self._resolve(where, sub.id, seen)
                    if found is not None:
                        pending.append(found)
        return out

    def _resolve(
        self, module: _Module, name: str, seen: set[tuple[Path, str]]
    ) -> tuple[_Module, ast.expr] | None:
        for _ in range(10):  # (a chain of re-exports; a cycle stops at `seen`)
            if (module.path, name) in seen or name not in module.names:
                return None
            seen.add((module.path, name))
            value = module.names[name]
            if not isinstance(value, tuple):
                return module, value
            module, name = self.module(value[0]), value[1]
        return None

    def _shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def read_tests(tests_dir: Path) -> dict[str, frozenset[str]]:
    """Each test function's name and the string constants that pin ids."""
    return dict(_TestReader(tests_dir).tests())


# -- the flow, located --------------------------------------------------------------------


def _located(source: Path) -> tuple[Any, dict[Location, int], Any]:
    """The flow (validated, as the program loads it), the file's data and the line of
    every location in it, all from one read of the file."""
    from intake_bot.flow.loader import parse_flow, read_located

    name = str(source)
    text = decode_flow(read_flow_file(source), name)
    flow = parse_flow(text, name)  # a bad flow: FlowError naming every problem
    data, lines = read_located(text, name)
    return data, lines, flow


def _items(data: Any, lines: dict[Location, int], flow: Any) -> Iterator[tuple[Any, ...]]:
    """(kind, id, outcome, line, ids a test must name) for every traced item."""
    for i, rule in enumerate(flow.rules):
        yield "rule", rule.id, rule.outcome, lines.get(("rules", i)), (rule.id,)
    for i, contra in enumerate(flow.contraindications):
        yield "contraindication", contra.id, None, lines.get(("contraindications", i)), (contra.id,)
    for i, question in enumerate(data.get("questions") or []):
        if not isinstance(question, dict):
            continue
        qid = str(question.get("id"))
        if question.get("ask_if") is not None:
            yield "ask_if", qid, None, lines.get(("questions", i, "ask_if")), (qid,)
        for j, option in enumerate(question.get("options") or []):
            if isinstance(option, dict) and option.get("show_if") is not None:
                value = str(option.get("value"))
                line = lines.get(("questions", i, "options", j, "show_if"))
                yield "show_if", f"{qid}.{value}", None, line, (qid, value)


def trace_flow(path: Path | None = None, tests_dir: Path | None = None) -> Trace:
    """The trace of the flow at ``path`` (the bundled flow when None) against the
    tests in ``tests_dir`` (the project's, see :func:`find_tests_dir`, when None)."""
    tests_dir = find_tests_dir() if tests_dir is None else tests_dir
    source = bundled_flow_path() if path is None else Path(path)
    data, lines, flow = _located(source)
    tests = read_tests(tests_dir)
    root = tests_dir.parent
    try:
        file = source.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        file = str(source)
    rows = []
    for kind, item_id, outcome, line, needles in _items(data, lines, flow):
        pinned = tuple(
            name for name, strings in tests.items() if all(n in strings for n in needles)
        )
        rows.append(Row(kind, item_id, outcome, file, line, pinned))
    try:
        shown_dir = tests_dir.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        shown_dir = str(tests_dir)
    return Trace(flow.id, flow.version, file, shown_dir, len(tests), tuple(rows))


def run_trace(path: Path | None, fmt: str = "text", tests_dir: Path | None = None) -> int:
    """``check --trace``: print the table on standard output; name every untested rule
    and contraindication on standard error. Exit code 0, or 2 when one is untested."""
    if fmt not in FORMATS:
        raise TraceError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    trace = trace_flow(path, tests_dir)
    print(trace.render(fmt))
    if trace.ok:
        return exit_codes.OK
    missing = trace.untested
    print(
        f"{trace.file}: {len(missing)} rule{'s' if len(missing) != 1 else ''} or "
        f"contraindication{'s' if len(missing) != 1 else ''} that no test in "
        f"{trace.tests_dir}/ names (a test pins an id by naming it as a string):",
        file=sys.stderr,
    )
    for row in missing:
        print(f"  - {row.kind} {row.id} ({row.where})", file=sys.stderr)
    return exit_codes.BAD_INPUT
