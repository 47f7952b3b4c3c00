"""Injection through contract and configuration text: every output escapes it its own way.

Each test puts hostile text (line breaks, ESC and OSC-8 sequences, C1 controls, bidi marks,
backticks, ``::error``, ``#1``, ``@user``, ``</details>``, HTML, the bot's marker) where a
contract or a configuration can put it, and checks the rules of the format it lands in:
no raw control character or line break from a value in text, logs and errors; YAML that
loads back to the same data; Markdown in which contract text is code or inert; parseable
XML; no workflow command at the start of a line that the contract wrote.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import apidiff
from apidiff import CompareOptions
from apidiff.check import Outcome, merge
from apidiff.cli import cli
from apidiff.config import ContractEntry
from apidiff.errors import ApidiffError
from apidiff.report import FORMATS, render
from apidiff.report.changelog import render as render_changelog
from apidiff.report.markdown import LIMIT, MARKER
from apidiff.report.migrate import render as render_migrate
from apidiff.report.semver import judge
from apidiff.report.semver import render as render_semver
from apidiff.sources import Source

# What no text output may hold raw: C0 (but the report's own newlines), DEL, C1, line and
# paragraph separators, bidi marks and overrides.
UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
OSC8 = "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"
FRAGMENTS = [
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\x1b[31m",
    "\x1b[2J",
    OSC8,
    "\x07",
    "\x9b31m",
    "\x85",
    "\u202e",
    "\u2066",
    "\u2028",
    "`",
    "``",
    "```",
    "::error file=x::pwned",
    "::warning::",
    "%0A",
    "#1",
    "GH-1",
    "owner/repo#12",
    "deadbeefcafe1234",
    "1234567",
    "@user",
    "@org/team",
    "</details>",
    "<details>",
    MARKER,
    "<!--",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](https://evil.example)",
    "![i](https://evil.example/i.png)",
    "https://evil.example",
    "www.evil.example",
    "mailto:a@b.c",
    "|",
    "\\",
    "\\|",
    "*",
    "_",
    "~~",
    "&amp;",
    "1. ",
    "# ",
    "> ",
    "- ",
    ":x:",
    " ",
]
hostile = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(st.characters(exclude_categories=("Cs",), exclude_characters="{}"), max_size=2),
    ),
    min_size=1,
    max_size=5,
).map("".join)


# -- checks, one per output ---------------------------------------------------------------------
def assert_no_command_line(text: str) -> None:
    """The runner trims leading whitespace, then runs a line that starts with ``::``."""
    for line in text.split("\n"):
        assert not line.lstrip().startswith("::"), line


def assert_terminal_safe(text: str) -> None:
    assert not UNSAFE.search(text), repr(UNSAFE.search(text))
    assert_no_command_line(text)


def inline_pieces(line: str) -> list[tuple[bool, str]]:
    """(is_code, text) as CommonMark reads a line: ``\\`` escapes ASCII punctuation, a run of
    N backticks opens a span closed by the next run of exactly N (escapes do not count in it)."""
    pieces: list[tuple[bool, str]] = []
    plain: list[str] = []
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line) and line[i + 1] in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~":
            plain.append(line[i : i + 2])
            i += 2
            continue
        if ch == "`":
            run = re.match(r"`+", line[i:]).group()
            for closing in re.finditer(r"`+", line[i + len(run) :]):
                if len(closing.group()) == len(run):
                    pieces.append((False, "".join(plain)))
                    plain = []
                    start = i + len(run)
                    pieces.append((True, line[start : start + closing.start()]))
                    i = start + closing.end()
                    break
            else:
                plain.append(run)
                i += len(run)
            continue
        plain.append(ch)
        i += 1
    pieces.append((False, "".join(plain)))
    return pieces


def table_cells(line: str) -> list[str]:
    """A GFM table row's cells (cmark-gfm: a pipe not escaped by a backslash ends a cell)."""
    cells, cell, i = [], [], 0
    while i < len(line):
        if line[i] == "\\" and i + 1 < len(line) and not line[i + 1].isalnum():
            cell.append(line[i : i + 2])
            i += 2
        elif line[i] == "|":
            cells.append("".join(cell))
            cell = []
            i += 1
        else:
            cell.append(line[i])
            i += 1
    cells.append("".join(cell))
    return cells


