"""Errors that say what is wrong, and where: an empty option, a missing import root, a file
outside any git work tree. A message that names the wrong cause sends the user looking in
the wrong place, and one without the option or file leaves them guessing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from apidiff.cli import cli

from .test_attacks import one_line_error

PETS = Path(__file__).resolve().parents[2] / "fixtures" / "petstore"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stderr


# -- empty names on the command line ------------------------------------------------------------
OLD, NEW = str(PETS / "old.yaml"), str(PETS / "new.yaml")


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["breaking", OLD, NEW, "--proto-path", ""], "'--proto-path'"),
        (["breaking", OLD, NEW, "--config", ""], "'--config'"),
        (["breaking", OLD, NEW, "--ignores", ""], "'--ignores'"),
        (["breaking", OLD, NEW, "--operations", ""], "'--operations'"),
        (["breaking", OLD, NEW, "-o", ""], "'--output'"),
        (["breaking", OLD, "--against", ""], "'--against'"),
        (["breaking", "", NEW], "'OLD'"),
        (["breaking", OLD, ""], "NEW"),
        (["changelog", OLD, NEW, "--update", ""], "'--update'"),
        (["history", ""], "'PATH'"),
        (["history", OLD, "--since", ""], "'--since'"),
        (["check", ""], "PATHS"),
    ],
)
def test_an_empty_name_is_refused_naming_its_option(args, option):
    """An empty file, folder, glob or revision was read as the current folder (an error about
    '.', or a GraphQL syntax error in some .proto found there), or as no value at all
    (``--against ""`` compared OLD with NEW): each now names its option and says it is
    empty."""
    code, err = run(*args)
    assert code == 2, err
    line = one_line_error(err)
    assert option in line and "is empty" in line, line


# -- --proto-path --------------------------------------------------------------------------------
PROTO = 'syntax = "proto3";\npackage p.v1;\nmessage M { string name = 1; }\n'


@pytest.fixture
def proto_repo(tmp_path, monkeypatch) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "api").mkdir()
    (repo / "api" / "m.proto").write_text(PROTO)
    (repo / "third_party").mkdir()
    (repo / "a-file").write_text("x")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(repo)
    return repo


@pytest.mark.parametrize(
    ("proto_path", "needles"),
    [
        ("third_party/missing", ["third_party/missing: no such folder", "--proto-path"]),
        ("../missing", ["../missing: no such folder", "--proto-path"]),
        ("a-file", ["a-file: not a folder", "--proto-path"]),
        ("../elsewhere", ["../elsewhere: is outside", "--proto-path"]),
        ("linked-out", ["linked-out: leads outside", "symbolic link"]),
        ("linked-nowhere", ["linked-nowhere: leads outside", "symbolic link"]),
    ],
)
def test_a_proto_path_error_says_what_is_wrong(proto_repo, proto_path, needles):
    """A missing folder said it "resolves outside" the repository; it says it does not exist.
    One that leaves through a symbolic link is refused as leaving, whether or not its target
    exists (what lies outside is not told)."""
    (proto_repo / "linked-out").symlink_to(proto_repo.parent / "elsewhere")
    (proto_repo / "linked-nowhere").symlink_to(proto_repo.parent / "nowhere")
    code, err = run("diff", "api", "api", "--proto-path", proto_path)
    assert code == 2, err
    line = one_line_error(err)
    for needle in needles:
        assert needle in line, line
    assert not ("no such folder" in line and "linked" in line)


def test_an_empty_proto_path_from_the_library_is_named(proto_repo):
    from apidiff import load
    from apidiff.errors import InputError
    from apidiff.formats import LoadOptions

    with pytest.raises(InputError, match="--proto-path is empty"):
        load("api", LoadOptions(proto_paths=("",)))


def test_a_proto_path_inside_is_read(proto_repo):
    (proto_repo / "third_party" / "t.proto").write_text(PROTO.replace("p.v1", "t.v1"))
    code, err = run("diff", "api", "api", "--proto-path", "third_party")
    assert code == 0, err


# -- GraphQL introspection results ---------------------------------------------------------------
def _introspection(**changes) -> dict:
    query = {"kind": "OBJECT", "name": "Query", "interfaces": [], "fields": [
        {"name": "a", "type": {"kind": "OBJECT", "name": "T", "ofType": None}, "args": [
            {"name": "x", "type": {"kind": "SCALAR", "name": "Int", "ofType": None},
             "defaultValue": None},
        ]},
    ]}  # fmt: skip
    types = {
        "Query": query,
        "T": {"kind": "OBJECT", "name": "T", "interfaces": [], "fields": [
            {"name": "b", "args": [], "type": {"kind": "ENUM", "name": "E", "ofType": None}},
        ]},
        "E": {"kind": "ENUM", "name": "E", "enumValues": [{"name": "A"}]},
        "U": {"kind": "UNION", "name": "U", "possibleTypes": [{"kind": "OBJECT", "name": "T"}]},
        "Int": {"kind": "SCALAR", "name": "Int"},
    }  # fmt: skip
    for name, change in changes.items():
        change(types[name])
    schema = {"queryType": {"name": "Query"}, "types": list(types.values()), "directives": []}
    return {"data": {"__schema": schema}}


def _field_type(name):
    return lambda t: t["fields"][0]["type"].update(name=name)


def _arg(key, value):
    return lambda t: t["fields"][0]["args"][0].update({key: value})


@pytest.mark.parametrize(
    ("changes", "at", "says"),
    [
        ({"T": _field_type("Nope")}, '"type": {', "type Nope is not among __schema.types"),
        ({"Query": _arg("defaultValue", "{{{")}, '"defaultValue": "{{{"', "defaultValue is not"),
        (
            {"Query": _arg("type", {"kind": "OBJECT", "name": "T", "ofType": None})},
            '"type": {',
            "T is not an input type, and arguments need one",
        ),
        (
            {"T": lambda t: t["fields"][0].update(type={"kind": "NON_NULL", "ofType": None})},
            '"type": {',
            "a LIST or NON_NULL type without its ofType",
        ),
        ({"U": lambda t: t["possibleTypes"][0].update(name="E")}, "{", "E is not an object type"),
        ({"E": lambda t: t.pop("enumValues")}, "{", "no 'enumValues' list"),
        ({"T": lambda t: t["fields"][0].pop("type")}, "{", "no 'type' here"),
        ({"Query": lambda t: t.update(kind="BLAH")}, "{", "a type needs a name and a kind"),
    ],
)
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_an_introspection_error_points_at_its_entry(tmp_path, changes, at, says, suffix):
    """graphql-core's errors named only the file and were its own text ("Query fields cannot
    be resolved. Invalid or incomplete schema, unknown type: Nope. Ensure that a full
    introspection query is used..."): they now point at the entry and read as apidiff's."""
    import json

    import yaml

    data = _introspection(**changes)
    text = json.dumps(data, indent=2) if suffix == ".json" else yaml.safe_dump(data)
    path = tmp_path / f"schema{suffix}"
    path.write_text(text)
    code, err = run("diff", str(path), str(path))
    assert code == 2, err
    line = one_line_error(err)
    assert says in line, line
    for raw in ("cannot be resolved", "Ensure that", "Introspection must", "GraphQL request"):
        assert raw not in line, line
    where = line.removeprefix(f"apidiff: error: {path}:").split(":")
    row, column = int(where[0]), int(where[1])
    if suffix == ".json":  # the line holds the entry named (YAML: its key or item is there)
        assert text.splitlines()[row - 1][column - 1 :].startswith(at), (line, at)
    assert row > 1
