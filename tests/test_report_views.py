"""What reports show at real scale: severity filters, documentation-only changes hidden,
summaries first, grouping by rule; the exit code always judged on every finding."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from apidiff.cli import cli
from apidiff.rules.docs import site_pages

from .conftest import ROOT

PET = ["fixtures/petstore/old.yaml", "fixtures/petstore/new.yaml", "--today", "2026-01-15"]


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_min_severity_hides_and_counts_the_rest():
    result = invoke("diff", *PET, "--min-severity", "breaking")
    assert result.exit_code == 0
    out = result.stdout
    assert "7 breaking, 2 dangerous, 6 safe" in out.splitlines()[0]  # the verdict: everything
    assert (
        out.splitlines()[1]
        == "and 2 dangerous and 6 safe changes not shown (1 of them documentation-only)"
    )
    assert "  dangerous " not in out and "  safe      " not in out


@pytest.mark.parametrize("level", ["ERR", "err", "Err"])
def test_level_is_oasdiffs_name(level):
    assert invoke("diff", *PET, "--level", level).stdout == (
        invoke("diff", *PET, "--min-severity", "breaking").stdout
    )


def test_level_and_min_severity_must_agree():
    result = invoke("diff", *PET, "--level", "INFO", "--min-severity", "breaking")
    assert result.exit_code == 2
    assert "disagree" in result.stderr


def test_filters_never_change_the_exit_code():
    # Only safe changes shown, yet the breaking ones still fail the run.
    hidden = invoke("diff", *PET, "--min-severity", "breaking", "--fail-on", "dangerous")
    shown = invoke("diff", *PET, "--fail-on", "dangerous")
    assert hidden.exit_code == shown.exit_code == 1
    docs = invoke("breaking", *PET, "--no-docs-changes")
    assert docs.exit_code == 1


def test_help_says_filters_do_not_change_the_exit_code():
    text = " ".join(invoke("diff", "--help").stdout.split())
    assert "Judged on every change" in text
    assert "--level" in text and "--no-docs-changes" in text


def test_no_docs_changes_hides_descriptions_only():
    out = invoke("diff", *PET, "--no-docs-changes").stdout
    assert "description changed" not in out
    assert "and 1 safe change not shown (documentation)" in out
    assert "optional query parameter `cursor` was added" in out


def test_json_keeps_summary_of_everything_and_adds_hidden():
    data = json.loads(invoke("diff", *PET, "-f", "json", "--min-severity", "dangerous").stdout)
    assert data["summary"] == {"breaking": 7, "dangerous": 2, "safe": 6}
    assert data["hidden"] == {"breaking": 0, "dangerous": 0, "safe": 6}
    assert {c["severity"] for c in data["changes"]} == {"breaking", "dangerous"}
    import jsonschema

    schema = json.loads((ROOT / "docs/schema/report.json").read_text())
    jsonschema.validate(data, schema)
    plain = json.loads(invoke("diff", *PET, "-f", "json").stdout)
    assert "hidden" not in plain


@pytest.mark.parametrize("fmt", ["markdown", "html", "github", "text"])
def test_every_human_format_says_what_it_left_out(fmt):
    out = invoke("diff", *PET, "-f", fmt, "--min-severity", "dangerous").stdout
    assert "6 safe changes not shown" in out


def test_configuration_keys(tmp_path):
    config = tmp_path / "apidiff.toml"
    config.write_text('min-severity = "breaking"\ndocs-changes = false\n')
    out = invoke("diff", *PET, "--config", str(config)).stdout
    assert "and 2 dangerous and 6 safe changes not shown" in out
    # A flag wins over the file.
    out = invoke("diff", *PET, "--config", str(config), "--min-severity", "safe").stdout
    assert "optional query parameter `cursor` was added" in out
    assert "description changed" not in out
    config.write_text('min-severity = "warn"\n')
    result = invoke("diff", *PET, "--config", str(config))
    assert result.exit_code == 2 and "min-severity" in result.stderr


def test_pre_commit_hooks_show_breaking_and_dangerous():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    for hook in hooks:
        assert hook["args"][-2:] == ["--min-severity", "dangerous"]


def test_action_yml_passes_the_inputs():
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert {"min-severity", "docs-changes"} <= set(action["inputs"])
    env = action["runs"]["steps"][-1]["env"]
    assert env["INPUT_MIN_SEVERITY"] == "${{ inputs.min-severity }}"
    assert env["INPUT_DOCS_CHANGES"] == "${{ inputs.docs-changes }}"


def test_history_filters_each_section(tmp_path, monkeypatch):
    from .gitrepo import PET_NEW, PET_OLD, Repo, run

    repo = Repo(tmp_path / "repo")
    repo.commit("one", {"api.yaml": PET_OLD})
    repo.commit("two", {"api.yaml": PET_NEW})
    monkeypatch.chdir(repo.path)
    out = run("history", "api.yaml", "--min-severity", "breaking").stdout
    assert "### Breaking" in out and "### Added" not in out
    assert "changes not shown" in out


@pytest.mark.parametrize(
    ("fmt", "first"),
    [
        ("text", 1),
        ("markdown", 5),
        ("html", None),
        ("changelog", None),
    ],
)
def test_every_human_format_starts_with_a_summary(fmt, first):
    if fmt == "changelog":
        out = invoke("changelog", *PET).stdout
        summary = out.splitlines()[2]
        assert summary.startswith("_7 breaking, 2 dangerous and 6 safe changes. By rule: ")
        return
    out = invoke("diff", *PET, "-f", fmt).stdout
    assert "7 breaking, 2 dangerous, 6 safe" in out
    if first is not None:
        line = out.splitlines()[first]
        assert "by rule:" in line.lower()
        assert "api-removed-without-deprecation" in line and "and 10 more rules" in line
    else:  # the counts by rule, in a table, before the first change
        row = '<tr><td class="rule"><code>api-removed-without-deprecation</code></td>'
        assert row + '<td class="n">1</td>' in out
        assert out.index(row) < out.index("Breaking changes") < out.index("Safe changes")


def test_group_by_rule_text_lists_operations_under_each_rule():
    out = invoke("diff", *PET, "--group-by", "rule").stdout
    blocks = out.split("\n\n")[1:]
    assert len(blocks) == 15  # one per rule
    nullable = next(b for b in blocks if b.startswith("response-property-became-nullable"))
    assert nullable.splitlines()[0] == (
        "response-property-became-nullable  breaking, 1 change in 3 operations"
    )
    assert "  schema `Pet` in responses: response schema `Pet` property `tag`" in nullable


def test_group_by_rule_markdown_is_one_row_per_rule():
    out = invoke("diff", *PET, "-f", "markdown", "--group-by", "rule").stdout
    assert "### :x: Breaking changes (7, by 7 rules)" in out
    assert "| Rule | Changes | Operations | For example |" in out
    row = next(line for line in out.splitlines() if "`response-property-became-nullable`" in line)
    assert "`GET /pets`, `GET /pets/{id}`, `POST /pets`" in row


def test_group_by_rule_leaves_json_one_finding_per_change():
    plain = invoke("diff", *PET, "-f", "json").stdout
    assert invoke("diff", *PET, "-f", "json", "--group-by", "rule").stdout == plain


_OK = (
    '{description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}'
)
_SHARED = """openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      responses:
        "200": OK
  /b:
    get:
      responses:
        "200": OK
