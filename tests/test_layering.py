"""The stages import only downward: sources <- formats <- diff <- rules <- judge <- report <- cli,
with the orchestrator (api) above the stages and reports never reaching it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "apidiff"

# Every module of the package, by stage, with the apidiff modules it may import. A module
# missing here fails the test: a new module takes a place in the drawing on purpose.
LEAVES = {
    "errors",
    "canonical",
    "collector",
    "deepstack",
    "frozen",
    "registry",
    "spans",
    "version",
}
ALLOWED: dict[str, set[str]] = {
    **{leaf: set() for leaf in LEAVES},
    "model": {"frozen"},  # the model's classes' constructor
    "result": {"frozen", "model"},
    "kinds": {"registry"},  # the kind grammar; a family's name namespaces its kinds
    "git": {"errors"},
    "globs": {"errors"},  # the glob syntax of configurations and flags
    "writes": {"errors"},
    # sources -> formats -> (scope) -> diff -> rules -> judge -> report: the flow.
    "sources": {"errors", "git", "registry"},
    "config": {"errors", "globs", "model", "registry", "sources"},
    # version: the load cache's entries are keyed by it.
    "formats": {"model", "errors", "canonical", "collector", "sources", "registry", "version"},
    "scope": {"config", "formats", "model"},  # before the diff: strip-prefix, open-enums
    "diff": {"model", "canonical", "errors", "frozen", "registry", "spans"},  # errors: the budget
    "rules": {"model", "canonical", "diff", "kinds", "result", "registry", "spans"},
    # Judgement reads findings and configuration, never documents, the diff or the rules.
    "judge": {"config", "errors", "globs", "kinds", "model", "registry", "result"},
    # Facts from git history for the deprecation policy (reads OLD's past versions).
    "deprecation_history": {"canonical", "errors", "formats", "git", "judge", "model", "result"},
    # Reports read the result and rule metadata, never the orchestrator.
    # canonical: the bounded measures and previews of contract values (report/values.py).
    "report": {"canonical", "kinds", "model", "result", "rules", "spans", "version"},
    "baseline": {"result"},
    # The orchestrator and what stands on it.
    "api": {
        "collector",
        "config",
        "deepstack",
        "deprecation_history",
        "diff",
        "errors",
        "formats",
        "judge",
        "model",
        "registry",
        "result",
        "rules",
        "scope",
        "sources",
    },
    "check": {"api", "config", "errors", "formats", "git", "model", "registry", "result", "spans"},
    "history": {"api", "errors", "git", "model", "report", "result", "sources"},
    "integrations": {"api", "check", "config", "errors", "report", "result"},
    "__init__": {"api", "errors", "formats", "result", "version"},
    "cli": {
        "api",
        "baseline",
        "check",
        "collector",
        "config",
        "diff",
        "errors",
        "formats",
        "git",
        "globs",
        "history",
        "report",
        "result",
        "rules",
        "sources",
        "version",
        "writes",
    },
    "__main__": {"cli"},
}
# What must never happen, whatever the table above is edited to.
NEVER = {
    "report": {"api", "check", "cli", "__init__", "judge", "formats", "diff"},
    "judge": {"formats", "diff", "rules", "report", "api"},
    "rules": {"formats", "judge", "report", "api"},
    "diff": {"formats", "rules", "judge", "report", "api"},
    "formats": {"diff", "rules", "judge", "report", "api"},
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
            problems.append(f"{relative}: in no stage of tests/test_layering.py")
            continue
        bad = _imports(path) - ALLOWED[layer] - {layer}
        if bad:
            problems.append(f"{relative}: imports {sorted(bad)}")
    assert not problems, "\n".join(problems)


def test_the_table_keeps_the_nevers():
    for layer, forbidden in NEVER.items():
        assert not ALLOWED[layer] & forbidden, layer
