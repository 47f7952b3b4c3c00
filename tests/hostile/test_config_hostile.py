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


@pytest.mark.parametrize(
    ("file", "text", "where"),
    [
        ("apidiff.toml", '[severity]\n"response-[z-a]" = "off"\n', "apidiff.toml: severity: "),
        ("apidiff.toml", 'include = ["/pets", "/pets[z-a]"]\n', "apidiff.toml: include[2]: "),
        ("apidiff.toml", 'exclude = ["[z-a]"]\n', "apidiff.toml: exclude[1]: "),
        (
            "pyproject.toml",
            '[tool.apidiff]\n[[tool.apidiff.ignore]]\nrule = "[z-a]"\nreason = "r"\n',
            "pyproject.toml: ignore #1: rule: ",
        ),
        (
            "apidiff.toml",
            'ignore-files = ["ignores.toml"]\n',
            "ignores.toml: ignore #1: operation: ",
        ),
    ],
)
def test_a_bad_glob_names_the_configuration_file_and_key(tmp_path, monkeypatch, file, text, where):
    """A bad character class was reported as `glob '[z-a]': bad character class` with no file
    or key, and only when a finding was first matched against it (never, on a run with no
    findings); it is checked when the configuration is read, as its other values are."""
    (tmp_path / file).write_text(text)
    (tmp_path / "ignores.toml").write_text('[[ignore]]\noperation = "[z-a]"\nreason = "r"\n')
    monkeypatch.chdir(tmp_path)
    same = str(PAIR / "old.yaml")
    result = CliRunner().invoke(cli, ["breaking", same, same])  # no finding to match
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    assert line.startswith(f"apidiff: error: {tmp_path / where}"), line
    assert "bad character class '[z-a]'" in line and len(line.splitlines()) == 1


@pytest.mark.parametrize("option", ["--rule-severity", "--include", "--exclude", "--ignores"])
def test_a_bad_glob_on_the_command_line_names_its_option(tmp_path, option):
    same = str(PAIR / "old.yaml")
    value = "[z-a]=off" if option == "--rule-severity" else "[z-a]"
    if option == "--ignores":
        value = str(tmp_path / "ignores.toml")
        (tmp_path / "ignores.toml").write_text('[[ignore]]\npointer = "[z-a]"\nreason = "r"\n')
    result = CliRunner().invoke(cli, ["breaking", "--no-config", same, same, option, value])
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    named = f"{tmp_path / 'ignores.toml'}: ignore #1: pointer" if option == "--ignores" else option
    assert line.startswith(f"apidiff: error: {named}: "), line
    assert "bad character class '[z-a]'" in line
