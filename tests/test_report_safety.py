"""Nothing a contract says can act in a report; each format keeps its own promises.

The injection pair (``fixtures/hostile/injection``) puts @mentions, <script>, </details>,
Markdown links, newlines followed by ``::error::``, XML specials, ANSI escapes and ``%0A``
into paths, operation ids, parameter names, enum values and property names.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from click.testing import CliRunner

from apidiff.cli import cli
from apidiff.report.changelog import DuplicateVersion, insert
from apidiff.report.escape import code_spans, markdown
from apidiff.report.markdown import MARKER

from .conftest import ROOT

INJECTION = ["fixtures/hostile/injection/old.yaml", "fixtures/hostile/injection/new.yaml"]
PETSTORE = ["fixtures/petstore/old.yaml", "fixtures/petstore/new.yaml"]
STARWARS = ["fixtures/starwars/old.graphql", "fixtures/starwars/new.graphql"]
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def report(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--today", "2026-01-15"], catch_exceptions=False)
    return result.exit_code, result.stdout


def _findings(pair: list[str]) -> list[dict]:
    return json.loads(report("diff", *pair, "-f", "json")[1])["changes"]


# -- Markdown ---------------------------------------------------------------------------------
def _outside_code(text: str) -> str:
    return "".join(piece for is_code, piece in code_spans(text) if not is_code)


def test_markdown_neutralizes_contract_text():
    _, text = report("diff", *INJECTION, "-f", "markdown")
    assert text.startswith(MARKER + "\n")
    # Our own HTML: exactly one <details>, closed once; nothing else opens or closes a tag.
    outside = "\n".join(_outside_code(line) for line in text.splitlines())
    assert outside.count("<details>") == 1 and outside.count("</details>") == 1
    assert outside.index("</details>") > outside.index("<summary>")
    for line in text.splitlines():
        if line.startswith(("<details>", "<summary>", "</details>", "<!--")):
            continue
        plain = _outside_code(line)
        assert not re.search(r"<[a-zA-Z/!]", plain), line  # no raw HTML outside code
        assert not re.search(r"@[A-Za-z0-9]", plain), line  # no @mention
        assert not re.search(r"(?<!\\)\[[^\]]*(?<!\\)\]\(", plain), line  # no [link](...)
        assert not re.search(r"(?i)\b(?:https?|javascript):/", plain), line  # no autolink
    # Every table row has exactly the table's four cells (contract `|` cannot add one).
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("| Operation"):
            cells = re.split(r"(?<!\\)\|", line)
            assert len(cells) == 6, line


@pytest.mark.parametrize(
    ("raw", "forbidden"),
    [
        ("1. starts a list", r"^1\. "),
        ("# a heading", r"^# "),
        ("> a quote", r"^> "),
        ("ping @octo-org/team now", r"@[a-z]"),
        ("</details><script>x</script>", r"<"),
        ("[a](https://evil.example)", r"(?<!\\)\]\("),
        ("see www.evil.example", r"www\.evil"),
        ("**bold** _it_ ~~s~~", r"(?<!\\)[*_~]{1,2}[a-z]"),
    ],
)
def test_markdown_escaping_of_plain_text(raw: str, forbidden: str):
    assert not re.search(forbidden, markdown(raw)), markdown(raw)


def test_markdown_code_spans_survive_backticks_and_pipes():
    text = markdown("property `a``b|c` and `x`", table=True)
    spans = [piece for is_code, piece in code_spans(text) if is_code]
    assert spans == ["a``b\\|c", "x"]


def test_markdown_stays_under_the_comment_limit(tmp_path):
    from apidiff.report import markdown as md
    from apidiff.result import Severity

    result = _big_result()
    text = md.render(result, limit=6_000)
    assert len(text) <= 6_000
    left = re.search(r"_(\d+) findings were left out", text)
    assert left and int(left.group(1)) > 0
    shown = len(re.findall(r"^\| .* \| `[a-z0-9-]+` \|$", text, re.MULTILINE))  # rule last
    assert shown + int(left.group(1)) == len(result.findings)
    # Breaking rows are kept before any safe row.
    assert Severity.BREAKING.value in text


def _big_result():
    """The Stripe-sized shape, synthetic: hundreds of findings of every severity."""
    import dataclasses

    import apidiff
    from apidiff import CompareOptions

    result = apidiff.compare(ROOT / PETSTORE[0], ROOT / PETSTORE[1], CompareOptions(today=None))
    many = []
    for i in range(60):
        for finding in result.findings:
            many.append(
                dataclasses.replace(
                    finding, operation=f"{finding.operation} #{i}", operation_key=f"{i:03}"
                )
            )
    return dataclasses.replace(result, findings=tuple(many))


# -- GitHub workflow commands --------------------------------------------------------------
def test_github_commands_cannot_be_injected():
    findings = _findings(INJECTION)
    _, text = report("diff", *INJECTION, "-f", "github")
    lines = text.splitlines()
    assert len(lines) == len(findings)
    for line in lines:
        assert re.match(
            r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=[a-z0-9-]+::", line
        ), line
        assert "\r" not in line
    # The contract's literal %0A stays literal; its newlines are encoded.
    assert "b%250A%3A%3Awarning" in text or "b%250A::warning" in text


def test_github_property_escaping():
    from apidiff.report.escape import github_data, github_property

    assert github_property("a:b,c%\nd") == "a%3Ab%2Cc%25%0Ad"
    assert github_data("x\r\n::error::y") == "x%0D%0A::error::y"


# -- SARIF ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "pair", [PETSTORE, STARWARS, INJECTION], ids=["petstore", "starwars", "injection"]
)
def test_sarif_validates_against_the_official_schema(pair):
    if not SARIF_SCHEMA.exists():
        pytest.fail(f"{SARIF_SCHEMA} is missing")
    schema = json.loads(SARIF_SCHEMA.read_text())
    _, text = report("diff", *pair, "-f", "sarif")
    document = json.loads(text)
    jsonschema.validate(document, schema)
    run = document["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == sorted(set(rules))
    findings = _findings(pair)
    assert len(run["results"]) == len(findings)
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        assert result["partialFingerprints"]["apidiff/v1"]
        location = result["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert location["region"]["startLine"] >= 1


# -- JUnit ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fail_on", "failures"), [("breaking", {"breaking"}), ("dangerous", {"breaking", "dangerous"})]
)
def test_junit_parses_and_fails_what_the_exit_code_fails(fail_on, failures):
    findings = _findings(INJECTION)
    _, text = report("diff", *INJECTION, "-f", "junit", "--fail-on", fail_on)
    root = ET.fromstring(text.encode("utf-8"))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(findings)
    assert int(root.get("tests")) == len(findings)
    failed = [c for c in cases if c.find("failure") is not None]
    assert len(failed) == sum(1 for f in findings if f["severity"] in failures)
    assert int(root.get("failures")) == len(failed)
    for case in cases:  # what GitLab displays
        assert case.get("name") and case.get("classname")
        assert "\n" not in case.get("name")


# -- HTML -------------------------------------------------------------------------------------
def test_html_is_self_contained_and_inert():
    import base64
    import hashlib
    from html.parser import HTMLParser

    from apidiff.report.html import CSS, SCRIPT

    _, text = report("diff", *INJECTION, "-f", "html")
    tags: set[str] = set()
    attributes: set[str] = set()
    scripts: list[str] = []
    styles: list[str] = []
    policies: list[str] = []

    class Collect(HTMLParser):
        inside: str | None = None

        def handle_starttag(self, tag, attrs):
            tags.add(tag)
            attributes.update(name for name, _ in attrs)
            for name, value in attrs:  # links go within the page, nowhere else
                assert name != "href" or value.startswith("#"), value
            if tag in ("script", "style"):
                assert attrs == [], attrs  # no src, no type, no nonce: the hash allows it
                self.inside = tag
            values = dict(attrs)
            if values.get("http-equiv") == "Content-Security-Policy":
                policies.append(values["content"])

        def handle_endtag(self, tag):
            self.inside = None

        def handle_data(self, data):
            if self.inside == "script":
                scripts.append(data)
            elif self.inside == "style":
                styles.append(data)

    Collect(convert_charrefs=True).feed(text)
    # Only the page's own structure: no img, link, iframe, form, object; no URL attributes.
    assert tags <= {
        *("html", "head", "meta", "title", "style", "script", "body", "header", "nav", "main"),
        *("h1", "h2", "h3", "p", "strong", "em", "b", "input", "label", "fieldset", "legend"),
        *("output", "section", "details", "summary", "code", "ul", "li", "span", "div", "a"),
        *("table", "thead", "tbody", "tr", "th", "td"),
    }, tags
    assert not attributes & {"src", "srcdoc", "onerror", "onload", "onclick", "action", "style"}
    # One script and one style sheet, each the page's own, each allowed by its hash only.
    assert scripts == [SCRIPT] and styles == [CSS]
    (policy,) = policies
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    digest = {
        k: base64.b64encode(hashlib.sha256(v.encode()).digest()).decode()
        for k, v in (("script", SCRIPT), ("style", CSS))
    }
    assert directives == {
        "default-src": "'none'",
        "script-src": f"'sha256-{digest['script']}'",
        "style-src": f"'sha256-{digest['style']}'",
        "base-uri": "'none'",
        "form-action": "'none'",
    }
    assert "&lt;script&gt;" in text  # the contract's text is shown, escaped
    assert "\x1b" not in text
    # No Markdown in headings: names quoted in code spans become <code> (a path's own
    # backtick, inside its <code>, is the contract's text).
    headings = "".join(re.findall(r"<h[1-3]>(.*?)</h[1-3]>", text))
    assert "`" not in re.sub(r"<code>.*?</code>", "", headings)


# -- text -------------------------------------------------------------------------------------
def test_terminal_text_has_no_control_characters():
    _, text = report("diff", *INJECTION)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)


# -- changelog, migrate, semver ------------------------------------------------------------------
def test_changelog_update_inserts_below_the_title_and_refuses_duplicates(tmp_path):
    path = tmp_path / "CHANGELOG.md"
    path.write_text("# Changelog\n\nAll notable changes.\n\n## [1.0.0] - 2025-01-01\n\n- First.\n")
    args = ["changelog", *PETSTORE, "--update", str(path), "--date", "2026-01-15"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    text = path.read_text()
    assert text.startswith("# Changelog\n\nAll notable changes.\n\n## [2.0.0] - 2026-01-15\n")
    assert text.index("## [2.0.0]") < text.index("## [1.0.0]")
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 2
    assert "already has a section for version 2.0.0" in second.output
    assert path.read_text() == text


def test_changelog_insert_goes_below_unreleased():
    existing = "# Changelog\n\n## [Unreleased]\n\n- wip\n\n## [1.0.0]\n\n- x\n"
    out = insert(existing, "## [1.1.0]\n\n- y\n", "1.1.0")
    assert out.index("## [Unreleased]") < out.index("## [1.1.0]") < out.index("## [1.0.0]")
    with pytest.raises(DuplicateVersion):
        insert(out, "## [1.1.0]\n", "1.1.0")
    assert insert("", "## [1.0.0]\n", "1.0.0") == "# Changelog\n\n## [1.0.0]\n"


def test_changelog_lists_a_shared_change_once_with_the_operations_it_reaches():
    _, text = report("changelog", *PETSTORE)
    entry = "- Response schema `Pet` property `tag` became nullable."
    assert text.count(entry) == 1  # under the schema, not under each of its 3 operations
    group = text[text.index("#### Schema `Pet` in responses") :]
    assert group.index("_Reached from 3 operations: GET /pets, GET /pets/{id}, POST /pets._") < (
        group.index(entry)
    )


@pytest.mark.parametrize(
    ("current", "new_version", "bump", "nxt", "ok"),
    [
        ("1.0.0", "2.0.0", "major", "2.0.0", True),
        ("1.0.0", "1.1.0", "major", "2.0.0", False),
        ("0.4.2", "0.5.0", "minor", "0.5.0", True),  # 0.x: breaking -> minor
        ("0.4.2", "0.4.3", "minor", "0.5.0", False),
    ],
)
def test_semver_check(tmp_path, current, new_version, bump, nxt, ok):
    new = tmp_path / "new.yaml"
    new.write_text(
        (ROOT / PETSTORE[1]).read_text().replace("version: 2.0.0", f"version: {new_version}")
    )
    assert f"version: {new_version}" in new.read_text()
    code, text = report(
        "semver", PETSTORE[0], str(new), "--current", current, "--check", "-f", "json"
    )
    data = json.loads(text)
    assert (data["bump"], data["next"], data["declared_is_enough"]) == (bump, nxt, ok)
    assert code == (0 if ok else 1)


def test_semver_without_changes_and_bad_versions(tmp_path):
    code, text = report("semver", PETSTORE[0], PETSTORE[0])
    assert code == 0 and text.startswith("none: no changes")
    code, _ = report("semver", *PETSTORE, "--current", "banana")
    assert code == 2
    code, _ = report("semver", *STARWARS, "--check")
    assert code == 2  # GraphQL declares no version: --check cannot judge


def test_migrate_lists_only_what_asks_something_of_clients():
    _, text = report("migrate", *PETSTORE)
    assert "Response schema `Pet` property `tag` became nullable" in text
    assert "birthday" not in text  # a safe addition asks nothing
    assert "What to do:" in text


def test_reports_written_with_output_are_atomic(tmp_path):
    target = tmp_path / "report.md"
    target.write_text("previous")
    result = CliRunner().invoke(cli, ["diff", *PETSTORE, "-f", "markdown", "-o", str(target)])
    assert result.exit_code == 0
    assert target.read_text().startswith(MARKER)
    assert not [p for p in tmp_path.iterdir() if p.name != "report.md"]  # no temp file left


def test_format_choice_lists_every_reporter():
    result = CliRunner().invoke(cli, ["diff", "--help"])
    for fmt in ("text", "json", "yaml", "markdown", "github", "sarif", "junit", "html"):
        assert fmt in result.output


def test_annotations_never_point_into_a_git_revision():
    from apidiff.report.common import on_disk

    assert on_disk("api/openapi.yaml") and on_disk(r"C:\api\openapi.yaml")
    assert not on_disk("v1:api/openapi.yaml")
    assert not on_disk("origin/main:api/openapi.yaml")
    assert not on_disk("-") and not on_disk("<stdin>")
    assert not on_disk("https://example.com/api/openapi.yaml")


def test_a_file_name_with_a_colon_is_a_file_and_a_url_is_a_url(tmp_path, monkeypatch):
    """A ':' in a file name (legal on Linux) is not ``REV:path``: annotations and SARIF point
    at the file; a remote document's location is its URL, not a revision named "https"."""
    from apidiff.report.common import on_disk
    from apidiff.report.sarif import _artifact

    monkeypatch.chdir(tmp_path)
    (tmp_path / "v1:schema.graphql").write_text("type Query { a: Int }\n")
    assert on_disk("v1:schema.graphql")
    assert _artifact("v1:schema.graphql") == {"uri": "v1:schema.graphql"}
    assert _artifact("v1:api.yaml") == {"uri": "api.yaml", "properties": {"revision": "v1"}}
    url = "https://example.com/api/openapi.yaml"
    assert _artifact(url) == {"uri": url}
