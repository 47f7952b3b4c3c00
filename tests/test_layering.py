"""The stages import only downward: model <- formats <- diff <- rules <- report <- cli."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "apidiff"

# module prefix -> the apidiff modules it may import
ALLOWED = {
    "errors": set(),
    "version": set(),
    "canonical": set(),
    "collector": set(),
    "deepstack": set(),
    "model": set(),
    "spans": set(),
    "result": {"model"},
    "git": {"errors"},
    "registry": set(),
    "sources": {"errors", "git", "registry"},
    "config": {"errors", "model", "registry", "sources"},
    "deprecated_since": {"canonical", "errors", "formats", "git", "model", "policy", "result"},
    "policy": {"config", "errors", "formats", "model", "result"},
    # The CI glue sits on top of everything; its GitHub client needs none of it.
    "integrations": {"api", "check", "config", "errors", "report", "result", "integrations"},
    "writes": {"errors"},
    "formats": {"model", "errors", "canonical", "collector", "sources", "formats", "registry"},
    "diff": {"model", "canonical", "diff", "errors", "registry", "spans"},  # errors: the budget
    "rules": {"model", "canonical", "diff", "result", "rules", "registry", "spans"},
    "report": {"model", "result", "report", "rules", "spans", "version"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    package = path.relative_to(PACKAGE.parent).with_suffix("").parts
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level])
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            if module.startswith("apidiff"):
                parts = module.split(".")
                if len(parts) == 1:
                    names.update(alias.name for alias in node.names)
                else:
                    names.add(parts[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("apidiff."):
                    names.add(alias.name.split(".")[1])
    return names


def test_layers():
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        layer = relative.parts[0].removesuffix(".py")
        if layer not in ALLOWED:
            continue
        bad = _imports(path) - ALLOWED[layer] - {layer}
        if bad:
            problems.append(f"{relative}: imports {sorted(bad)}")
    assert not problems, "\n".join(problems)
