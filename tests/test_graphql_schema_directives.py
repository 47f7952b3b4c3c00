"""Directives applied to the schema itself (``extend schema @link(...)``): compared, and
reported where they are written."""

from __future__ import annotations

from .conftest import FIXTURES, compare_files


def test_a_schema_directive_change_points_at_where_it_is_written():
    folder = FIXTURES / "graphql" / "federation-directive-usage-changed"
    (finding,) = compare_files(folder / "old.graphql", folder / "new.graphql").findings
    assert finding.id == "federation-directive-usage-changed"
    assert finding.location is not None and finding.location.position == (1, 1)
    assert finding.location.file.endswith("new.graphql")
