"""OLD parsed in a forked process (formats/background.py) gives exactly a serial run's output:
the same reports, byte for byte, the same errors in the same order, and the same positions."""

from __future__ import annotations

import pytest

from apidiff import api
from apidiff.formats import background
from apidiff.report import render

from .conftest import FIXTURES

PAIRS = sorted(
    p.parent
    for p in FIXTURES.glob("**/old.yaml")
    if (p.parent / "new.yaml").exists() and "hostile" not in p.parts
)[:60]


@pytest.fixture
def always(monkeypatch):
    """Every YAML document goes through the child, however small."""
    monkeypatch.setattr(background, "MIN_BYTES", 0)
    monkeypatch.setattr(background, "usable_cpus", lambda: 2)


def reports(old, new) -> tuple[str, str]:
    result = api.compare(str(old), str(new))
    return render(result, "json"), render(result, "text", color=False)


@pytest.mark.parametrize("folder", PAIRS, ids=[str(p.relative_to(FIXTURES)) for p in PAIRS])
def test_reports_are_byte_identical(folder, always, monkeypatch):
    parallel = reports(folder / "old.yaml", folder / "new.yaml")
    monkeypatch.setattr(background, "MIN_BYTES", 1 << 62)
    assert parallel == reports(folder / "old.yaml", folder / "new.yaml")


def test_the_child_really_parses(always, monkeypatch):
    adopted = []
    original = background.Pending.document

    def spy(self):
        document = original(self)
        adopted.append(document)
        return document

    monkeypatch.setattr(background.Pending, "document", spy)
    folder = FIXTURES / "petstore"
    api.compare(str(folder / "old.yaml"), str(folder / "new.yaml"))
    assert len(adopted) == 1 and adopted[0] is not None  # the child's document was used


OK = '      responses:\n        "200": {description: ok}\n'
GOOD = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n' + OK


@pytest.mark.parametrize(
    ("old", "new", "culprit"),
    [
        ("openapi: [\n", "openapi: [\n", "old.yaml"),  # both broken: OLD's error first
        ("openapi: [\n", GOOD, "old.yaml"),
        (GOOD, "openapi: [\n", "new.yaml"),
        ("openapi: [\n", None, "old.yaml"),  # NEW missing, OLD broken: still OLD first
        (GOOD, None, "new.yaml"),
    ],
)
def test_errors_come_as_in_a_serial_run(tmp_path, always, old, new, culprit):
    (tmp_path / "old.yaml").write_text(old)
    if new is not None:
        (tmp_path / "new.yaml").write_text(new)
    with pytest.raises(Exception) as parallel:
        api.compare(str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"))
    assert culprit in str(parallel.value) and parallel.value.exit_code == 2


def test_what_the_fast_builder_declines_is_parsed_here(tmp_path, always):
    # A merge key (which may override what it merges): the child gives up, the parent parses.
    old = GOOD.replace(
        'info: {title: t, version: "1"}',
        'x-base: &base {title: t, version: "1"}\ninfo:\n  <<: *base\n  title: u',
    )
    (tmp_path / "old.yaml").write_text(old)
    (tmp_path / "new.yaml").write_text(GOOD)
    result = api.compare(str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"))
    assert result.old.title == "u"


@pytest.mark.parametrize("slow", [False, True], ids=["fast-builder", "full-constructor"])
def test_a_key_written_twice_is_an_error_at_the_second(tmp_path, always, slow):
    # Tools disagree on a repeated key (PyYAML keeps the last, strict loaders refuse): the
    # contract does not say one thing. The merge key sends the document to the slow path.
    merge = "x-base: &base {a: 1}\nx-use:\n  <<: *base\n" if slow else ""
    (tmp_path / "old.yaml").write_text(GOOD + merge + "info: {title: u, version: '2'}\n")
    (tmp_path / "new.yaml").write_text(GOOD)
    with pytest.raises(Exception) as raised:
        api.compare(str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"))
    line = GOOD.count("\n") + merge.count("\n") + 1
    assert raised.value.exit_code == 2
    assert str(raised.value).startswith(f"{tmp_path / 'old.yaml'}:{line}:1: invalid YAML: ")
    assert "duplicate key 'info' (first at line 2, column 1)" in str(raised.value)


def test_a_parsed_document_holds_no_cycle_to_its_loader():
    # The fast builder's recursive closure referred to itself: a cycle that kept the loader
    # and every container it built alive until the cycle collector's next full pass.
    import gc

    from apidiff.formats.yamljson import parse

    gc.collect()
    gc.disable()
    try:
        document = parse("api.yaml", GOOD)
        assert isinstance(document.data, dict)
        del document
        left = [o for o in gc.get_objects() if type(o).__name__ == "_MarkingLoader"]
    finally:
        gc.enable()
    assert left == []
