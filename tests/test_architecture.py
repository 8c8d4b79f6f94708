"""The layering written in ARCHITECTURE.md holds in the code: no import loop between
packages or between files, no import from a lower layer to a higher one, and no Flask in
the pure modules. Imports are read with ``ast`` from every module under ``procure/``,
wherever they stand (inside functions and ``if TYPE_CHECKING:`` too), so an import
hidden in a function to dodge a loop is still a loop."""
from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from fnmatch import fnmatch
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "procure"
ARCHITECTURE = ROOT / "ARCHITECTURE.md"
APP = "__init__"  # procure/__init__.py, the application factory, as the layer table names it
# Migration scripts are the schema's history, run by Alembic, not part of the app.
SKIPPED = ("migrations",)
WEB_FRAMEWORK = ("flask", "werkzeug")


# --- reading the code ----------------------------------------------------------------------

@cache
def modules() -> dict[str, Path]:
    """Every module under procure/ by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[1] in SKIPPED:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imported_names(tree: ast.AST, module: str, is_package: bool) -> Iterable[str]:
    """Every name an import statement anywhere in ``tree`` reaches for, made absolute."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[:len(base) - node.level + (1 if is_package else 0)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            # `from procure import uploads` reaches procure.uploads; `from procure.x import
            # a_function` reaches procure.x (found by dropping the name, below).
            yield from (f"{prefix}.{alias.name}" for alias in node.names)


@cache
def imports() -> dict[str, frozenset[str]]:
    """Module -> the procure modules it imports, and the outside top-level packages."""
    known = modules()
    result = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets = set()
        for imported in _imported_names(tree, name, path.name == "__init__.py"):
            if imported.split(".")[0] != "procure":
                targets.add(imported.split(".")[0])
                continue
            while imported not in known:  # `from procure.x import a_function` -> procure.x
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                targets.add(imported)
        result[name] = frozenset(targets)
    return result


def module_edges() -> set[tuple[str, str]]:
    """Imports between procure's files. A package's ``__init__`` importing its own
    modules is the package assembling itself (a blueprint and its views): Python runs
    that ``__init__`` before any of its modules anyway, so it is not counted."""
    known = modules()
    return {(source, target) for source, targets in imports().items() for target in targets
            if target in known and not target.startswith(source + ".")}


def unit_of(module: str) -> str:
    """The layer table's name for a module: its package or top module under procure/."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else APP


def unit_edges() -> set[tuple[str, str]]:
    return {(unit_of(a), unit_of(b)) for a, b in module_edges() if unit_of(a) != unit_of(b)}


# --- reading ARCHITECTURE.md ---------------------------------------------------------------

def _block(marker: str) -> list[str]:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    match = re.search(rf"<!-- architecture:{marker}\b.*?-->\n(.*?)<!-- /architecture:{marker} -->",
                      text, re.S)
    assert match, f"ARCHITECTURE.md has no architecture:{marker} block"
    return match.group(1).strip().splitlines()


@cache
def layers() -> dict[str, int]:
    """Unit -> its layer's height (0 is the ground), from the layer table (top row first)."""
    rows = [line for line in _block("layers") if line.startswith("|")][2:]  # no header
    height = {}
    for level, row in enumerate(reversed(rows)):
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        for unit in re.findall(r"`([^`]+)`", cells[1]):
            assert unit not in height, f"{unit} stands in two layers of ARCHITECTURE.md"
            height[unit] = level
    return height


@cache
def pure_patterns() -> tuple[str, ...]:
    return tuple(pattern for line in _block("pure") for pattern in re.findall(r"`([^`]+)`", line))


# --- the checks, on any graph ----------------------------------------------------------------

def loops(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected groups of more than one node (Tarjan), each sorted."""
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
        graph.setdefault(target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def upward(edges: Iterable[tuple[str, str]], height: Mapping[str, int]) -> list[str]:
    """Imports from a lower layer into a higher one."""
    return sorted(f"{source} imports {target}" for source, target in edges
                  if height[source] < height[target])


def _ties(group: list[str], edges: set[tuple[str, str]]) -> str:
    return "; ".join(f"{a} -> {b}" for a, b in sorted(edges) if a in group and b in group)


# --- the house ---------------------------------------------------------------------------------

def test_no_import_loop_between_packages():
    edges = unit_edges()
    found = loops(edges)
    assert not found, "packages import each other in a loop: " + " | ".join(
        _ties(group, edges) for group in found)


def test_no_import_loop_between_files():
    edges = module_edges()
    found = loops(edges)
    assert not found, "files import each other in a loop: " + " | ".join(
        _ties(group, edges) for group in found)


def test_every_package_has_its_place_in_the_layers():
    units = {unit_of(module) for module in modules()}
    assert sorted(units - set(layers())) == [], (
        "place these packages or modules in ARCHITECTURE.md's layer table")
    assert sorted(set(layers()) - units) == [], "ARCHITECTURE.md names what does not exist"


def test_no_layer_imports_a_higher_one():
    assert upward(unit_edges(), layers()) == []


def test_core_knows_no_domain():
    shared = max(layers()[unit] for unit in ("core", "audit", "mail"))
    reached = {target for source, target in unit_edges() if source == "core"}
    assert {unit for unit in reached if layers()[unit] > shared} == set()


def _pure_modules() -> list[str]:
    chosen = []
    for pattern in pure_patterns():
        matches = [name for name, path in modules().items()
                   if fnmatch(path.relative_to(PACKAGE).as_posix(), pattern)]
        assert matches, f"ARCHITECTURE.md lists {pattern!r} as pure, but no module matches"
        chosen += matches
    return sorted(set(chosen))


@pytest.mark.parametrize("module", _pure_modules())
def test_pure_modules_import_no_flask(module):
    """Nor does any procure module they import, at any depth."""
    graph = imports()
    seen, todo = {module}, [module]
    while todo:
        current = todo.pop()
        web = sorted(name for name in graph[current]
                     if name.split("_")[0] in WEB_FRAMEWORK)
        assert not web, f"{module} is pure, but {current} imports {', '.join(web)}"
        for target in graph[current]:
            if target in graph and target not in seen and target != "procure":
                seen.add(target)
                todo.append(target)


# --- the checks themselves catch what they should --------------------------------------------

def test_the_checks_catch_a_loop_and_an_import_upward():
    edges = {("needs", "auth"), ("auth", "core"), ("core", "needs"), ("cli", "needs")}
    assert loops(edges) == [["auth", "core", "needs"]]
    assert upward(edges, {"cli": 3, "needs": 2, "auth": 1, "core": 0}) == ["core imports needs"]


def test_an_import_inside_a_function_counts():
    source = "def lazy():\n    from procure.needs.views import load_need\n"
    found = set(_imported_names(ast.parse(source), "procure.core.views", False))
    assert "procure.needs.views.load_need" in found
