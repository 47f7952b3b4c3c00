"""Write the documentation site's sources: `make docs` runs this, then `mkdocs build --strict`.

    python docs/build_site.py OUT     # OUT/mkdocs.yml, OUT/site-src/; mkdocs builds OUT/site/

The pages are the hand-written ones in this folder (the guide, the format pages, reports,
architecture, security) and, generated from the catalog, the rule index and one page per rule
at the place ``apidiff.rules.docs.rule_url`` links to (SARIF's helpUri, the PR comment's rule
links). Nothing here is committed output: OUT is a build folder.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import yaml

from apidiff.rules.docs import CATALOG_PAGE, site_pages

HERE = Path(__file__).resolve().parent
CATALOG = CATALOG_PAGE.removesuffix(".html") + ".md"

# The navigation: (title, page under docs/ or generated). Rule pages are reached from the
# rule index (hundreds of them would drown the navigation).
NAV: list[tuple[str, str | list[tuple[str, str]]]] = [
    ("Home", "index.md"),
    ("Guide", "guide.md"),
    (
        "Formats",
        [
            ("GraphQL", "graphql.md"),
            ("Protobuf and gRPC", "protobuf.md"),
            ("AsyncAPI", "asyncapi.md"),
        ],
    ),
    ("Reports", [("Reports", "reports.md"), ("The JSON report", "report-json.md")]),
    ("Rules", CATALOG),
    ("Security", "security.md"),
    ("Architecture", "architecture.md"),
]

HOME = """# apidiff

apidiff finds what changed between two versions of an API contract — OpenAPI 3.0 and 3.1,
Swagger 2.0, GraphQL, Protobuf / gRPC and AsyncAPI — and what it breaks for the people who
call it.

- [Guide](guide.md): installing, the commands, the configuration file, CI recipes.
- Formats: [GraphQL](graphql.md), [Protobuf and gRPC](protobuf.md),
  [AsyncAPI](asyncapi.md).
- [Reports](reports.md) and [the JSON report](report-json.md).
- [Rules](rules/index.md): a page per rule (`apidiff explain ID` prints it in a terminal).
- [Security](security.md): what apidiff promises about untrusted contracts.
- [Architecture](architecture.md): how it is built, and where to add what.
"""

# The one-page catalog (docs/rules.md) is the rule index and the rule pages in the site.
_CATALOG_LINK = re.compile(r"\]\(rules\.md(?:#([a-z0-9-]+))?\)")


def _site_link(match: re.Match[str]) -> str:
    rule = match.group(1)
    return f"](rules/{rule}.md)" if rule else f"]({CATALOG})"


def _pages(nav: list) -> list[str]:
    out = []
    for _, target in nav:
        out += _pages(target) if isinstance(target, list) else [target]
    return out


def config() -> dict:
    """mkdocs.yml: strict about links, no fonts or scripts from elsewhere."""
    return {
        "site_name": "apidiff",
        "site_description": "Breaking-change detector for API contracts",
        "docs_dir": "site-src",
        "site_dir": "site",
        # rules/ID.md is rules/ID.html, as rule_url forms it; the site also reads from disk.
        "use_directory_urls": False,
        "theme": {"name": "material", "font": False, "features": ["navigation.sections"]},
        "plugins": ["search"],
        "markdown_extensions": ["tables", "toc", "fenced_code", "attr_list"],
        "validation": {
            "omitted_files": "ignore",  # the rule pages: reached from the rule index
            "absolute_links": "warn",
            "unrecognized_links": "warn",
            "anchors": "warn",
        },
        "nav": [_nav_entry(title, target) for title, target in NAV],
    }


def _nav_entry(title: str, target: str | list) -> dict:
    if isinstance(target, list):
        return {title: [_nav_entry(t, p) for t, p in target]}
    return {title: target}


def write(out: Path) -> list[str]:
    """Write OUT/mkdocs.yml and OUT/site-src/; the written pages' paths, sorted."""
    source = out / "site-src"
    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    written = {"index.md": HOME}
    generated = site_pages()
    for page in _pages(NAV):
        if page in written or page in generated:
            continue
        written[page] = _CATALOG_LINK.sub(_site_link, (HERE / page).read_text(encoding="utf-8"))
    written.update(generated)
    for page, text in written.items():
        path = source / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    shutil.copytree(HERE / "schema", source / "schema")  # the JSON report's schema
    (out / "mkdocs.yml").write_text(
        yaml.safe_dump(config(), sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return sorted(written)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python docs/build_site.py OUT")
    pages = write(Path(sys.argv[1]))
    print(f"{len(pages)} pages in {sys.argv[1]}/site-src")
