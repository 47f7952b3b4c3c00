"""A format is one registered unit: a made-up format registered from here loads, diffs and
reports through every stage, and no module outside a format's own names it."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from apidiff import registry
from apidiff.cli import cli
from apidiff.rules import catalog

PACKAGE = Path(__file__).resolve().parent.parent / "apidiff"

SKELETON_FAMILY = registry.Family(
    "skeleton", compare="tests.skeleton.format:compare", rules=("tests.skeleton.rules",)
)
SKELETON = registry.Format(
    "skeleton",
    family="skeleton",
    title="Skeleton",
    dialects=("skeleton-1",),
    loader="tests.skeleton.format",
    hint="no 'skeleton' field",
    detect="tests.skeleton.format:detect",
)


@pytest.fixture
def skeleton():
    """The skeleton format registered for one test; everything restored after it. The
    catalog is saved whole (every family loaded first): a family's rule modules register
    their rules once, when first imported."""
    from apidiff import rules

    rules.load_rules()
    loaded = set(rules._LOADED)
    saved = (
        list(registry.FORMATS),
        dict(registry.FAMILIES),
        dict(catalog.RULES),
        dict(catalog._NAMES),
        {k: list(v) for k, v in catalog._BY_KIND.items()},
    )
    registry.register(SKELETON_FAMILY)
    registry.register(SKELETON)
    yield
    registry.FORMATS[:] = saved[0]
    for target, value in zip(
        (registry.FAMILIES, catalog.RULES, catalog._NAMES, catalog._BY_KIND),
        saved[1:],
        strict=True,
    ):
        target.clear()
        target.update(value)
    rules._LOADED.clear()
    rules._LOADED.update(loaded)


def _pair(tmp_path):
    (tmp_path / "old.yaml").write_text("skeleton: 1\nendpoints: {ping: string, pets: list}\n")
    (tmp_path / "new.yaml").write_text("skeleton: 1\nendpoints: {pets: list, toys: list}\n")
    return str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")


def test_a_registered_format_loads_diffs_and_reports(skeleton, tmp_path):
    old, new = _pair(tmp_path)
    result = CliRunner().invoke(cli, ["diff", old, new, "-f", "json", "--no-config"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["old"]["format"] == "skeleton-1"
    assert [(c["id"], c["severity"], c["operation"]) for c in report["changes"]] == [
        ("skeleton-endpoint-removed", "breaking", "endpoint ping"),
        ("skeleton-endpoint-added", "safe", "endpoint toys"),
    ]
    assert report["changes"][0]["location"]["line"] == 2  # positions from the YAML document
    for fmt in ("text", "markdown", "sarif", "junit", "github", "html", "yaml"):
        shown = CliRunner().invoke(cli, ["diff", old, new, "-f", fmt, "--no-config"])
        assert shown.exit_code == 0 and "ping" in shown.output, fmt
    assert CliRunner().invoke(cli, ["breaking", old, new, "--no-config"]).exit_code == 1
    page = CliRunner().invoke(cli, ["rules", "-f", "json"])
    listed = {r["id"]: r for r in json.loads(page.output)}
    assert listed["skeleton-endpoint-removed"]["families"] == ["skeleton"]


def test_a_registered_format_is_a_configuration_value(skeleton, tmp_path):
    from apidiff.config import parse

    config = parse({"contract": [{"path": "api.yaml", "format": "skeleton"}]})
    assert config.contracts[0].format == "skeleton"


def test_it_cannot_be_compared_with_another_family(skeleton, tmp_path):
    old, _ = _pair(tmp_path)
    pets = Path(__file__).parent.parent / "fixtures" / "petstore" / "old.yaml"
    result = CliRunner().invoke(cli, ["diff", old, str(pets), "--no-config"])
    assert result.exit_code == 2 and "cannot compare a skeleton-1 contract" in result.output


def test_unregistered_it_is_not_read():
    assert registry.format_named("skeleton") is None


def _owned_modules() -> dict[str, set[str]]:
    """Per format and family name: the modules the registry names for it."""
    owned: dict[str, set[str]] = {}
    for fmt in registry.FORMATS:
        family = registry.FAMILIES[fmt.family]
        paths = [fmt.loader, fmt.sniff, fmt.detect, fmt.binary, fmt.start, family.compare]
        paths += family.rules
        if family.operations is not None:
            ops = family.operations
            paths += [ops.load, ops.broken, ops.annotate]
        modules = {p.partition(":")[0] for p in paths if p}
        for name in (fmt.name, *fmt.dialects, fmt.family):
            owned.setdefault(name, {"apidiff.registry"}).update(modules)
    return owned


def test_no_module_but_a_formats_own_names_it():
    owned = _owned_modules()
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                allowed = owned.get(node.value)
                if allowed is not None and module not in allowed:
                    problems.append(f"{module}:{node.lineno} names {node.value!r}")
    assert problems == []