_OURS = ("<details>", "<summary>", "</details>", MARKER)
_FORBIDDEN_OUTSIDE_CODE = [
    (r"<[A-Za-z/!?]", "raw HTML"),
    (r"@[A-Za-z0-9]", "an @mention"),
    (r"[#!]\d", "an issue or pull-request reference"),
    (r"(?i)\bgh-\d", "a GH- reference"),
    (r"\b[0-9a-fA-F]{7,}\b", "a commit id"),
    (r"(?i)\b(?:https?|ftp|mailto|javascript|data|file|xmpp):(?!\u200b)", "an autolink"),
    (r"(?i)\bwww\.", "a www autolink"),
    (r"(?<!\\)\]\(", "a link"),
]


def assert_markdown_inert(text: str, *, table_columns: int | None = None) -> None:
    assert not UNSAFE.search(text), repr(UNSAFE.search(text))
    assert text.count(MARKER) <= 1 and text.count("<!--") == text.count(MARKER)
    for line in text.split("\n"):
        if line.startswith(_OURS):
            continue
        for is_code, piece in inline_pieces(line):
            if is_code:
                continue
            for pattern, what in _FORBIDDEN_OUTSIDE_CODE:
                assert not re.search(pattern, piece), f"{what} in {line!r}"
        if table_columns and line.startswith("| ") and not line.startswith("| Operation"):
            assert len(table_cells(line)) == table_columns + 2, line


def assert_yaml_safe(text: str, document: dict) -> None:
    assert yaml.safe_load(text) == document
    assert_no_command_line(text)
    assert not re.search("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\x1b]", text)


def assert_html_inert(text: str) -> None:
    tags: set[str] = set()

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.add(tag)
            assert not {name for name, _ in attrs} & {"src", "onerror", "style"}
            for name, value in attrs:  # links within the page only
                assert name != "href" or value.startswith("#"), value
            assert tag != "script" or not attrs

    Collect().feed(text)
    assert tags <= {
        *("html", "head", "meta", "title", "style", "script", "body", "header", "nav", "main"),
        *("h1", "h2", "h3", "p", "strong", "em", "b", "input", "label", "fieldset", "legend"),
        *("output", "section", "details", "summary", "code", "ul", "li", "span", "div", "a"),
        *("table", "thead", "tbody", "tr", "th", "td"),
    }, tags
    assert text.count("<script>") == 1  # the page's own, allowed by its hash
    assert "\x1b" not in text


def assert_github_commands(text: str, result: apidiff.Result) -> None:
    lines = text.splitlines()
    assert len(lines) == len(result.findings) + len(result.warnings) + len(result.expired_ignores)
    for line in lines:
        assert re.match(r"^::(error|warning|notice) [^:]*::", line), line
        assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", line), line


def check_every_output(result: apidiff.Result) -> None:
    """Each report format of ``result`` against its own escape rules."""
    for fmt in FORMATS:
        text = render(result, fmt)
        if fmt == "text":
            assert_terminal_safe(text)
        elif fmt == "json":
            json.loads(text)
            assert_no_command_line(text)
        elif fmt == "yaml":
            assert_yaml_safe(text, json.loads(render(result, "json")))
        elif fmt == "markdown":
            assert len(text) <= LIMIT
            assert text.startswith(MARKER + "\n")
            assert_markdown_inert(text, table_columns=4)
        elif fmt == "github":
            assert_github_commands(text, result)
        elif fmt == "sarif":
            json.loads(text)
            assert_no_command_line(text)
        elif fmt == "junit":
            root = ET.fromstring(text.encode("utf-8"))
            for element in root.iter():
                for name in ("name", "classname", "message"):
                    assert "\n" not in (element.get(name) or "")
            assert_no_command_line(text)
        elif fmt == "html":
            assert_html_inert(text)
            assert_no_command_line(text)
    for text in (render_changelog(result), render_migrate(result)):
        assert_markdown_inert(text)
        assert_no_command_line(text)
    headings = [line for line in render_changelog(result).split("\n") if line.startswith("## ")]
    assert len(headings) == 1, headings
    assert_terminal_safe(render_semver(judge(result)))


