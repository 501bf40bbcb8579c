"""The shape of the package: no import cycles between its modules (imports inside functions count,
type-checking-only ones do not), and no module importing its own package's namespace."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "opsmatch"
MODULES = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}


def _runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    out: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return out


def _graph() -> tuple[dict[str, set[str]], list[str]]:
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    own_package: list[str] = []
    for module in MODULES:
        tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
        for node in _runtime_imports(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == "opsmatch":
                        own_package.append(f"{module}: import opsmatch")
                    elif alias.name.startswith("opsmatch."):
                        edges[module].add(alias.name.split(".")[1])
            elif node.module == "opsmatch":
                for alias in node.names:
                    if alias.name in MODULES:
                        edges[module].add(alias.name)
                    else:
                        own_package.append(f"{module}: from opsmatch import {alias.name}")
            elif node.module and node.module.startswith("opsmatch."):
                edges[module].add(node.module.split(".")[1])
    return edges, own_package


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt == node:
                continue
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (found := walk(start)):
            return found
    return None


def test_no_import_cycles() -> None:
    edges, _ = _graph()
    assert _cycle(edges) is None, " -> ".join(_cycle(edges) or [])


def test_no_module_imports_its_own_package() -> None:
    assert _graph()[1] == []
