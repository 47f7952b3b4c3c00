"""The documentation site (`make docs`): a page per rule where the reports link to it.

SARIF's helpUri and the PR comment's rule links are formed by ``rule_url`` alone; the site's
generator writes each rule's page at the path that function forms. The generator step runs
here (fast); the MkDocs build itself only where the ``docs`` extra is installed.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from apidiff.cli import cli
from apidiff.report import render
from apidiff.rules import RULES
from apidiff.rules.docs import CATALOG_PAGE, RULE_PAGE, catalog_url, rule_url, site_pages

from .conftest import FIXTURES, ROOT, compare_files

BASE = "https://docs.example.org/apidiff/"
PET = (FIXTURES / "petstore" / "old.yaml", FIXTURES / "petstore" / "new.yaml")


def _builder():
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "docs" / "build_site.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _source(url: str) -> str:
    """The Markdown page MkDocs turns into the page ``url`` names, relative to the site."""
    assert url.startswith(BASE)
    return url.removeprefix(BASE).removesuffix(".html") + ".md"


def test_every_rule_has_a_page_where_its_link_points():
    pages = site_pages()
    for rule_id in RULES:
        page = _source(rule_url(BASE, rule_id) or "")
        assert page == RULE_PAGE.format(rule=rule_id).removesuffix(".html") + ".md"
        assert page in pages, rule_id
        assert pages[page].startswith(f"# `{rule_id}`\n"), rule_id
    assert _source(catalog_url(BASE) or "") in pages
    assert len(pages) == len(RULES) + 1  # the rule index, and one page per rule
    index = pages[CATALOG_PAGE.removesuffix(".html") + ".md"]
    assert all(f"]({rule_id}.md)" in index for rule_id in RULES)


def test_rule_url_forms():
    assert rule_url(None, "x") is None and catalog_url(None) is None  # never an invented page
    assert rule_url("https://a.example/docs", "x") == "https://a.example/docs/rules/x.html"
    assert rule_url("https://a.example/docs/", "x") == "https://a.example/docs/rules/x.html"
    template = "https://forge.example/o/r/blob/v1/docs/rules.md#{rule}"
    assert rule_url(template, "x") == "https://forge.example/o/r/blob/v1/docs/rules.md#x"
    assert catalog_url(template) is None
    assert catalog_url("https://a.example/docs") == "https://a.example/docs/rules/index.html"


def test_the_generator_writes_every_page_and_every_link_resolves(tmp_path):
    builder = _builder()
    written = builder.write(tmp_path)
    source = tmp_path / "site-src"
    for nav_page in builder._pages(builder.NAV):
        assert (source / nav_page).is_file(), nav_page
    for rule_id in RULES:
        assert (source / "rules" / f"{rule_id}.md").is_file()
    assert (source / "schema" / "report.json").is_file()
    assert (tmp_path / "mkdocs.yml").is_file()
    # Every relative link in every page names a file of the site (MkDocs --strict checks it
    # again, with anchors, where it is installed); none is left to the one-page catalog.
    link = re.compile(r"\]\(([^)\s]+)\)")
    for page in written:
        text = (source / page).read_text(encoding="utf-8")
        for target in link.findall(text):
            if "://" in target or target.startswith("#"):
                continue
            path = (source / page).parent / target.split("#", 1)[0]
            assert path.resolve().is_file(), f"{page}: {target}"
            assert not target.startswith("rules.md"), page


def test_the_pr_comment_links_each_rule_to_its_page():
    result = compare_files(*PET)
    plain = render(result, "markdown")
    assert "](https://" not in plain  # no base, no link
    linked = render(result, "markdown", docs_url=BASE)
    ids = {f.id for f in result.findings}
    for rule_id in ids:
        assert f"[`{rule_id}`]({BASE}rules/{rule_id}.html)" in linked
    grouped = render(result, "markdown", docs_url=BASE, group_by="rule")
    assert all(f"| [`{rule_id}`]({BASE}rules/{rule_id}.html) |" in grouped for rule_id in ids)


def test_a_hostile_docs_url_cannot_leave_its_link():
    result = compare_files(*PET)
    base = "https://x.example/{rule}) [click](javascript:alert(1)) | <b>`"
    text = render(result, "markdown", docs_url=base)
    assert "javascript:alert(1))" not in text and "<b>" not in text
    rows = [line for line in text.splitlines() if line.startswith("| `DELETE /pets/{petId}`")]
    row = rows[0]
    assert row.count(" | ") == 3  # the table's four cells, none added by the URL
    assert "(https://x.example/api-removed-without-deprecation%29%20%5Bclick%5D" in row


def test_explain_prints_the_rules_page():
    runner = CliRunner()
    explained = runner.invoke(cli, ["explain", "FIELD_NO_DELETE"])
    listed = runner.invoke(cli, ["rules", "message-field-removed"])
    assert explained.exit_code == 0 and explained.output == listed.output
    assert explained.output.startswith("`message-field-removed`")
    assert "](" not in explained.output  # plain text: no Markdown links
    markdown = runner.invoke(
        cli, ["explain", "-f", "markdown", "request-parameter-became-required"]
    )
    assert "Mirror: [`request-parameter-became-optional`](#request-parameter-became-optional)" in (
        markdown.output
    )
    missing = runner.invoke(cli, ["explain", "no-such-rule"])
    assert missing.exit_code == 2 and "no rule 'no-such-rule'" in missing.output


@pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None, reason="the docs extra is not installed"
)
def test_the_site_builds_strict(tmp_path):
    """The full build (about 3 s here): --strict fails on a broken link or anchor."""
    _builder().write(tmp_path)
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    site = tmp_path / "site"
    assert (site / "index.html").is_file()
    assert (site / Path(CATALOG_PAGE)).is_file()
    for rule_id in RULES:
        assert (site / RULE_PAGE.format(rule=rule_id)).is_file(), rule_id
    shutil.rmtree(site)
