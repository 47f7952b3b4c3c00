"""``apidiff check``: every contract of a repository against a git revision, one report."""

from __future__ import annotations

import json
import sys

import pytest

from .gitrepo import PET_NEW, PET_OLD, SW_OLD, Repo, error_line, run, working_copy

CONTRACTS = """\
[[contract]]
name = "pets"
path = "services/pets/openapi.yaml"
format = "openapi"

[[contract]]
name = "starwars"
path = "graphql/schema.graphql"
format = "graphql"
"""
SW_SAFE = SW_OLD + "\ntype Planet {\n  name: String\n}\n"  # one safe change


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """Two contracts committed at tag v1; the working tree gives pets a breaking change and
    starwars a safe one."""
    repo = Repo(tmp_path_factory.mktemp("check") / "repo")
    repo.commit(
        "contracts",
        {
            "apidiff.toml": CONTRACTS,
            "services/pets/openapi.yaml": PET_OLD,
            "graphql/schema.graphql": SW_OLD,
        },
    )
    repo.tag("v1")
    repo.write({"services/pets/openapi.yaml": PET_NEW, "graphql/schema.graphql": SW_SAFE})
    return repo


@pytest.fixture
def repo(template, tmp_path, monkeypatch):
    return working_copy(template, tmp_path, monkeypatch)


def test_one_report_for_all_contracts(repo):
    result = run("check", "--against", "v1", "-f", "json", "-j", "1")
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert document["old"]["source"] == "v1 (2 contracts)"
    assert document["new"]["source"] == "working tree (2 contracts)"
    assert document["summary"] == {"breaking": 7, "dangerous": 2, "safe": 7}
    operations = [c["operation"] for c in document["changes"]]
    assert all(op.startswith(("pets: ", "starwars")) for op in operations), operations
    assert "pets: DELETE /pets/{petId}" in operations
    starwars = [c for c in document["changes"] if c["operation"].startswith("starwars")]
    assert [(c["id"], c["severity"]) for c in starwars] == [("type-added", "safe")]


def test_html_contents_keep_each_contracts_tags(repo):
    page = run("check", "--against", "v1", "-f", "html", "-j", "1").stdout
    toc = page[page.index('<nav id="toc"') : page.index("</nav>")]
    pets = toc[toc.index("<summary>pets (") :]
    assert "pets: POST /pets" in pets[: pets.index("</details>")]


def test_text_report_names_each_contract(repo):
    result = run("check", "--against", "v1", "--no-color", "-j", "1")
    assert result.exit_code == 1
    assert result.stdout.startswith("v1 (2 contracts) -> working tree (2 contracts): 7 breaking")
    assert "pets: DELETE /pets/{petId}" in result.stdout


def test_exit_zero_when_no_contract_breaks(repo):
    repo.write({"services/pets/openapi.yaml": PET_OLD})
    result = run("check", "--against", "v1", "-f", "json", "-j", "1")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["summary"] == {"breaking": 0, "dangerous": 0, "safe": 1}
    assert [c["operation"][:10] for c in document["changes"]] == ["starwars: "]
    # ... and --fail-on safe counts that one
    assert run("check", "--against", "v1", "--fail-on", "safe", "-j", "1").exit_code == 1


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_parallel_is_byte_identical_to_serial(repo, fmt):
    serial = run("check", "--against", "v1", "-f", fmt, "--no-color", "-j", "1")
    parallel = run("check", "--against", "v1", "-f", fmt, "--no-color", "-j", "2")
    assert serial.exit_code == parallel.exit_code == 1
    assert serial.stdout == parallel.stdout
    assert serial.stdout


def test_an_error_in_a_worker_reads_the_same(repo):
    repo.write({"graphql/schema.graphql": "type Query {\n"})
    serial = run("check", "--against", "v1", "-j", "1")
    parallel = run("check", "--against", "v1", "-j", "2")
    assert serial.exit_code == parallel.exit_code == 2
    assert error_line(serial) == error_line(parallel)
    assert "graphql/schema.graphql" in error_line(serial)


