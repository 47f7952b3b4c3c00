"""The HTML report in a real browser: headless Chromium (Debian's ``chromium`` package, at
/usr/bin/chromium) driven by Playwright for Python. Playwright never downloads a browser
here: it launches the system one, with a fresh profile, no network services and no sandbox.

Skipped, with the reason, when /usr/bin/chromium or playwright is missing; with
APIDIFF_REQUIRE_BROWSER=1 (``.ci/run`` sets it) a missing browser is a failure instead.

The screenshot test compares the rendered petstore report with ``tests/data/html/petstore.png``
(viewport, device scale factor, colour scheme and fonts fixed: DejaVu Sans and DejaVu Sans
Mono from Debian's ``fonts-dejavu-core``, and no other font). After an intended change to
the page, regenerate it with

    APIDIFF_UPDATE_SCREENSHOTS=1 .venv/bin/python -m pytest -k screenshot \
        tests/test_report_html_browser.py

and look at the new PNG before committing it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from apidiff.cli import cli
from apidiff.report import render
from apidiff.report.html import SCRIPT
from apidiff.result import ContractInfo, Finding, Result, Severity

from .conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
REQUIRED = os.environ.get("APIDIFF_REQUIRE_BROWSER") == "1"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Pixels that do not depend on the machine: no LCD text, sRGB, no hinting.
    "--disable-lcd-text",
    "--force-color-profile=srgb",
    "--font-render-hinting=none",
    "--hide-scrollbars",
]
# The only fonts the browser sees (fonts-dejavu-core): the screenshot is the same wherever
# that package is installed, whatever else the machine has.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf")
SCREENSHOT = ROOT / "tests" / "data" / "html" / "petstore.png"
VIEWPORT = {"width": 1100, "height": 800}


def _unavailable(*extra: str) -> None:
    """Skip (or, when the browser is required, fail) when what the test needs is missing."""
    missing = []
    if not CHROMIUM.is_file():
        missing.append(f"{CHROMIUM} is absent (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright is not installed (pip install -e '.[dev]')")
    if "fonts" in extra and not all((DEJAVU / f).is_file() for f in FONTS):
        missing.append(
            f"the DejaVu fonts are absent from {DEJAVU} (apt-get install fonts-dejavu-core)"
        )
    if "pillow" in extra:
        try:
            import PIL  # noqa: F401
        except ImportError:
            missing.append("pillow is not installed (pip install -e '.[dev]')")
    if not missing:
        return
    reason = "; ".join(missing)
    if REQUIRED:
        pytest.fail(f"APIDIFF_REQUIRE_BROWSER=1, but {reason}", pytrace=False)
    pytest.skip(reason)


def _fontconfig(folder: Path) -> Path:
    """A fontconfig file that offers the DejaVu core fonts and nothing else."""
    fonts = folder / "fonts"
    fonts.mkdir(parents=True)
    for name in FONTS:
        (fonts / name).symlink_to(DEJAVU / name)
    conf = folder / "fonts.conf"
    aliases = "".join(
        f"<alias><family>{generic}</family><prefer><family>{family}</family></prefer></alias>"
        for generic, family in (
            ("system-ui", "DejaVu Sans"),
            ("sans-serif", "DejaVu Sans"),
            ("serif", "DejaVu Sans"),
            ("monospace", "DejaVu Sans Mono"),
            ("ui-monospace", "DejaVu Sans Mono"),
        )
    )
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{fonts}</dir><cachedir>{folder / 'cache'}</cachedir>{aliases}"
        '<match target="font"><edit name="antialias" mode="assign"><bool>true</bool></edit>'
        '<edit name="hinting" mode="assign"><bool>false</bool></edit>'
        '<edit name="rgba" mode="assign"><const>none</const></edit></match>'
        "</fontconfig>"
    )
    return conf


class Browser:
    """One Chromium with a fresh profile; ``context`` opens another with its own options."""

    def __init__(self, folder: Path):
        from playwright.sync_api import sync_playwright

        self.folder = folder
        self.playwright = sync_playwright().start()
        self.env = {**os.environ}
        if all((DEJAVU / f).is_file() for f in FONTS):
            self.env["FONTCONFIG_FILE"] = str(_fontconfig(folder / "fontconfig"))
        self.contexts = 0

    def context(self, **options):
        self.contexts += 1
        return self.playwright.chromium.launch_persistent_context(
            str(self.folder / f"profile-{self.contexts}"),  # a fresh user-data-dir
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            env=self.env,
            viewport=VIEWPORT,
            device_scale_factor=1,
            color_scheme="light",
            locale="en-US",
            timezone_id="UTC",
            reduced_motion="reduce",
            **options,
        )

    def close(self) -> None:
        self.playwright.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    _unavailable()
    browser = Browser(tmp_path_factory.mktemp("chromium"))
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def context(browser):
    context = browser.context()
    yield context
    context.close()


# What went wrong on a page: console errors, uncaught exceptions, CSP violations, requests
# for anything but the page itself.
_WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


class Page:
    def __init__(self, context, path: Path, *, javascript: bool = True):
        self.page = context.new_page()
        if not javascript:  # what Playwright's java_script_enabled=False does, for one page
            cdp = context.new_cdp_session(self.page)
            cdp.send("Emulation.setScriptExecutionDisabled", {"value": True})
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.page.add_init_script(_WATCH)  # through the DevTools protocol: CSP does not apply
        self.page.on(
            "console",
            lambda m: (
                m.type in ("error", "warning") and self.problems.append(f"{m.type}: {m.text}")
            ),
        )
        self.page.on("pageerror", lambda exc: self.problems.append(f"pageerror: {exc}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = path.as_uri()
        self.page.goto(self.url)

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__violations")

    def shown(self) -> list[str]:
        """The findings a reader can see or unfold: ``severity rule`` each, in page order."""
        return self.page.eval_on_selector_all(
            "li.finding",
            "els => els.filter(e => !e.closest('[hidden]'))"
            ".map(e => e.classList[1] + ' ' + e.querySelector('.meta code').textContent)",
        )

    def sections(self) -> list[str]:
        return self.page.eval_on_selector_all(
            ".severity", "els => els.filter(e => !e.hidden).map(e => e.id)"
        )

    def toc(self) -> list[str]:
        """The contents entries left, with the counts their links show."""
        return self.page.eval_on_selector_all(
            "#toc li.entry",
            "els => els.filter(e => !e.closest('[hidden]')).map(e => e.firstChild.textContent"
            " + ' ' + Array.from(e.querySelectorAll('a.to')).filter(a => !a.hidden)"
            ".map(a => a.classList[1] + '=' + a.textContent).join(','))",
        )

    def search(self, text: str) -> None:
        self.page.fill("#search", text)

    def close(self) -> None:
        self.page.close()


HTML = ("-f", "html", "--today", "2026-01-15")


def _petstore(folder: Path) -> Path:
    """The petstore report as the golden test makes it (paths relative to the checkout)."""
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(
            cli,
            [*("diff", "fixtures/petstore/old.yaml", "fixtures/petstore/new.yaml"), *HTML],
            catch_exceptions=False,
        )
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    path = folder / "petstore.html"
    path.write_text(result.stdout, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def petstore(tmp_path_factory) -> Path:
    return _petstore(tmp_path_factory.mktemp("petstore"))


@pytest.fixture
def page(context, petstore):
    page = Page(context, petstore)
    yield page
    assert page.problems == [] and page.violations() == []
    page.close()


PETSTORE_ALL = 15  # 7 breaking, 2 dangerous, 6 safe


def test_everything_is_shown_at_first_and_breaking_comes_first(page):
    shown = page.shown()
    assert len(shown) == PETSTORE_ALL
    severities = [s.split()[0] for s in shown]
    assert severities == sorted(severities, key=lambda s: -Severity(s).rank)
    assert page.sections() == ["breaking", "dangerous", "safe"]
    assert page.page.inner_text("#shown") == f"all {PETSTORE_ALL} shown"
    assert page.page.is_visible("#controls")


def test_one_severity_filter(page):
    page.page.uncheck("#show-breaking")
    shown = page.shown()
    assert {s.split()[0] for s in shown} == {"dangerous", "safe"} and len(shown) == 8
    assert page.sections() == ["dangerous", "safe"]
    assert page.page.inner_text("#shown") == f"8 of {PETSTORE_ALL} shown"
    # Contents: an operation with only breaking changes is gone; the others lose that link.
    toc = page.toc()
    assert not any(entry.startswith("DELETE /pets/{petId}") for entry in toc)
    assert "GET /pets safe=2" in toc
    page.page.check("#show-breaking")
    assert len(page.shown()) == PETSTORE_ALL


def test_filters_combine(page):
    page.page.uncheck("#show-safe")  # breaking + dangerous together
    shown = page.shown()
    assert {s.split()[0] for s in shown} == {"breaking", "dangerous"} and len(shown) == 9
    assert page.sections() == ["breaking", "dangerous"]
    assert page.page.inner_text("#shown") == f"9 of {PETSTORE_ALL} shown"
    toc = page.toc()
    assert "schema Pet in responses breaking=1,dangerous=1" in toc
    assert not any(entry.startswith("GET /stores") for entry in toc)  # only safe changes there
    page.page.uncheck("#show-dangerous")
    assert {s.split()[0] for s in page.shown()} == {"breaking"}
    page.page.uncheck("#show-breaking")  # nothing left
    assert page.shown() == [] and page.sections() == [] and page.toc() == []
    assert page.page.inner_text("#shown") == f"0 of {PETSTORE_ALL} shown"


def test_search(page):
    page.search("maxlength")  # case does not matter
    assert page.shown() == ["breaking request-property-max-length-decreased"]
    assert page.page.inner_text("#breaking .count") == "1 of 7"
    page.search("POST /pets species")  # every word must match: the operation and a property
    assert page.shown() == ["breaking new-required-request-property"]
    page.search("request-parameter-")  # rule ids
    assert page.shown() == [
        "breaking request-parameter-max-decreased",
        "breaking request-parameter-enum-value-removed",
        "safe request-parameter-description-changed",
    ]
    page.page.uncheck("#show-safe")  # with a filter
    assert len(page.shown()) == 2 and page.sections() == ["breaking"]
    page.search("nothing like this")
    assert page.shown() == [] and page.page.inner_text("#shown") == f"0 of {PETSTORE_ALL} shown"
    page.search("")
    assert len(page.shown()) == 9


def test_a_rule_in_the_summary_searches_for_it(page):
    page.page.click("td.rule code >> text=api-operation-id-changed")
    assert page.page.input_value("#search") == "api-operation-id-changed"
    assert page.shown() == ["dangerous api-operation-id-changed"]


def test_safe_changes_are_folded_and_unfold(page):
    safe = page.page.locator("#safe")
    first = page.page.locator("#safe li.finding").first
    assert safe.get_attribute("open") is None and not first.is_visible()
    page.page.click("#safe > summary")
    assert safe.get_attribute("open") == "" and first.is_visible()
    page.page.click("#safe > summary")
    assert not first.is_visible()


def test_contents_link_to_each_operation(page):
    tags = page.page.eval_on_selector_all(
        "#toc details.tag > summary",
        "els => els.map(e => Array.from(e.childNodes)"
        ".filter(n => !(n.classList && n.classList.contains('to')))"
        ".map(n => n.textContent).join(''))",
    )
    assert tags == ["pets (4)", "not tagged (1)", "shared schemas (1)"]
    page.page.click("#toc li.entry >> text=POST /pets")
    assert page.page.evaluate("location.hash") == "#g5-breaking"
    assert page.page.locator("#g5-breaking h3").is_visible()
    assert _in_view(page, "#g5-breaking")
    # A link into the folded safe changes unfolds them.
    page.page.click("#toc a.to.safe[href='#g4-safe']")
    assert page.page.locator("#safe").get_attribute("open") == ""
    assert _in_view(page, "#g4-safe")
    # The counts at the top link to their sections.
    page.page.click(".counts a[href='#dangerous']")
    assert _in_view(page, "#dangerous")


def _in_view(page: Page, selector: str) -> bool:
    box = page.page.locator(selector).bounding_box()
    return box is not None and 0 <= box["y"] < VIEWPORT["height"]


def test_the_policy_blocks_nothing_of_the_page_and_nothing_is_fetched(context, petstore):
    page = Page(context, petstore)
    try:
        assert page.problems == [] and page.violations() == []
        assert page.page.is_visible("#controls")  # the script ran
        color = page.page.eval_on_selector("li.breaking .sev", "e => getComputedStyle(e).color")
        assert color == "rgb(207, 34, 46)"  # the style sheet applied
        assert page.requests == [page.url]
    finally:
        page.close()


def test_the_policy_is_enforced(context, petstore, tmp_path):
    """A script the hash does not name does not run, and the test sees it (so a page that
    the policy broke would fail the test above)."""
    text = petstore.read_text(encoding="utf-8")
    tampered = tmp_path / "tampered.html"
    tampered.write_text(text.replace(SCRIPT, SCRIPT.replace("use strict", "use  strict")))
    page = Page(context, tampered)
    try:
        assert any("script-src" in v for v in page.violations())
        assert any("Content Security Policy" in p for p in page.problems)
        assert not page.page.is_visible("#controls")
        assert len(page.shown()) == PETSTORE_ALL  # and the page still reads without it
    finally:
        page.close()


def test_without_javascript_everything_is_there(context, petstore):
    page = Page(context, petstore, javascript=False)
    try:
        assert not page.page.is_visible("#controls")  # no filters that cannot work
        assert len(page.shown()) == PETSTORE_ALL
        assert page.sections() == ["breaking", "dangerous", "safe"]
        assert page.page.locator("li.finding.breaking").first.is_visible()
        page.page.click("#safe > summary")  # folding is HTML, not script
        assert page.page.locator("#safe li.finding").first.is_visible()
        page.page.click("#toc li.entry >> text=POST /pets")
        assert _in_view(page, "#g5-breaking")
        page.page.click("#safe > summary")
        page.page.click("#toc a.to.safe[href='#g4-safe']")  # the browser unfolds it itself
        assert page.page.locator("#safe").get_attribute("open") == ""
        assert _in_view(page, "#g4-safe")
        assert page.problems == []
    finally:
        page.close()


def _many(count: int) -> Result:
    """A result of ``count`` findings over tagged operations, as a year of a large API."""
    severities = [Severity.BREAKING] * 5 + [Severity.DANGEROUS] * 2 + [Severity.SAFE] * 93
    findings, tags = [], {}
    for n in range(count):
        operation = f"GET /repos/{{owner}}/r{n // 10:03d}"
        tags[operation] = (f"tag{n // 100:02d}",)
        findings.append(
            Finding(
                id=f"rule-{n % 37}",
                severity=severities[n % 100],
                operation=operation,
                operation_key=operation,
                direction=None,
                message=f"response property `p{n}` changed",
                migration=None,
                location=None,
                old_location=None,
                fingerprint=str(n),
                path=(str(n),),
                kind="openapi.property.changed",
            )
        )
    info = ContractInfo("old.json", "openapi-3.0", "1")
    return Result(
        old=info, new=replace(info, source="new.json"), findings=tuple(findings), tags=tags
    )


def test_three_thousand_findings(context, tmp_path):
    result = _many(3000)
    path = tmp_path / "many.html"
    path.write_text(render(result, "html"), encoding="utf-8")
    page = Page(context, path)
    try:
        assert len(page.shown()) == 3000
        assert page.page.inner_text("#shown") == "all 3,000 shown"
        assert page.page.locator("#toc details.tag").count() == 30  # folded, one per tag
        page.page.uncheck("#show-safe")
        assert page.page.inner_text("#shown") == "210 of 3,000 shown"
        page.search("p2999")  # safe: filtered out
        assert page.shown() == []
        page.search("p2903")
        assert page.shown() == [f"breaking rule-{2903 % 37}"]
        page.page.check("#show-safe")
        page.search("r290")
        assert len(page.shown()) == 10
        assert page.toc() == ["GET /repos/{owner}/r290 breaking=5,dangerous=2,safe=3"]
        assert page.problems == [] and page.violations() == []
    finally:
        page.close()


def test_screenshot_of_the_petstore_report(context, petstore, tmp_path):
    _unavailable("fonts", "pillow")
    from PIL import Image, ImageChops

    page = Page(context, petstore)
    try:
        actual = tmp_path / "petstore.png"
        page.page.screenshot(path=str(actual), full_page=True, animations="disabled")
        assert page.problems == []
    finally:
        page.close()
    if os.environ.get("APIDIFF_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        SCREENSHOT.write_bytes(actual.read_bytes())
    assert SCREENSHOT.is_file(), f"no {SCREENSHOT}: run with APIDIFF_UPDATE_SCREENSHOTS=1"
    want = Image.open(SCREENSHOT).convert("RGB")
    got = Image.open(actual).convert("RGB")
    assert got.size == want.size, f"{got.size} != {want.size}; the new one is {actual}"
    # A pixel differs when a channel moves by more than 48 of 255; allow 0.1% of them (the
    # edges of anti-aliased text move between Chromium releases, the layout must not).
    diff = ImageChops.difference(got, want).convert("L").point(lambda v: 255 if v > 48 else 0)
    differing = diff.histogram()[255]
    allowed = got.size[0] * got.size[1] // 1000
    assert differing <= allowed, f"{differing} pixels differ (allowed {allowed}); see {actual}"


def test_a_missing_browser_skips_unless_it_is_required(monkeypatch, tmp_path):
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", tmp_path / "none")
    monkeypatch.setattr(sys.modules[__name__], "REQUIRED", False)
    with pytest.raises(pytest.skip.Exception, match="none is absent"):
        _unavailable()
    monkeypatch.setattr(sys.modules[__name__], "REQUIRED", True)
    with pytest.raises(pytest.fail.Exception, match=r"APIDIFF_REQUIRE_BROWSER=1, but .*absent"):
        _unavailable()
