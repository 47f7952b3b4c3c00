"""Hostile configuration values: a repository's apidiff.toml is untrusted, and every value a
schema lets through must be one the code after it can take."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from apidiff.cli import cli
from apidiff.config import ConfigError, load
from apidiff.formats.cache import open_cache

from ..conftest import FIXTURES

PAIR = FIXTURES / "petstore"


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


def test_cache_dir_with_a_nul_is_no_cache(tmp_path: Path) -> None:
    """`cache-dir = "\\u0000"` made mkdir raise ValueError (exit 3); a cache folder that
    cannot be made is no cache, like any other."""
    assert open_cache(tmp_path / "a\0b") is None


def test_cli_with_nul_cache_dir_compares(tmp_path: Path, monkeypatch) -> None:
    old, new = sorted(PAIR.glob("old.*"))[0], sorted(PAIR.glob("new.*"))[0]
    (tmp_path / "apidiff.toml").write_text('cache-dir = "x\\u0000y"\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["breaking", str(old), str(new)])
    assert result.exit_code in (0, 1), result.output