def test_a_contract_new_since_the_base_is_a_warning(repo):
    repo.write(
        {
            "apidiff.toml": CONTRACTS
            + '\n[[contract]]\nname = "orders"\npath = "services/orders/openapi.yaml"\n',
            "services/orders/openapi.yaml": PET_OLD,
        }
    )
    for jobs in ("1", "2"):
        result = run("check", "--against", "v1", "-f", "json", "-j", jobs)
        assert result.exit_code == 1, result.output  # pets still breaks
        document = json.loads(result.stdout)
        assert document["old"]["source"] == "v1 (3 contracts)"
        assert not any(c["operation"].startswith("orders") for c in document["changes"])
    text = run("check", "--against", "v1", "--no-color", "-j", "1").stdout
    assert "orders: new contract: `services/orders/openapi.yaml` does not exist at v1" in text
    # Alone, a new contract passes.
    repo.write({"services/pets/openapi.yaml": PET_OLD, "graphql/schema.graphql": SW_OLD})
    assert run("check", "--against", "v1", "-j", "1").exit_code == 0


def test_a_new_path_that_is_no_contract_is_an_error_not_no_changes(repo):
    """A path new since the base is a new contract only if it is one: `.git/config` (or a
    README) named by mistake is an input error, not a quiet "new contract"."""
    repo.write(
        {
            "apidiff.toml": CONTRACTS + '\n[[contract]]\nname = "x"\npath = "notes.txt"\n',
            "notes.txt": "[core]\n\trepositoryformatversion = 0\n",
        }
    )
    result = run("check", "--against", "v1", "-j", "1")
    assert result.exit_code == 2, result.output
    assert "notes.txt" in error_line(result)


def test_a_ref_new_since_the_base_is_not_a_new_contract(repo):
    """The base version exists but one of its $refs does not: that is an error, not a
    'new contract' warning that silently skips the comparison."""
    broken = PET_OLD.replace(
        '                $ref: "#/components/schemas/Pets"', '                $ref: "pets.yaml"', 1
    )
    repo.commit("ref to a file never committed", {"services/pets/openapi.yaml": broken})
    repo.tag("v2")
    repo.write({"services/pets/pets.yaml": "type: array\nitems: {type: object}\n"})
    assert (
        run("breaking", "v2:services/pets/openapi.yaml", "services/pets/openapi.yaml").exit_code
        == 2
    )
    result = run("check", "--against", "v2", "-j", "1")
    assert result.exit_code == 2, result.output
    line = error_line(result)
    assert "v2:services/pets/openapi.yaml:" in line and "cannot read $ref 'pets.yaml'" in line


def test_a_declared_format_must_match(repo):
    repo.write({"apidiff.toml": CONTRACTS.replace('format = "openapi"', 'format = "graphql"')})
    for jobs in ("1", "2"):
        result = run("check", "--against", "v1", "-j", jobs)
        assert result.exit_code == 2, result.output
        line = error_line(result)
        assert "contract 'pets' is declared graphql but is openapi-3.0" in line
        assert "services/pets/openapi.yaml" in line


def test_paths_on_the_command_line(repo):
    (repo.path / "apidiff.toml").unlink()
    result = run(
        "check",
        "--against",
        "v1",
        "services/pets/openapi.yaml",
        "graphql/schema.graphql",
        "-f",
        "json",
        "-j",
        "1",
    )
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert document["old"]["source"] == "v1 (2 contracts)"
    operations = {c["operation"] for c in document["changes"]}
    assert "services/pets/openapi.yaml: DELETE /pets/{petId}" in operations
    assert any(op.startswith("graphql/schema.graphql") for op in operations)


