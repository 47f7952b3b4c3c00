"""The HTML page's structure, without a browser (tests/test_report_html_browser.py drives
it in Chromium): contents by tag or by operation, sections in severity order."""

from __future__ import annotations

import re

from apidiff.report import render

from .conftest import FIXTURES, compare_files


def _contents(page: str) -> str:
    return page[page.index('<nav id="toc"') : page.index("</nav>")]


def test_contents_by_tag_with_a_removed_operation_under_its_old_tags():
    result = compare_files(FIXTURES / "petstore/old.yaml", FIXTURES / "petstore/new.yaml")
    assert result.tags["DELETE /pets/{petId}"] == ("pets",)  # removed: OLD's tags
    toc = _contents(render(result, "html"))
    tags = re.findall(r"<summary>(.*?) \(\d+\)", toc)
    assert tags == ["pets", "<em>not tagged</em>", "<em>shared schemas</em>"]
    pets = toc[toc.index("<summary>pets") : toc.index("</details>")]
    assert "DELETE /pets/{petId}" in pets and "POST /pets" in pets


def test_contents_by_operation_where_the_format_has_no_tags():
    folder = FIXTURES / "starwars"
    result = compare_files(folder / "old.graphql", folder / "new.graphql")
    assert result.tags == {}
    toc = _contents(render(result, "html"))
    assert "<details" not in toc
    assert '<li class="entry"><a href="#g1-' in toc


def test_sections_in_severity_order_safe_folded():
    result = compare_files(FIXTURES / "petstore/old.yaml", FIXTURES / "petstore/new.yaml")
    page = render(result, "html")
    order = [page.index(f'id="{s}"') for s in ("breaking", "dangerous", "safe")]
    assert order == sorted(order)
    assert '<details class="severity" id="safe"' in page  # folded: no `open`
    assert render(result, "html") == page  # the same bytes


def test_rule_ids_link_to_their_pages_with_a_docs_url_and_only_an_http_one():
    result = compare_files(FIXTURES / "petstore/old.yaml", FIXTURES / "petstore/new.yaml")
    plain = render(result, "html")
    assert "<a href=" not in re.sub(r'<a (class="[^"]*" )?href="#[^"]*"', "", plain)
    page = render(result, "html", docs_url="https://docs.example/apidiff")
    link = '<a href="https://docs.example/apidiff/rules/new-required-request-property.html">'
    assert link + "<code>new-required-request-property</code></a>" in page
    # A configuration is a pull request's to change: a script URL is never a link.
    page = render(result, "html", docs_url="javascript:alert(1)//{rule}")
    assert "javascript:" not in page
