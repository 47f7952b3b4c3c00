"""The Action never shows a traceback: any error ends as an annotation, a job-summary line,
written outputs and an exit code that cannot be read as "breaking changes found" (1)."""

from __future__ import annotations

import io

import pytest

import apidiff.integrations.action as action
from apidiff.errors import InputError


def _env(tmp_path) -> dict[str, str]:
    return {
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_OUTPUT": str(tmp_path / "output.txt"),
        "INPUT_BASE": "main",
        "INPUT_CONTRACTS": "api.yaml",
    }


def _outputs(tmp_path) -> str:
    return (tmp_path / "output.txt").read_text()


@pytest.mark.parametrize(
    "bug",
    [
        RuntimeError("boom"),
        KeyError("x"),
        MemoryError(),
        RecursionError("maximum recursion depth exceeded"),
        UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"),
        ValueError("\x1b]8;;http://evil\x07click\x1b]8;;\x07\n::error::forged"),
    ],
)
def test_an_internal_error_is_an_annotation_summary_outputs_and_exit_3(tmp_path, monkeypatch, bug):
    def fail(*_args, **_kwargs):
        raise bug

    monkeypatch.setattr(action, "_run", fail)
    out = io.StringIO()
    assert action.main(_env(tmp_path), out) == 3
    printed = out.getvalue()
    assert printed.startswith("::error title=apidiff::internal error (")
    assert "Traceback" not in printed and "\x1b" not in printed
    assert len(printed.splitlines()) == 1  # the exception's text (maybe hostile) is not echoed
    assert "could not run" in (tmp_path / "summary.md").read_text()
    assert "exit_code=3\n" in _outputs(tmp_path)


def test_an_input_error_writes_outputs_and_exits_2(tmp_path, monkeypatch):
    def fail(*_args, **_kwargs):
        raise InputError("bad thing", file="api.yaml", line=3, column=1)

    monkeypatch.setattr(action, "_run", fail)
    out = io.StringIO()
    assert action.main(_env(tmp_path), out) == 2
    assert out.getvalue().startswith("::error title=apidiff::")
    assert "api.yaml:3:1" in out.getvalue()
    assert "exit_code=2\n" in _outputs(tmp_path)
    assert "api.yaml:3:1: bad thing" in (tmp_path / "summary.md").read_text()


def test_unwritable_outputs_still_end_with_the_error_code(tmp_path, monkeypatch):
    def fail(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(action, "_run", fail)
    env = _env(tmp_path)
    env["GITHUB_OUTPUT"] = str(tmp_path / "no" / "such" / "output.txt")
    env["GITHUB_STEP_SUMMARY"] = str(tmp_path)  # a folder: cannot be appended to
    out = io.StringIO()
    assert action.main(env, out) == 3
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("::error title=apidiff::internal error")
    assert all(line.startswith("::warning title=apidiff::") for line in lines[1:])
