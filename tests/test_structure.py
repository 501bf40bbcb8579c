"""The shape of the package: no import cycles between its modules (imports inside functions count,
type-checking-only ones do not), and no module importing its own package's namespace."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "opsmatch"


def _name(path: Path) -> str:
    """A module's dotted name inside the package (``matcher`` for ``matcher/__init__.py``)."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in PACKAGE.rglob("*.py") if p != PACKAGE / "__init__.py"}


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


def _module_of(dotted: str) -> str | None:
    """The package's module that ``opsmatch.<dotted>`` names (the longest known prefix)."""
    parts = dotted.split(".")
    while parts:
        if ".".join(parts) in MODULES:
            return ".".join(parts)
        parts.pop()
    return None


@cache
def _graph() -> tuple[dict[str, set[str]], list[str]]:
    """Runtime imports between the package's modules (subpackages too), and every import of the
    package's own namespace (``import opsmatch``, ``from opsmatch import X`` for a name not a module)."""
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    own_package: list[str] = []
    for module, path in MODULES.items():
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif node.module == "opsmatch":
                targets = [f"opsmatch.{alias.name}" for alias in node.names]
            else:
                targets = [node.module or ""]
            for target in targets:
                if target == "opsmatch" or not target.startswith("opsmatch."):
                    if target == "opsmatch":
                        own_package.append(f"{module}: import opsmatch")
                    continue
                found = _module_of(target.removeprefix("opsmatch."))
                if found is None:
                    own_package.append(f"{module}: {target} (not a module: the package's namespace)")
                elif found != module:
                    edges[module].add(found)
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
