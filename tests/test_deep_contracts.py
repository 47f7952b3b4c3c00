"""Valid contracts whose schemas form long chains of $refs (large, densely linked APIs) load
and compare; the depth guard still turns a pathological chain into a one-line error."""

from __future__ import annotations

import json

from click.testing import CliRunner

from apidiff.cli import cli
from apidiff.formats.schemas import MAX_SCHEMA_DEPTH


def chain(length: int, last_type: str) -> str:
    schemas = {
        f"S{i}": {
            "type": "object",
            "properties": {"next": {"$ref": f"#/components/schemas/S{i + 1}"}},
        }
        for i in range(length)
    }
    schemas[f"S{length}"] = {"type": last_type}
    ok = {
        "description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}},
    }
    return json.dumps(
        {
            "openapi": "3.0.3",
            "info": {"title": "chain", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": ok}}}},
            "components": {"schemas": schemas},
        }
    )


def run(tmp_path, length: int):
    (tmp_path / "old.json").write_text(chain(length, "string"))
    (tmp_path / "new.json").write_text(chain(length, "integer"))
    args = [
        "diff",
        "--no-config",
        "-f",
        "json",
        str(tmp_path / "old.json"),
        str(tmp_path / "new.json"),
    ]
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_a_chain_of_thousands_of_refs_is_compared(tmp_path):
    result = run(tmp_path, 3000)  # the walk is 3000 schemas deep: far past Python's default
    assert result.exit_code == 0, result.output
    (change,) = json.loads(result.stdout)["changes"]
    assert change["id"] == "response-property-type-changed"
    assert change["location"]["pointer"] == "/components/schemas/S3000"


def test_a_chain_past_the_guard_is_a_one_line_error(tmp_path):
    result = run(tmp_path, MAX_SCHEMA_DEPTH + 10)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert f"schemas nest more than {MAX_SCHEMA_DEPTH} levels deep" in line


def test_without_room_for_a_deep_stack_the_comparison_runs_here(tmp_path, monkeypatch):
    import threading

    def refuse(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    result = run(tmp_path, 50)  # a short chain needs no deep stack
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["changes"][0]["id"] == "response-property-type-changed"


def test_the_comparison_thread_has_the_deep_stack_and_limit_from_its_first_frame():
    import subprocess
    import sys

    from apidiff import deepstack

    before = sys.getrecursionlimit()
    assert deepstack.run(sys.getrecursionlimit) >= deepstack.RECURSION_LIMIT
    assert sys.getrecursionlimit() == before
    # 14,000 levels through a C call each (sorted's key): on a default 8 MiB thread stack this
    # crashes the interpreter; in a child process so that a crash fails only this test.
    probe = (
        "from apidiff import deepstack\n"
        "def f(n):\n"
        "    return 0 if n == 0 else sorted([1], key=lambda _: f(n - 1))[0]\n"
        "print(deepstack.run(lambda: f(14000)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "1", done.stderr[-500:]
