"""The house's one-way stages (docs/architecture.md, Layers): walks every import in the package,
including imports inside functions, and fails on an edge that runs against the layer order or on a
cycle between modules. Imports under `if TYPE_CHECKING:` are not run, so they are not edges."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "storyfuse"

# Layers from the bottom up. A module may import its own layer and those listed under it.
BASE = "base"  # shared vocabulary: the data model, errors, names, word lists, settings
LAYER_OF_TOP: dict[str, str] = {
    "": BASE,
    "errors": BASE,
    "model": BASE,
    "names": BASE,
    "bounds": BASE,
    "components": BASE,
    "lexicon": BASE,
    "settings": BASE,
    "ingest": "ingest",
    "extract": "extract",
    "analyse": "analyse",
    "link": "link",
    "synthesise": "synthesise",
    "store": "store",
    "pipeline": "run",
    "preparation": "run",
    "run": "run",
    "evaluate": "evaluate",
    "present": "present",
}
STAGES = ("ingest", "extract", "analyse", "link", "synthesise")
MAY_IMPORT: dict[str, frozenset[str]] = {
    BASE: frozenset({BASE}),
    **{stage: frozenset({BASE, *STAGES[: i + 1]}) for i, stage in enumerate(STAGES)},
    # The store keeps what the stages produce but runs none of them.
    "store": frozenset({BASE, "store"}),
    "run": frozenset({BASE, *STAGES, "store", "run"}),
    "evaluate": frozenset({BASE, *STAGES, "store", "run", "evaluate"}),
    "present": frozenset({BASE, *STAGES, "store", "run", "evaluate", "present"}),
}


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int


def module_name(path: Path) -> str:
    parts = ["storyfuse", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def package_edges() -> tuple[set[str], list[Edge]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges: list[Edge] = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _type_checking_lines(tree)
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(tree):
            if getattr(node, "lineno", None) in skipped:
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    origin = ".".join(base + ([node.module] if node.module else []))
                else:
                    origin = node.module or ""
                # `from pkg import submodule` imports the submodule, not just the package.
                named = (f"{origin}.{a.name}" for a in node.names)
                targets = [submodule if submodule in modules else origin for submodule in named]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges.append(Edge(name, target, node.lineno))
    return set(modules), edges


def layer(module: str) -> str:
    top = module.split(".")[1] if "." in module else ""
    if top not in LAYER_OF_TOP:
        pytest.fail(f"{module} belongs to no layer: add its top-level name to LAYER_OF_TOP")
    return LAYER_OF_TOP[top]


def test_no_import_runs_against_the_layer_order() -> None:
    _, edges = package_edges()
    wrong = [
        f"{e.source}:{e.line} imports {e.target} ({layer(e.source)} may not import {layer(e.target)})"
        for e in edges
        if layer(e.target) not in MAY_IMPORT[layer(e.source)]
    ]
    assert not wrong, "\n".join(wrong)


def _cycles(modules: set[str], edges: list[Edge]) -> list[list[str]]:
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for e in edges:
        graph[e.source].add(e.target)
    # Tarjan's strongly connected components, iteratively (the package is deep enough to matter).
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycle() -> None:
    modules, edges = package_edges()
    assert _cycles(modules, edges) == []


def test_the_walk_sees_a_wrong_edge_and_a_cycle() -> None:
    # The checks above must be able to fail: a stage importing a later one, and a loop of two.
    early, late = "storyfuse.link.x", "storyfuse.synthesise.y"
    edges = [Edge(early, late, 1), Edge(late, early, 1)]
    assert layer(late) not in MAY_IMPORT[layer(early)]
    assert _cycles({early, late}, edges) == [[early, late]]
