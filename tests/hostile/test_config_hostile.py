"""Hostile configuration values: a repository's apidiff.toml is untrusted, and every value a
schema lets through must be one the code after it can take."""

from __future__ import annotations

from pathlib import Path

import pytest

from apidiff.config import ConfigError, load


@pytest.mark.parametrize("value", ["[[]]", "[1]", "[{}]", '["v1"]', '[""]'])
def test_strip_prefix_list_items_are_paths(tmp_path: Path, value: str) -> None:
    """The list form's items lost their string type to the pattern that overrode them, so
    `strip-prefix = [[]]` reached the code as a list and exited 3."""
    (tmp_path / "apidiff.toml").write_text(f"strip-prefix = {value}\n")
    with pytest.raises(ConfigError, match="strip-prefix"):
        load(tmp_path / "apidiff.toml")


def test_strip_prefix_list_of_paths_still_loads(tmp_path: Path) -> None:
    (tmp_path / "apidiff.toml").write_text('strip-prefix = ["/v1", "/v2"]\n')
    assert load(tmp_path / "apidiff.toml").policy.strip_prefix == ("/v1", "/v2")
