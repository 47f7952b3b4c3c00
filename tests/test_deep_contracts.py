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
