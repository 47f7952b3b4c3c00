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
