"""JUnit XML, for CI dashboards (GitLab, Jenkins, Azure): one suite per operation.

Every finding is a test case named by its rule and message; breaking ones fail (dangerous
ones too with ``--fail-on dangerous``), so the dashboard's red matches the exit code.
GitLab shows ``classname`` and ``name``; the file and line go in ``file``/``line`` attributes
and the failure text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from ..result import Result, Severity
from .common import grouped, position, selected
from .escape import one_line, xml_text

__all__ = ["render"]


def render(
    result: Result,
    *,
    severities: set[Severity] | None = None,
    fail_on: str | None = None,
    **_: Any,
) -> str:
    failing = {Severity.BREAKING}
    if fail_on in ("dangerous", "safe"):
        failing.add(Severity.DANGEROUS)
    if fail_on == "safe":
        failing.add(Severity.SAFE)
    findings = selected(result, severities)
    root = ET.Element("testsuites", name="apidiff")
    total_failures = 0
    for title, items in grouped(findings):
        suite = ET.SubElement(root, "testsuite", name=xml_text(one_line(title or "contract")))
        failures = 0
        for finding in items:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=xml_text(one_line(title or "contract")),
                name=xml_text(one_line(f"{finding.id}: {finding.message}")),
            )
            loc = finding.location
            if loc is not None:
                case.set("file", xml_text(loc.file))
                if loc.line is not None:
                    case.set("line", str(loc.line))
            detail = "\n".join(
                part
                for part in (
                    f"{finding.severity.value}: {finding.message}",
                    f"migration: {finding.migration}" if finding.migration else "",
                    f"at {one_line(position(loc))}" if loc is not None else "",
                    f"rule: {finding.id}",
                )
                if part
            )
            if finding.unused:
                detail += "\n(no given operation uses it)"
            if finding.ignored:
                skipped = ET.SubElement(case, "skipped")
                skipped.set("message", xml_text(one_line(f"ignored: {finding.info['ignored']}")))
                out = ET.SubElement(case, "system-out")
                out.text = xml_text(detail)
            elif finding.severity in failing and not finding.unused:
                failures += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    message=xml_text(one_line(finding.message)),
                    type=finding.severity.value,
                )
                failure.text = xml_text(detail)
            else:
                out = ET.SubElement(case, "system-out")
                out.text = xml_text(detail)
        suite.set("tests", str(len(items)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", str(sum(1 for f in items if f.ignored)))
        total_failures += failures
    tests = len(findings)
    if not findings:
        # Jenkins and others fail a build whose report holds no test: say what passed.
        suite = ET.SubElement(root, "testsuite", name="apidiff")
        name = "no changes" if not result.findings else "no changes at these severities"
        ET.SubElement(suite, "testcase", classname="apidiff", name=name)
        for key, value in (("tests", "1"), ("failures", "0"), ("errors", "0"), ("skipped", "0")):
            suite.set(key, value)
        tests = 1
    if result.expired_ignores or result.warnings:
        # What fails or concerns the run besides findings: expired ignores fail it.
        suite = ET.SubElement(root, "testsuite", name="apidiff configuration")
        for expired in result.expired_ignores:
            case = ET.SubElement(
                suite, "testcase", classname="configuration", name=xml_text(one_line(expired))
            )
            failure = ET.SubElement(
                case, "failure", message="ignore entry expired", type="expired-ignore"
            )
            failure.text = xml_text(f"expired: {one_line(expired)}")  # opens no line of its own
        if result.warnings:
            err = ET.SubElement(suite, "system-err")
            err.text = xml_text("\n".join(f"warning: {one_line(w)}" for w in result.warnings))
        suite.set("tests", str(len(result.expired_ignores)))
        suite.set("failures", str(len(result.expired_ignores)))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        tests += len(result.expired_ignores)
        total_failures += len(result.expired_ignores)
    root.set("tests", str(tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
