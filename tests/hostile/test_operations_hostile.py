"""Hostile ``--operations`` documents: many operations in one file cost work proportional to
the file, and every position still matches graphql-core's."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import Source

from apidiff.formats.operations import _IndexedSource

from ..conftest import FIXTURES, compare_files

PAIR = FIXTURES / "graphql" / "client-operation-broken"


@pytest.mark.parametrize("text", ["", "\n", "abc", "a\r\nb\n\rc\r\r\nd\n", "\r\n\r\n" * 3])
def test_indexed_source_locates_like_graphql_core(text: str) -> None:
    ours, theirs = _IndexedSource(text, "x"), Source(text, "x")
    for position in range(len(text) + 2):
        assert ours.get_location(position) == theirs.get_location(position)


def test_many_broken_operations_never_rescan_the_file(tmp_path: Path, monkeypatch) -> None:
    """Each operation and each validation error was located by scanning the file from the
    top (graphql-core's ``Source.get_location``): 10,000 operations took minutes."""
    body = "\n".join(
        f'query Q{i} {{ repository(owner: "a", name: "b") {{ watchers }} }}' for i in range(200)
    )
    (tmp_path / "ops.graphql").write_text(body)

    def scan(*_args):  # the quadratic path
        raise AssertionError("Source.get_location scanned the whole file")

    monkeypatch.setattr(Source, "get_location", scan)
    result = compare_files(PAIR / "old.graphql", PAIR / "new.graphql", operations=(str(tmp_path),))
    broken = [f for f in result.findings if f.id == "client-operation-broken"]
    assert len(broken) == 200
    assert {f.location.line for f in broken} == set(range(1, 201))


STARWARS = FIXTURES / "starwars"


def _run_operations(*patterns: str):
    from click.testing import CliRunner

    from apidiff.cli import cli

    args = ["breaking", str(STARWARS / "old.graphql"), str(STARWARS / "new.graphql")]
    for pattern in patterns:
        args += ["--operations", pattern]
    return CliRunner().invoke(cli, args)


@pytest.mark.parametrize(
    ("files", "says"),
    [
        (
            {"a.graphql": "query Hero { hero { name } }\n",
             "b.graphql": "\n\nquery Hero {\n  hero { id }\n}\n"},
            "b.graphql:3:1: two operations named Hero: here and at {a}:1:1",
        ),
        (
            {"a.graphql": "query Hero { hero { name } }\nquery Hero { hero { id } }\n"},
            "a.graphql:2:1: two operations named Hero: here and at {a}:1:1",
        ),
        (
            {"a.graphql": "fragment F on Character { name }\n",
             "b.graphql": "fragment F on Character { id }\nquery Q { hero { ...F } }\n"},
            "b.graphql:1:1: two fragments named F: here and at {a}:1:1",
        ),
    ],
)  # fmt: skip
def test_two_definitions_of_one_name_are_an_input_error(tmp_path, files, says):
    """Two operations of one name were accepted: their findings had one name, one
    fingerprint and one ignore, and a fragment defined twice was checked as whichever file
    sorted first. Each is now an error naming both places."""
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    result = _run_operations(str(tmp_path))
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1, line
    assert says.format(a=tmp_path / "a.graphql") in line, line


def test_the_same_fragment_twice_and_the_same_file_twice_are_accepted(tmp_path):
    """A fragment repeated word for word is one fragment; a file reached by a folder and by
    a glob (under two spellings) is one file, not two of each of its operations."""
    (tmp_path / "a.graphql").write_text("fragment F on Character { name }\n")
    (tmp_path / "b.graphql").write_text(
        "fragment F on Character { name }\nquery Q { hero { ...F } }\n"
    )
    result = _run_operations(str(tmp_path), str(tmp_path / "*.graphql"), f"{tmp_path}/./b.graphql")
    assert result.exit_code in (0, 1), result.output
    assert "two " not in result.stderr
