"""The house as its imports draw it (issue 15; the order is written in ../shared/design.md, "Layout").

- ``core`` is the ground floor: it imports no app of the portal.
- The apps stand in one order, ``core`` <- ``accounts`` <- ``qualifications`` <- ``providers`` <- ``programs`` <-
  ``applications`` <- ``exams`` <- ``api``: an app imports only those to its left.
- ``noks_portal`` is the roof: it may import everything, and nothing imports it (Django reaches it by the settings
  module's name).
- ``rules`` is pure Python: it imports neither Django nor any app.
- No two modules import each other, directly or round a longer circle.

Imports are read with ``ast`` from every module (a function's local import counts as much as a top-level one);
``if TYPE_CHECKING:`` blocks are read too, because the order holds for type hints as well. Migrations are left out:
they name apps by their label, and a migration that imports another app's module freezes that module's history.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["core", "accounts", "qualifications", "providers", "programs", "applications", "exams", "api"]
ROOF = "noks_portal"
PURE = "rules"
PACKAGES = [*ORDER, ROOF, PURE]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield _module_name(path), path


def _imports(module: str, path: Path) -> set[str]:
    """The absolute names this file imports: ``import x.y`` gives ``x.y``; ``from x import y`` gives ``x.y``, which is
    a module or a name defined in module ``x`` (``_target`` tells which)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.update(target if alias.name == "*" else f"{target}.{alias.name}" for alias in node.names)
    return found


MODULES = dict(_sources())
GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _top(name: str) -> str:
    return name.split(".", 1)[0]


def _edges():
    for module, imported in GRAPH.items():
        for name in imported:
            if _top(name) in PACKAGES and _top(name) != _top(module):
                yield module, name


def test_the_layout_is_read():
    """The reader sees the packages and their imports (so the tests below cannot pass by reading nothing)."""
    assert {"core.audit", "accounts.services", "exams.services", "noks_portal.settings", "rules.engine"} <= set(MODULES)
    assert any(_top(name) == "core" for name in GRAPH["exams.services"])


def test_the_ground_floor_imports_no_app():
    wrong = sorted(f"{module} imports {name}" for module, name in _edges()
                   if _top(module) == "core" and _top(name) != PURE)
    assert not wrong, "\n".join(wrong)


def test_no_app_imports_one_to_its_right():
    wrong = sorted(f"{module} imports {name}" for module, name in _edges()
                   if _top(module) in ORDER and _top(name) in ORDER
                   and ORDER.index(_top(name)) > ORDER.index(_top(module)))
    assert not wrong, "\n".join(wrong)


def test_nothing_imports_the_roof():
    wrong = sorted(f"{module} imports {name}" for module, name in _edges() if _top(name) == ROOF)
    assert not wrong, "\n".join(wrong)


def test_the_rules_import_neither_django_nor_an_app():
    wrong = sorted(f"{module} imports {name}" for module, imported in GRAPH.items() if _top(module) == PURE
                   for name in imported if _top(name) in {"django", *ORDER, ROOF})
    assert not wrong, "\n".join(wrong)


def _target(name: str) -> str:
    """The module an imported name lives in: the name itself when it is a module, else its parent."""
    return name if name in MODULES else name.rpartition(".")[0]


def _circles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), over the modules of this house only."""
    edges = defaultdict(set)
    for module, imported in GRAPH.items():
        for name in imported:
            target = _target(name)
            if target in MODULES and target != module:
                edges[module].add(target)
    index, low, stack, on_stack, result = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for successor in edges[node]:
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for module in sorted(MODULES):
        if module not in index:
            visit(module)
    return result


def test_no_import_circles():
    assert _circles() == []


@pytest.mark.parametrize("source, expected", [
    ("from . import services\n", {"pkg.services"}),
    ("from .models import Thing\n", {"pkg.models.Thing"}),
    ("from ..core import audit\n", {"core.audit"}),
    ("import core.audit\n", {"core.audit"}),
])
def test_the_reader_resolves_relative_imports(tmp_path, source, expected):
    path = tmp_path / "views.py"
    path.write_text(source, encoding="utf-8")
    assert _imports("pkg.views", path) == expected


def test_a_circle_is_found():
    """The circle finder on the house's own modules with one made-up arrow back (core.audit -> exams.services)."""
    GRAPH["core.audit"].add("exams.services.anything")
    try:
        assert any({"core.audit", "exams.services"} <= set(circle) for circle in _circles())
    finally:
        GRAPH["core.audit"].discard("exams.services.anything")
