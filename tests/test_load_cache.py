"""Reuse of loading work: ``history`` loads each version once, and ``--cache-dir`` keeps
loaded contracts on disk, used only while every file they were built from is unchanged."""

from __future__ import annotations

import json
import os

import pytest

from apidiff import formats
from apidiff.formats import cache as load_cache

from .conftest import FIXTURES
from .gitrepo import PET_NEW, PET_OLD, Repo, run
from .test_history import V2, V3, V4


@pytest.fixture(autouse=True)
def own_cache_home(tmp_path, monkeypatch):
    """The signing key lives in the default cache folder: never the real one in a test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


@pytest.fixture
def loads(monkeypatch):
    """Every contract actually built (not taken from the cache), by source name."""
    built: list[str] = []
    real = formats._load

    def counting(sources, options, parsed):
        built.append(sources[0].name)
        return real(sources, options, parsed)

    monkeypatch.setattr(formats, "_load", counting)
    return built


def test_history_loads_each_version_once(tmp_path, monkeypatch, loads):
    repo = Repo(tmp_path / "repo")
    for i, text in enumerate((PET_OLD, V2, V3, V4, PET_NEW)):
        repo.commit(f"v{i}", {"api.yaml": text})
    monkeypatch.chdir(repo.path)
    result = run("history", "api.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["steps"]) == 4
    assert len(loads) == 5  # five versions, four steps: not eight loads


def test_history_broken_version_reported_in_both_steps(tmp_path, monkeypatch, loads):
    repo = Repo(tmp_path / "repo")
    for i, text in enumerate((PET_OLD, "openapi: 3.0.3\npaths: [\n", PET_NEW)):
        repo.commit(f"v{i}", {"api.yaml": text})
    monkeypatch.chdir(repo.path)
    steps = json.loads(run("history", "api.yaml", "--format", "json").stdout)["steps"]
    assert [("error" in s) for s in steps] == [True, True]
    assert steps[0]["error"] == steps[1]["error"]
    assert len(loads) == len(set(loads)) <= 3  # each version at most once


def _diff(old, new, cache_dir, *extra):
    result = run("diff", "--no-config", "-f", "json", "--cache-dir", str(cache_dir), *extra,
                 str(old), str(new))  # fmt: skip
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def _split_contract(folder, pet_type):
    folder.mkdir(exist_ok=True)
    (folder / "api.yaml").write_text(
        (FIXTURES / "petstore" / "old.yaml")
        .read_text()
        .replace("components:\n", "components:\n  x-unused: 1\n", 1)
        + ""
    )
    # A contract whose schema lives in another file, read through a $ref.
    (folder / "api.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n"
        "            application/json:\n              schema: {$ref: 'pet.yaml#/Pet'}\n"
    )
    (folder / "pet.yaml").write_text(
        f"Pet:\n  type: object\n  properties:\n    name: {{type: {pet_type}}}\n"
    )


def test_cache_hit_miss_and_a_referenced_file_changing(tmp_path, loads):
    cache_dir = tmp_path / "cache"
    old, new = tmp_path / "old", tmp_path / "new"
    _split_contract(old, "string")
    _split_contract(new, "integer")
    first = _diff(old / "api.yaml", new / "api.yaml", cache_dir)
    assert len(loads) == 2  # both built, both stored
    assert _diff(old / "api.yaml", new / "api.yaml", cache_dir) == first
    assert len(loads) == 2  # both from the cache, the same report
    assert "response-property-type-changed" in first or json.loads(first)["changes"]
    (new / "pet.yaml").write_text("Pet:\n  type: object\n  properties:\n    name: {type: string}\n")
    after = _diff(old / "api.yaml", new / "api.yaml", cache_dir)
    assert len(loads) == 3  # api.yaml is unchanged, but pet.yaml, which it reads, is not
    assert json.loads(after)["changes"] == []


def test_cache_same_report_as_without(tmp_path):
    old, new = FIXTURES / "petstore" / "old.yaml", FIXTURES / "petstore" / "new.yaml"
    plain = run("diff", "--no-config", "-f", "json", str(old), str(new)).stdout
    assert _diff(old, new, tmp_path / "c") == plain
    assert _diff(old, new, tmp_path / "c") == plain  # from the cache: positions, verdicts


def test_cache_graphql_operations_need_graphql_core_schema(tmp_path):
    sw = FIXTURES / "starwars"
    args = ("--operations", str(sw / "operations"))
    first = _diff(sw / "old.graphql", sw / "new.graphql", tmp_path / "c", *args)
    assert _diff(sw / "old.graphql", sw / "new.graphql", tmp_path / "c", *args) == first


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", load_cache._MAGIC + b"\x80\x05junk"])
def test_corrupt_entry_is_a_miss(tmp_path, loads, garbage):
    cache_dir = tmp_path / "cache"
    old, new = FIXTURES / "petstore" / "old.yaml", FIXTURES / "petstore" / "new.yaml"
    first = _diff(old, new, cache_dir)
    entries = sorted(cache_dir.rglob("*.pickle"))
    assert len(entries) == 2
    for entry in entries:
        entry.write_bytes(garbage)
    assert _diff(old, new, cache_dir) == first
    assert len(loads) == 4  # parsed again, never a traceback


def test_cache_dir_of_someone_else_is_not_used(tmp_path, loads):
    cache_dir = tmp_path / "shared"
    cache_dir.mkdir()
    cache_dir.chmod(0o777)
    old, new = FIXTURES / "petstore" / "old.yaml", FIXTURES / "petstore" / "new.yaml"
    _diff(old, new, cache_dir)
    assert not list(cache_dir.rglob("*.pickle"))  # others may write there: no pickles


def test_cache_dir_default_is_xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert load_cache.default_dir() == tmp_path / "xdg" / "apidiff"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # not absolute: ignored, as the spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert load_cache.default_dir() == tmp_path / "home" / ".cache" / "apidiff"


def test_cache_dir_flag_alone_and_config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    old, new = FIXTURES / "petstore" / "old.yaml", FIXTURES / "petstore" / "new.yaml"
    result = run("diff", "--no-config", "--cache-dir", "--", str(old), str(new))
    assert result.exit_code in (0, 1), result.stderr
    assert list((tmp_path / "xdg" / "apidiff").rglob("*.pickle"))
    project = tmp_path / "project"
    project.mkdir()
    (project / "apidiff.toml").write_text('cache-dir = ".apidiff-cache"\n')
    monkeypatch.chdir(project)
    result = run("diff", str(old), str(new))
    assert result.exit_code in (0, 1), result.stderr
    assert list((project / ".apidiff-cache").rglob("*.pickle"))
    assert os.stat(project / ".apidiff-cache").st_mode & 0o077 == 0


def test_protobuf_is_not_cached(tmp_path):
    """protoc reads the imports itself: the cache could not tell when one of them changed."""
    greeter = FIXTURES / "greeter"
    _diff(greeter / "old", greeter / "new", tmp_path / "c")
    assert not list((tmp_path / "c").rglob("*.pickle"))


class _Planted:
    """What an attacker would commit as a cache entry: unpickling it runs ``os.mkdir``."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def test_a_planted_entry_is_never_unpickled(tmp_path, loads):
    """A cache folder a pull request can write into (named by its apidiff.toml, or inside the
    checkout) may hold files of its choosing under the right names: without the user's key
    their signature fails and they are never unpickled."""
    import pickle

    cache_dir = tmp_path / "cache"
    old, new = FIXTURES / "petstore" / "old.yaml", FIXTURES / "petstore" / "new.yaml"
    first = _diff(old, new, cache_dir)
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Planted(str(marker)))
    for entry in sorted(cache_dir.rglob("*.pickle")):
        entry.write_bytes(load_cache._MAGIC + bytes(32) + payload)
    assert _diff(old, new, cache_dir) == first
    assert not marker.exists()
    assert len(loads) == 4  # both parsed again


def test_a_key_others_can_read_means_no_cache(tmp_path, loads):
    cache_dir = tmp_path / "cache"
    old, new = FIXTURES / "petstore" / "old.yaml", FIXTURES / "petstore" / "new.yaml"
    _diff(old, new, cache_dir)
    key = tmp_path / "xdg" / "apidiff" / "key"
    assert key.stat().st_mode & 0o777 == 0o600
    key.chmod(0o644)
    for entry in cache_dir.rglob("*.pickle"):
        entry.unlink()
    _diff(old, new, cache_dir)
    assert not list(cache_dir.rglob("*.pickle"))  # nothing signed with a key others can read