# -- the property -----------------------------------------------------------------------------
def _pair(t: dict[str, str]) -> tuple[str, str]:
    """Two contracts whose findings quote every hostile string ``t`` holds."""

    def operation(op_id: str, required: bool, enum: list[str], props: dict) -> dict:
        return {
            "operationId": op_id,
            "parameters": [
                {
                    "name": t["param"],
                    "in": "query",
                    "required": required,
                    "schema": {"type": "string", "enum": enum},
                }
            ],
            "responses": {
                "200": {
                    "description": t["description"],
                    "content": {
                        "application/json": {"schema": {"type": "object", "properties": props}}
                    },
                }
            },
        }

    ok = {"get": {"responses": {"200": {"description": "ok"}}}}
    old = {
        "openapi": "3.0.3",
        "info": {"title": t["title"], "version": t["version"] + "0"},
        "paths": {
            "/" + t["path"]: {
                "get": operation(
                    t["op_id"] + "0",
                    False,
                    [t["enum"] + "a", t["enum"] + "b"],
                    {t["prop"]: {"type": "string"}, t["prop"] + "x": {"type": "string"}},
                )
            },
            "/" + t["removed"] + "r": ok,
        },
    }
    new = {
        "openapi": "3.0.3",
        "info": {"title": t["title"], "version": t["version"] + "1"},
        "paths": {
            "/" + t["path"]: {
                "get": operation(
                    t["op_id"] + "1", True, [t["enum"] + "a"], {t["prop"]: {"type": "integer"}}
                )
            },
            "/" + t["added"] + "n": ok,
        },
    }
    return json.dumps(old), json.dumps(new)


FIELDS = [
    "title",
    "version",
    "path",
    "removed",
    "added",
    "op_id",
    "param",
    "enum",
    "prop",
    "description",
    "source",
    "reason",
    "warning",
    "expired",
    "contract",
]


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(st.fixed_dictionaries({name: hostile for name in FIELDS}))
def test_hostile_text_never_acts_in_any_output(t):
    old, new = _pair(t)
    try:
        result = apidiff.compare(
            Source(t["source"] + "old.json", old),
            Source(t["source"] + "new.json", new),
            CompareOptions(today=None),
        )
    except ApidiffError:
        assume(False)  # e.g. a path key the loader refuses: the error path is tested below
    assume(result.findings)
    # What a configuration adds: an ignore's reason, warnings, expired ignores, and in
    # `apidiff check` every operation prefixed with the contract's name.
    first = result.findings[0]
    ignored = dataclasses.replace(first, info={**first.info, "ignored": t["reason"]})
    result = dataclasses.replace(
        result,
        findings=(ignored, *result.findings[1:]),
        warnings=(t["warning"],),
        expired_ignores=(t["expired"],),
    )
    check_every_output(result)
    entry = ContractEntry(name=t["contract"], path="api.json")
    check_every_output(merge([Outcome(entry, result)], t["contract"]))


# -- attacks, one at a time ---------------------------------------------------------------------
def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--today", "2026-01-15"])
    return result.exit_code, result.stdout, result.stderr


def write_pair(tmp_path: Path, old: str, new: str) -> list[str]:
    (tmp_path / "old.json").write_text(old)
    (tmp_path / "new.json").write_text(new)
    return [str(tmp_path / "old.json"), str(tmp_path / "new.json")]


def _hostile_pair(tmp_path: Path, **overrides: str) -> list[str]:
    t = {name: "n" for name in FIELDS} | overrides
    return write_pair(tmp_path, *_pair(t))


def test_a_newline_in_a_path_key_starts_no_line_in_the_text_report(tmp_path):
    pair = _hostile_pair(tmp_path, removed="a\n::error file=x::pwned", path="b\r\n::warning::w")
    _, text, _ = run("diff", *pair)
    assert_terminal_safe(text)
    assert "a\\n::error file=x::pwned" in text  # shown, escaped, on the heading's line


