"""$ref resolution: files inside the contract's folder only, cycles end, examples are data."""

from __future__ import annotations

import textwrap

import pytest

import apidiff

HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"


def contract(schema_ref: str, extra: str = "") -> str:
    return (
        HEAD
        + textwrap.dedent(f"""\
        paths:
          /a:
            get:
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {{$ref: '{schema_ref}'}}
        """)
        + extra
    )


def load_error(path) -> str:
    with pytest.raises(apidiff.ApidiffError) as info:
        apidiff.load(path)
    assert info.value.exit_code == 2
    return info.value.render()


def test_relative_file_ref_inside_the_folder(tmp_path):
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "pet.yaml").write_text(
        "type: object\nproperties: {id: {type: string}}\n"
    )
    (tmp_path / "api.yaml").write_text(contract("./schemas/pet.yaml"))
    loaded = apidiff.load(tmp_path / "api.yaml")
    schema = loaded.operations["GET /a"].responses["200"].content["application/json"].schema
    assert set(schema.properties) == {"id"}


@pytest.mark.parametrize("ref", ["../outside.yaml", "../../etc/passwd", "/etc/passwd"])
def test_file_ref_outside_the_folder_is_refused(tmp_path, ref):
    (tmp_path / "outside.yaml").write_text("type: string\n")
    inner = tmp_path / "api"
    inner.mkdir()
    (inner / "api.yaml").write_text(contract(ref))
    message = load_error(inner / "api.yaml")
    assert "not allowed" in message or "outside the contract" in message
    assert "type: string" not in message


def test_symlink_pointing_out_is_refused(tmp_path):
    (tmp_path / "secret.yaml").write_text("type: string\n")
    inner = tmp_path / "api"
    inner.mkdir()
    (inner / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    (inner / "api.yaml").write_text(contract("./link.yaml"))
    assert "outside the contract" in load_error(inner / "api.yaml")


def test_remote_ref_is_not_fetched(tmp_path):
    (tmp_path / "api.yaml").write_text(contract("https://example.com/pet.yaml"))
    assert "remote $ref" in load_error(tmp_path / "api.yaml")


def test_cycle_of_pure_refs_is_an_error(tmp_path):
    extra = (
        "components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n"
        "    B: {$ref: '#/components/schemas/A'}\n"
    )
    (tmp_path / "api.yaml").write_text(contract("#/components/schemas/A", extra))
    message = load_error(tmp_path / "api.yaml")
    assert "cycle" in message and "api.yaml:" in message


def test_recursive_schema_terminates(tmp_path):
    extra = textwrap.dedent("""\
        components:
          schemas:
            Node:
              type: object
              properties:
                children: {type: array, items: {$ref: '#/components/schemas/Node'}}
                parent: {allOf: [{$ref: '#/components/schemas/Node'}], nullable: true}
        """)
    (tmp_path / "old.yaml").write_text(contract("#/components/schemas/Node", extra))
    (tmp_path / "new.yaml").write_text(
        contract(
            "#/components/schemas/Node", extra.replace("type: array", "type: array, maxItems: 5")
        )
    )
    result = apidiff.compare(tmp_path / "old.yaml", tmp_path / "new.yaml")
    assert [f.id for f in result.findings] == ["response-property-max-items-set"]


def test_ref_in_an_example_is_data(tmp_path):
    extra = textwrap.dedent("""\
        components:
          schemas:
            Group:
              type: object
              example: {members: [{$ref: 'https://api.example.com/Users/1'}]}
        """)
    (tmp_path / "api.yaml").write_text(contract("#/components/schemas/Group", extra))
    apidiff.load(tmp_path / "api.yaml")  # no fetch, no error


def test_deep_flow_nesting_is_a_limit_error(tmp_path):
    (tmp_path / "deep.yaml").write_text(HEAD + "x: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert "nesting deeper than" in load_error(tmp_path / "deep.yaml")
    (tmp_path / "deep.json").write_text("[" * 200_000 + "]" * 200_000)
    assert "nesting is too deep" in load_error(tmp_path / "deep.json")


def test_size_limit(tmp_path):
    (tmp_path / "big.yaml").write_text(HEAD + "paths: {}\n" + "# pad\n" * 1000)
    with pytest.raises(apidiff.LimitError):
        apidiff.load(tmp_path / "big.yaml", apidiff.LoadOptions(max_bytes=100))