components:
  schemas:
    Error:
      type: object
      properties:
        source: {$ref: "#/components/schemas/Source"}
    Source:
      type: object
      properties:
        account: {$ref: "#/components/schemas/Account"}
    Account:
      type: object
      properties:
        caps: {type: array, items: {$ref: "#/components/schemas/Caps"}}
    Caps:
      type: object
      properties:
        card: {type: string, enum: [on, off]}
""".replace("OK", _OK)


def _shared_pair(tmp_path):
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(_SHARED)
    new.write_text(_SHARED.replace("enum: [on, off]", "enum: [on, off, pending]"))
    return str(old), str(new)


def test_a_shared_schema_says_how_it_is_reached(tmp_path):
    old, new = _shared_pair(tmp_path)
    out = invoke("diff", old, new).stdout
    assert (
        "  used by 2 operations: GET /a, GET /b; reached as GET /a: "
        "Error.source.account.caps[]\n" in out
    )
    data = json.loads(invoke("diff", old, new, "-f", "json").stdout)
    (change,) = data["changes"]
    assert change["reached_via"] == "GET /a: Error.source.account.caps[]"
    import jsonschema

    jsonschema.validate(data, json.loads((ROOT / "docs/schema/report.json").read_text()))
    for fmt in ("markdown", "html"):
        assert "Error.source.account.caps[]" in invoke("diff", old, new, "-f", fmt).stdout
    migrate = invoke("migrate", old, new).stdout
    assert "Affects 2 operations: GET /a, GET /b; reached as GET /a: Error.source" in migrate
    assert "\n1 dangerous change. A dangerous one may" in migrate  # no "0 breaking"


def test_the_operation_list_is_capped_and_counted(tmp_path):
    text = _SHARED.split("components:")[0]
    ops = "".join(
        f'  /p{i}:\n    get:\n      responses:\n        "200": {{description: ok, content: '
        '{application/json: {schema: {$ref: "#/components/schemas/Error"}}}}\n'
        for i in range(30)
    )
    doc = text + ops + "components:" + _SHARED.split("components:")[1]
    (tmp_path / "old.yaml").write_text(doc)
    (tmp_path / "new.yaml").write_text(doc.replace("enum: [on, off]", "enum: [on, off, x]"))
    out = invoke("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")).stdout
    assert "used by 32 operations: GET /a, GET /b, GET /p0, GET /p1, GET /p10 and 27 more" in out


def test_one_operation_is_singular():
    # Grep of every report of the golden pairs: never "1 operations", "1 changes", "1 rules".
    import re

    for path in (ROOT / "tests" / "golden").rglob("*"):
        if path.is_file():
            text = path.read_text()
            assert not re.search(r"\b1 (operations|changes|rules|findings|elements)\b", text), path
    out = invoke("migrate", "fixtures/starwars/old.graphql", "fixtures/starwars/new.graphql")
    assert "Affects 1 operation: Mutation.createReview." in out.stdout


# -- SARIF and JUnit for real CI ----------------------------------------------------------------
def _sarif(*args: str, stdin: str | None = None) -> dict:
    result = CliRunner().invoke(cli, [*args, "-f", "sarif"], input=stdin, catch_exceptions=False)
    return json.loads(result.stdout)


def _sarif_schema_check(document: dict) -> None:
    import jsonschema

    from .test_report_safety import SARIF_SCHEMA

    jsonschema.validate(document, json.loads(SARIF_SCHEMA.read_text()))


def test_sarif_every_result_has_a_location_even_from_standard_input():
    old = (ROOT / "fixtures/petstore/old.yaml").read_text()
    document = _sarif("diff", "-", "fixtures/petstore/new.yaml", "--today", "2026-01-15", stdin=old)
    _sarif_schema_check(document)
    results = document["runs"][0]["results"]
    assert len(results) == 15
    for result in results:
        assert result["locations"], result
    removed = next(r for r in results if r["ruleId"] == "api-removed-without-deprecation")
    (where,) = removed["locations"]
    assert where == {
        "logicalLocations": [{"fullyQualifiedName": "DELETE /pets/{petId}", "kind": "member"}]
    }


def test_sarif_a_removal_points_at_old_at_its_revision(tmp_path, monkeypatch):
    from .gitrepo import PET_NEW, PET_OLD, Repo

    repo = Repo(tmp_path / "repo")
    repo.commit("one", {"api/pets.yaml": PET_OLD})
    (repo.path / "api" / "pets.yaml").write_text(PET_NEW)
    monkeypatch.chdir(repo.path)
    document = _sarif("diff", "api/pets.yaml", "--against", "HEAD", "--today", "2026-01-15")
    _sarif_schema_check(document)
    results = document["runs"][0]["results"]
    removed = next(r for r in results if r["ruleId"] == "api-removed-without-deprecation")
    artifact = removed["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "api/pets.yaml", "properties": {"revision": "HEAD"}}
    added = next(r for r in results if r["ruleId"] == "new-optional-request-parameter")
    assert added["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "api/pets.yaml"}


def test_sarif_help_uri_only_from_a_given_docs_url(tmp_path):
    plain = _sarif("diff", *PET)
    text = json.dumps(plain)
    assert "helpUri" not in text and "informationUri" not in text  # never an invented page
    base = "https://example.org/apidiff/"  # where the site `make docs` builds is published
    document = _sarif("diff", *PET, "--docs-url", base)
    _sarif_schema_check(document)
    driver = document["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://example.org/apidiff/rules/index.html"
    pages = site_pages()  # the site's pages: every helpUri is one of them
    for rule in driver["rules"]:
        assert rule["helpUri"] == f"{base}rules/{rule['id']}.html"
        assert f"rules/{rule['id']}.md" in pages
    # The one-page catalog on a forge: a template names its anchors.
    anchors = (ROOT / "docs/rules.md").read_text()
    template = "https://example.org/apidiff/blob/v1/docs/rules.md#{rule}"
    document = _sarif("diff", *PET, "--docs-url", template)
    driver = document["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver
    for rule in driver["rules"]:
        assert rule["helpUri"] == template.replace("{rule}", rule["id"])
        assert f'<a id="{rule["id"]}"></a>' in anchors
    document = _sarif("diff", *PET, "--docs-url", "https://docs.example.org/rules/{rule}/")
    rule = document["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["helpUri"] == f"https://docs.example.org/rules/{rule['id']}/"
    config = tmp_path / "apidiff.toml"
    config.write_text('docs-url = "https://example.org/docs"\n')
    document = _sarif("diff", *PET, "--config", str(config))
    assert document["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"].startswith(
        "https://example.org/docs/rules/"
    )
    bad = invoke("diff", *PET, "-f", "sarif", "--docs-url", "javascript:alert(1)")
    assert bad.exit_code == 2 and "--docs-url" in bad.stderr


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (
            [
                "fixtures/unchanged/ref-vs-inline/old.yaml",
                "fixtures/unchanged/ref-vs-inline/new.yaml",
            ],
            "no changes",
        ),
        ([*PET, "--min-severity", "breaking", "--level", "ERR"], None),
        (["fixtures/petstore/new.yaml", "fixtures/petstore/new.yaml"], "no changes"),
    ],
)
def test_junit_always_has_a_test_case(args, name):
    import xml.etree.ElementTree as ET

    out = invoke("diff", *args, "-f", "junit").stdout
    root = ET.fromstring(out)
    cases = root.findall("./testsuite/testcase")
    assert cases and int(root.get("tests")) == len(cases)
    if name is not None:
        assert [c.get("name") for c in cases] == [name]
        assert root.find("./testsuite/testcase/failure") is None


# -- semver for real versions -------------------------------------------------------------------
def _dated(tmp_path, old_version: str, new_version: str, breaking: bool) -> list[str]:
    text = (ROOT / "fixtures/petstore/old.yaml").read_text()
    new_text = (
        ROOT / "fixtures/petstore/new.yaml" if breaking else ROOT / "fixtures/petstore/old.yaml"
    ).read_text()
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(text.replace("version: 1.0.0", f"version: '{old_version}'"))
    new.write_text(
        new_text.replace("version: 2.0.0", f"version: '{new_version}'").replace(
            "version: 1.0.0", f"version: '{new_version}'"
        )
    )
    return [str(old), str(new)]


def test_semver_calendar_version_invents_nothing(tmp_path):
    pair = _dated(tmp_path, "2023-08-16", "2023-08-16", breaking=True)
    result = invoke("semver", *pair)
    assert result.exit_code == 0
    out = result.stdout
    assert "current version: 2023-08-16 (a calendar version)" in out
    assert "a breaking change needs one" in out
    assert "2023.1.0" not in out and "2024.0.0" not in out and "2023.0" not in out
    assert "NEW declares 2023-08-16: not enough: a breaking change needs a later date" in out
    assert invoke("semver", *pair, "--check").exit_code == 1
    data = json.loads(invoke("semver", *pair, "-f", "json").stdout)
    assert data["scheme"] == "calendar" and data["next"] is None
    assert data["declared_is_enough"] is False
    later = _dated(tmp_path, "2023-08-16", "2023-10-16", breaking=True)
    assert invoke("semver", *later, "--check").exit_code == 0
    assert invoke("semver", *later, "--check", "--new-version", "2023-08-16").exit_code == 1


def test_semver_calendar_same_date_is_fine_without_breaking_changes(tmp_path):
    pair = _dated(tmp_path, "2023-01-01-preview", "2023-01-01-preview", breaking=False)
    result = invoke("semver", *pair, "--check")
    assert result.exit_code == 0, result.output
    pair = _dated(tmp_path, "2023-08-16", "1.0.0", breaking=True)
    result = invoke("semver", *pair, "--check")
    assert result.exit_code == 2 and "dated version" in result.stderr


@pytest.mark.parametrize(
    "pair",
    [
        ["fixtures/starwars/old.graphql", "fixtures/starwars/new.graphql"],
        [
            "fixtures/protobuf/message-field-cardinality-changed/old",
            "fixtures/protobuf/message-field-cardinality-changed/new",
        ],
    ],
    ids=["graphql", "protobuf"],
)
def test_semver_check_for_formats_without_versions(pair):
    if pair[0].endswith(".graphql"):  # a Protobuf package's v1 counts as its version
        result = invoke("semver", *pair, "--check")
        assert result.exit_code == 2
        assert "GraphQL and Protobuf declare none" in result.stderr
        assert "--current" in result.stderr
        result = invoke("semver", *pair, "--check", "--current", "1.2.0")
        assert result.exit_code == 2 and "--new-version" in result.stderr
    low = invoke("semver", *pair, "--check", "--current", "1.2.0", "--new-version", "1.3.0")
    assert low.exit_code == 1 and "not enough for a major bump" in low.stdout
    high = invoke("semver", *pair, "--check", "--current", "1.2.0", "--new-version", "2.0.0")
    assert high.exit_code == 0 and "NEW declares 2.0.0: enough" in high.stdout
    bad = invoke("semver", *pair, "--new-version", "soon")
    assert bad.exit_code == 2 and "--new-version 'soon'" in bad.stderr


# -- small things a newcomer hit ----------------------------------------------------------------
def test_color_forces_colour_in_a_pipe():
    assert "\x1b[31m" in invoke("diff", *PET, "--color").stdout
    assert "\x1b[" not in invoke("diff", *PET).stdout


def test_an_openapi_folder_says_what_it_is():
    result = invoke("diff", "fixtures/openapi", "fixtures/openapi")
    assert result.exit_code == 2
    assert "is a folder of OpenAPI (YAML or JSON) files" in result.stderr
    assert "GraphQL files" not in result.stderr


def test_an_before_a_vowel():
    result = invoke("diff", "fixtures/starwars/old.graphql", "fixtures/petstore/new.yaml")
    assert "cannot compare a graphql contract with an openapi-3.0 one" in result.stderr


def test_a_url_needs_allow_remote_refs_then_is_fetched(tmp_path):
    result = invoke("diff", "https://example.invalid/old.yaml", "fixtures/petstore/new.yaml")
    assert result.exit_code == 2
    assert "a URL is fetched only with --allow-remote-refs" in result.stderr
    assert "no such file" not in result.stderr

    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(ROOT / "fixtures" / "petstore"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # loopback only: no network
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        args = [f"{url}/old.yaml", "fixtures/petstore/new.yaml", "--allow-remote-refs"]
        result = invoke("diff", *args, "--today", "2026-01-15")
        assert result.exit_code == 0
        assert result.stdout.splitlines()[0].endswith("7 breaking, 2 dangerous, 6 safe")
        missing = invoke("diff", f"{url}/nope.yaml", *args[1:])
        assert missing.exit_code == 2 and "HTTP 404" in missing.stderr
    finally:
        server.shutdown()
        server.server_close()


def test_config_typos_get_did_you_mean(tmp_path):
    config = tmp_path / "apidiff.toml"
    config.write_text('fail_on = "breaking"\n')
    result = invoke("diff", *PET, "--config", str(config))
    assert result.exit_code == 2
    assert "unknown key 'fail_on' (did you mean 'fail-on'?)" in result.stderr
    config.write_text("[deprecation]\nmin_days = 3\n")
    result = invoke("diff", *PET, "--config", str(config))
    assert "did you mean 'min-days'?" in result.stderr


def test_against_from_outside_the_repository(tmp_path, monkeypatch):
    from .gitrepo import PET_NEW, PET_OLD, Repo

    repo = Repo(tmp_path / "repo")
    repo.commit("one", {"api.yaml": PET_OLD})
    (repo.path / "api.yaml").write_text(PET_NEW)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = invoke("diff", str(repo.path / "api.yaml"), "--against", "HEAD")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("HEAD:api.yaml -> ")
    assert "7 breaking" in result.stdout.splitlines()[0]


def test_the_shallow_clone_advice_is_a_command_that_works(tmp_path, monkeypatch):
    import shlex
    import subprocess

    from .gitrepo import PET_NEW, PET_OLD, Repo

    upstream = Repo(tmp_path / "upstream")
    upstream.commit("one", {"api.yaml": PET_OLD})
    upstream.git("branch", "base")
    upstream.commit("two", {"api.yaml": PET_NEW})
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth=1", upstream.path.as_uri(), str(clone)],
        check=True,
        capture_output=True,
    )
    monkeypatch.chdir(clone)
    result = invoke("diff", "api.yaml", "--against", "origin/base")
    assert result.exit_code == 2
    command = result.stderr.split("fetch it with `")[1].split("`")[0]
    subprocess.run(shlex.split(command), check=True, capture_output=True)
    result = invoke("diff", "api.yaml", "--against", "origin/base", "--today", "2026-01-15")
    assert result.exit_code == 0, result.output
    assert "7 breaking" in result.stdout


def test_a_very_long_way_is_walked_only_to_its_cap(tmp_path):
    # 3,000 components in a chain, all changed at the far end: the way is shortened (its
    # start, an ellipsis, its last segments), and building it is not quadratic.
    n = 3000
    chain = "".join(
        f"    C{i}:\n      type: object\n      properties:\n"
        f"        next: {{$ref: '#/components/schemas/C{i + 1}'}}\n"
        for i in range(n)
    )
    head = _SHARED.split("components:")[0].replace("Error", "C0")
    tail = f"    C{n}:\n      type: object\n      properties:\n        v: {{type: string}}\n"
    doc = head + "components:\n  schemas:\n" + chain + tail
    (tmp_path / "old.yaml").write_text(doc)
    (tmp_path / "new.yaml").write_text(doc.replace("v: {type: string}", "v: {type: integer}"))
    out = invoke("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "-f", "json")
    changes = json.loads(out.stdout)["changes"]
    via = next(c["reached_via"] for c in changes if "reached_via" in c)
    assert via.startswith("GET /a: C0.….next.next")
    assert via.count("next") == 12
