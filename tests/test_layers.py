"""The house's rules, read from the source: no import circles, each module imports only
its own layer or those below, Textual only in ``tui/``, the database libraries only in
``store/`` (docs/architecture.md draws the layers). Every import counts, also one
inside a function; only ``if TYPE_CHECKING:`` blocks are left out."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "intake_bot"

#: Lowest first. A module may import its own layer and those below, never above.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "base",
        (
            "intake_bot",
            "intake_bot.exit_codes",
            "intake_bot.errors",
            "intake_bot.catalog",
            "intake_bot.locations",
            "intake_bot.terminal",
        ),
    ),
    ("flow", ("intake_bot.flow",)),
    ("engine", ("intake_bot.engine",)),
    (
        "records and authoring",
        (
            "intake_bot.records",
            "intake_bot.batch",
            "intake_bot.pin",
            "intake_bot.config",
            "intake_bot.authoring",
        ),
    ),
    ("store and kiosk", ("intake_bot.store", "intake_bot.kiosk")),
    ("staff desk", ("intake_bot.staff",)),
    ("tui", ("intake_bot.tui",)),
    ("cli", ("intake_bot.cli", "intake_bot.__main__")),
)
#: Third-party packages allowed only under one prefix.
CONFINED = {
    "textual": "intake_bot.tui",
    "sqlalchemy": "intake_bot.store",
    "alembic": "intake_bot.store",
    "psycopg": "intake_bot.store",
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports (ours resolved to a module of the package; others by
    their top-level name), leaving out ``if TYPE_CHECKING:`` blocks."""
    found: set[str] = set()
    is_package = path.name == "__init__.py"

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = name.split(".")
                    keep = len(parts) - child.level + (1 if is_package else 0)
                    base = ".".join(parts[:keep] + ([base] if base else []))
                for alias in child.names:
                    candidate = f"{base}.{alias.name}"
                    found.add(candidate if candidate in MODULES else base)
            walk(child)

    walk(ast.parse(path.read_text(encoding="utf-8")))
    ours = set()
    for target in found:
        if target.split(".")[0] != "intake_bot":
            ours.add(target.split(".")[0])
            continue
        while target and target not in MODULES:
            target = target.rpartition(".")[0]
        if target and target != name:
            ours.add(target)
    return ours


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def layer(name: str) -> int:
    best = None
    for rank, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if name == prefix or (prefix != "intake_bot" and name.startswith(prefix + ".")):
                best = rank
    if best is None:
        raise AssertionError(f"{name} is in no layer of tests/test_layers.py: give it one")
    return best


def test_every_module_has_a_layer():
    for name in MODULES:
        layer(name)


def test_no_import_circles():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def strong(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(t for t in GRAPH[node] if t in MODULES):
            if other not in index:
                strong(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                other = stack.pop()
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for node in sorted(MODULES):
        if node not in index:
            strong(node)
    assert circles == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_down_or_across_never_up(name):
    upward = [
        f"{target} ({LAYERS[layer(target)][0]})"
        for target in sorted(GRAPH[name])
        if target in MODULES and layer(target) > layer(name)
    ]
    assert upward == [], f"{name} ({LAYERS[layer(name)][0]}) imports a higher layer"


@pytest.mark.parametrize("library", sorted(CONFINED))
def test_libraries_stay_in_their_package(library):
    home = CONFINED[library]
    outside = sorted(
        name
        for name, targets in GRAPH.items()
        if library in targets and not (name == home or name.startswith(home + "."))
    )
    assert outside == [], f"{library} is imported outside {home}"