def test_esc_and_osc8_in_names_reach_no_terminal(tmp_path):
    pair = _hostile_pair(tmp_path, prop="\x1b[2J" + OSC8, enum="\x9b31m\u202eevil")
    for command in ("diff", "breaking", "semver"):
        _, text, _ = run(command, *pair)
        assert_terminal_safe(text)
    _, text, _ = run("diff", *pair)
    assert "\\x1b]8;;http://evil.example\\x1b\\click" in text
    assert "\\u202eevil" in text


def test_yaml_report_starts_no_indented_command_line(tmp_path):
    pair = _hostile_pair(tmp_path, removed="a\n  ::error file=x::pwned", version="1\n::error::v")
    _, text, _ = run("diff", *pair, "-f", "yaml")
    _, json_text, _ = run("diff", *pair, "-f", "json")
    assert_yaml_safe(text, json.loads(json_text))


def test_yaml_report_never_folds_a_long_string_onto_a_new_line(tmp_path):
    long_name = "x " * 2500 + "::error file=x::pwned " + "y " * 2500
    pair = _hostile_pair(tmp_path, removed=long_name)
    _, text, _ = run("diff", *pair, "-f", "yaml")
    _, json_text, _ = run("diff", *pair, "-f", "json")
    assert_yaml_safe(text, json.loads(json_text))


@pytest.mark.parametrize(
    "version",
    [
        "1.0 [x](https://evil.example) @team </details> <!-- apidiff:report -->",
        "2.0\n## [9.9.9]\n<script>alert(1)</script>",
        "owner/repo#1 GH-2 #3 deadbeefcafe",
        "3.0`` @team ``",
    ],
)
def test_info_version_is_escaped_in_the_changelog_heading(tmp_path, version):
    pair = _hostile_pair(tmp_path, version=version)
    _, text, _ = run("changelog", *pair)
    assert_markdown_inert(text)
    assert len([line for line in text.splitlines() if line.startswith("## ")]) == 1


def test_changelog_update_still_refuses_a_duplicate_hostile_version(tmp_path):
    pair = _hostile_pair(tmp_path, version="1 <b>@team</b> #4")
    changelog = tmp_path / "CHANGELOG.md"
    first = run("changelog", *pair, "--update", str(changelog))
    assert first[0] == 0, first
    assert_terminal_safe(first[2])
    again = run("changelog", *pair, "--update", str(changelog))
    assert again[0] == 2 and "already has a section" in again[2]
    assert_markdown_inert(changelog.read_text())


def test_a_backtick_in_a_name_cannot_free_references_in_the_pr_comment(tmp_path):
    param = "p`x #1 GH-1 owner/repo#2 deadbeefcafe @team"
    pair = _hostile_pair(tmp_path, param=param, enum="``a #5``")
    _, text, _ = run("diff", *pair, "-f", "markdown")
    assert_markdown_inert(text, table_columns=4)
    spans = [piece for line in text.splitlines() for code, piece in inline_pieces(line) if code]
    assert any(param in span for span in spans)  # the whole name, as one code span


def test_a_pipe_after_a_backslash_adds_no_table_cell(tmp_path):
    pair = _hostile_pair(tmp_path, path="a\\|b\\\\|c", prop="x\\|`y\\|")
    _, text, _ = run("diff", *pair, "-f", "markdown")
    assert_markdown_inert(text, table_columns=4)


def test_warnings_and_expired_ignores_count_in_the_comment_budget():
    old, new = _pair({name: "n" for name in FIELDS})
    result = apidiff.compare(Source("old.json", old), Source("new.json", new))
    warning = "open-enums: 'Nope' names no schema or property in either contract " * 5
    crowded = dataclasses.replace(
        result,
        warnings=tuple(f"{i} {warning}" for i in range(300)),
        expired_ignores=tuple(f"ignore #{i} (reason: x) expired on 2025-01-01" for i in range(300)),
    )
    text = render(crowded, "markdown")
    assert len(text) <= LIMIT
    assert "more warnings left out to fit" in text
    assert "| `GET /n` |" in text  # rows still get their share
    footer = "> " + "approved " * 2000
    small = render(crowded, "markdown", limit=30_000, footer=footer)
    assert len(small) <= 30_000 and small.rstrip().endswith("approved")


def test_the_approval_label_is_quoted_in_the_comment():
    from apidiff.integrations.github import decide

    note = decide(1, [], approval_label="ok` @team #1 <!-- apidiff:report -->").note
    assert_markdown_inert(note)