def test_paths_on_the_command_line_replace_the_configuration(repo):
    result = run("check", "--against", "v1", "graphql/schema.graphql", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["old"]["source"] == "v1 (1 contract)"


def test_paths_from_a_subfolder(repo, monkeypatch):
    monkeypatch.chdir(repo.path / "services")
    result = run("check", "--against", "v1", "pets/openapi.yaml", "-f", "json")
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["summary"]["breaking"] == 7


def test_config_paths_are_relative_to_the_config_file(repo, monkeypatch):
    monkeypatch.chdir(repo.path / "services" / "pets")
    result = run("check", "--against", "v1", "-f", "json", "-j", "1")
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["old"]["source"] == "v1 (2 contracts)"


def test_no_contracts(repo):
    (repo.path / "apidiff.toml").write_text('against = "v1"\n')
    result = run("check")
    assert result.exit_code == 2
    assert "no contracts to check" in error_line(result)
    result = run("check", "--no-config", "--against", "v1")
    assert result.exit_code == 2
    assert "no contracts to check" in error_line(result)


def test_no_against(repo):
    result = run("check")
    assert result.exit_code == 2
    assert "give --against REV" in error_line(result)


def test_against_and_format_from_the_configuration(repo):
    (repo.path / "apidiff.toml").write_text('against = "v1"\nformat = "json"\n' + CONTRACTS)
    result = run("check", "-j", "1")
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["summary"]["breaking"] == 7
    # a flag wins
    assert run("check", "-f", "markdown", "-j", "1").stdout.startswith("<!-- apidiff:report")


def test_a_missing_base_revision(repo):
    result = run("check", "--against", "origin/main")
    assert result.exit_code == 2
    assert "git fetch --no-tags --depth=1 origin +refs/heads/main:refs/remotes/origin/main" in (
        error_line(result)
    )


def test_a_contract_outside_the_repository(repo, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(PET_OLD)
    result = run("check", "--against", "v1", str(outside))
    assert result.exit_code == 2
    assert "is not inside the git repository" in error_line(result)


def test_no_progress_bar_when_stderr_is_not_a_terminal(repo):
    for jobs in ("1", "2"):
        result = run("check", "--against", "v1", "-j", jobs, "--no-color")
        assert result.exit_code == 1
        assert result.stderr == ""
        assert "pets: DELETE /pets/{petId}" in result.stdout


def test_the_progress_bar_on_a_terminal(repo, monkeypatch):
    """Only on a terminal: one line redrawn with \\r, ended once all contracts are done."""
    import io

    from apidiff import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Terminal())
    bar = cli._progress()
    assert bar is not None
    monkeypatch.setattr(cli, "_progress", lambda: bar)
    result = run("check", "--against", "v1", "-j", "1")
    shown = result.stderr
    assert shown.count("\r") == 2 and shown.endswith("\n"), shown
    assert "#" in shown and "1/2 pets" in shown and "2/2 starwars" in shown
    assert result.stdout.startswith("v1 (2 contracts)")  # the report is not mixed in


def test_a_contract_missing_everywhere_is_an_error_not_a_new_contract(repo):
    """A misspelt path must not pass as 'new since the base' forever."""
    repo.write(
        {"apidiff.toml": CONTRACTS + '\n[[contract]]\nname = "typo"\npath = "servics/api.yaml"\n'}
    )
    for jobs in ("1", "2"):
        result = run("check", "--against", "v1", "-j", jobs)
        assert result.exit_code == 2, result.output
        assert "servics/api.yaml: no such file" in error_line(result)


def test_reports_name_files_from_the_current_folder(repo, monkeypatch):
    document = json.loads(run("check", "--against", "v1", "-f", "json", "-j", "1").stdout)
    files = {c["location"]["file"] for c in document["changes"] if c["location"]}
    assert files == {
        "v1:services/pets/openapi.yaml",  # removals are located in the old version
        "services/pets/openapi.yaml",
        "graphql/schema.graphql",
    }
    monkeypatch.chdir(repo.path / "services")
    document = json.loads(run("check", "--against", "v1", "-f", "json", "-j", "1").stdout)
    files = {c["location"]["file"] for c in document["changes"] if c["location"]}
    assert "pets/openapi.yaml" in files
    assert str(repo.path / "graphql" / "schema.graphql") in files  # not under the cwd


def test_an_error_keeps_its_position_across_processes():
    import pickle

    from apidiff.errors import LimitError

    error = LimitError("too deep", file="api.yaml", line=3, column=7)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is LimitError and copy.exit_code == 2
    assert (copy.file, copy.line, copy.column, str(copy)) == ("api.yaml", 3, 7, str(error))


def test_check_shows_what_min_severity_asks_and_still_fails(repo):
    # What the pre-commit hooks run: breaking and dangerous shown, the rest one line.
    result = run("check", "--against", "v1", "-j", "1", "--min-severity", "dangerous")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[1].startswith("and ") and "safe changes not shown" in lines[1]
    assert "  safe      " not in result.stdout
    # Everything hidden, the gate unchanged.
    quiet = run("check", "--against", "v1", "-j", "1", "--level", "ERR", "--fail-on", "dangerous")
    assert quiet.exit_code == 1


# -- Protobuf import roots per contract (proto-paths) -------------------------------------------
_API = 'syntax = "proto3";\npackage shop.v1;\nimport "money/money.proto";\n'
_OLD_PROTO = _API + "message Item {\n  money.Money price = 1;\n  string name = 2;\n}\n"
_NEW_PROTO = _API + "message Item {\n  money.Money price = 1;\n}\n"
_MONEY = 'syntax = "proto3";\npackage money;\nmessage Money {\n  int64 units = 1;\n}\n'
_PROTO_CONFIG = '[[contract]]\nname = "shop"\npath = "api"\nproto-paths = ["../third_party"]\n'


@pytest.fixture
def proto_repo(tmp_path, monkeypatch):
    """A Protobuf contract in ``services/`` whose import root is a sibling folder, named by
    the configuration relative to itself; a field removed in the working tree."""
    repo = Repo(tmp_path / "repo")
    repo.commit(
        "protos",
        {
            "services/apidiff.toml": _PROTO_CONFIG,
            "services/api/shop/v1/shop.proto": _OLD_PROTO,
            "third_party/money/money.proto": _MONEY,
        },
    )
    repo.tag("v1")
    repo.write({"services/api/shop/v1/shop.proto": _NEW_PROTO})
    monkeypatch.chdir(repo.path)
    return repo


def test_proto_paths_of_a_contract_are_its_import_roots_on_both_sides(proto_repo):
    result = run("check", "--config", "services/apidiff.toml", "--against", "v1", "-f", "json")
    assert result.exit_code == 1, result.output
    ids = [c["id"] for c in json.loads(result.stdout)["changes"]]
    assert ids == ["message-field-removed-unreserved-number"]


def test_proto_paths_from_a_subfolder(proto_repo, monkeypatch):
    monkeypatch.chdir(proto_repo.path / "services")
    result = run("check", "--against", "v1", "-f", "json")
    assert result.exit_code == 1, result.output


def test_proto_paths_may_not_leave_the_repository(proto_repo, tmp_path):
    (tmp_path / "outside").mkdir()
    bad = _PROTO_CONFIG.replace("../third_party", "../../../outside")
    proto_repo.write({"services/apidiff.toml": bad})
    result = run("check", "--config", "services/apidiff.toml", "--against", "v1")
    assert result.exit_code == 2
    assert "proto-paths entry '../../../outside' leaves the repository" in error_line(result)


def test_proto_paths_through_a_link_out_of_the_repository(proto_repo, tmp_path):
    outside = tmp_path / "outside" / "money"
    outside.mkdir(parents=True)
    (outside / "money.proto").write_text(_MONEY)
    proto_repo.symlink("linked", str(tmp_path / "outside"))
    proto_repo.write({"services/apidiff.toml": _PROTO_CONFIG.replace("third_party", "linked")})
    result = run("check", "--config", "services/apidiff.toml", "--against", "v1")
    assert result.exit_code == 2
    assert "linked" in error_line(result)