def test_errors_print_escaped_on_one_line(tmp_path):
    ref = "#/components/schemas/" + OSC8 + "\u202e@team\x9b2J"
    contract = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"$ref": ref}}}}},
    }
    pair = write_pair(tmp_path, json.dumps(contract), json.dumps(contract))
    code, _, err = run("diff", *pair)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("apidiff: error: ")
    assert_terminal_safe(err)


def test_a_file_name_with_control_characters_is_escaped_in_errors(tmp_path):
    name = tmp_path / "x\x1b[2J\n::error::y.yaml"
    code, _, err = run("diff", str(name), str(name))
    assert code == 2
    assert_terminal_safe(err)
    assert len(err.strip().splitlines()) == 1


def test_an_expired_ignore_reason_from_the_config_reaches_stderr_escaped(tmp_path):
    pair = _hostile_pair(tmp_path)
    (tmp_path / "ignores.toml").write_text(
        "[[ignore]]\nrule = 'api-path-removed-without-deprecation'\n"
        f"reason = {json.dumps(OSC8 + chr(10) + '::error::x')}\nexpires = 2025-01-01\n"
    )
    code, out, err = run("diff", *pair, "--ignores", str(tmp_path / "ignores.toml"))
    assert code == 1
    assert_terminal_safe(err)
    assert_terminal_safe(out)


def test_the_progress_bar_escapes_contract_names(monkeypatch):
    from apidiff import cli as cli_mod

    class Terminal(StringIO):
        def isatty(self) -> bool:
            return True

    stderr = Terminal()
    monkeypatch.setattr(sys, "stderr", stderr)
    show = cli_mod._progress()
    assert show is not None
    show(1, 2, "api" + OSC8 + "\n::error::x")
    show(2, 2, "\u202eipa")
    written = stderr.getvalue().replace("\r", "")  # the bar's own carriage returns
    assert_terminal_safe(written.replace("\n", " "))


def test_baseline_toml_strings_carry_no_raw_controls(tmp_path):
    import tomllib

    pair = _hostile_pair(tmp_path, removed="a\x9b2J\u202e\x7f", path="b\n::error::x")
    code, out, _ = run("baseline", *pair)
    assert code == 0
    assert_terminal_safe(out)
    operations = [entry["operation"] for entry in tomllib.loads(out)["ignore"]]
    assert any("\u202e" in op for op in operations)  # escaped in the file, intact when read


def test_workflow_command_data_shows_controls_escaped():
    from apidiff.report.escape import github_data, github_property

    assert github_data("a\x1b[31m\r\n::error::b\u202e") == "a\\x1b[31m%0D%0A::error::b\\u202e"
    assert github_property("f\x1b,:\n") == "f\\x1b%2C%3A%0A"


def test_history_escapes_a_tag_name_and_an_error(tmp_path, monkeypatch):
    from tests.gitrepo import Repo

    good = json.dumps(json.loads(_pair({name: "n" for name in FIELDS})[0]))
    broken = json.dumps(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"get": {"responses": {"200": {"$ref": "#/x/</details>@team #1 [l](u)"}}}}
            },
        }
    )
    repo = Repo(tmp_path / "repo")
    first = repo.commit("one", {"api.json": good})
    second = repo.commit("two", {"api.json": broken})
    tag = "v2-</details>@team#1_GH-3"
    repo.git("tag", "v1", first)
    repo.git("tag", tag, second)
    monkeypatch.chdir(repo.path)
    result = CliRunner().invoke(cli, ["history", "api.json"])
    assert result.exit_code == 0, result.output
    assert "Could not be compared:" in result.stdout
    # Our own abbreviated commit ids stay as they are, so that they link; nothing else does.
    assert_markdown_inert(result.stdout.replace(first[:12], "c1").replace(second[:12], "c2"))
    result = CliRunner().invoke(cli, ["history", "api.json", "--tags"])
    assert result.exit_code == 0, result.output
    assert_markdown_inert(result.stdout)
    assert "## v2-&lt;/details&gt;@\u200bteam#\u200b1\\_GH-3 - " in result.stdout
