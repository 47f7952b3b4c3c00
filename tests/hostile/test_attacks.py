"""One test per attack on apidiff's inputs: each asserts exit code 2, a one-line message,
and that nothing forbidden happened (no file content echoed, no connection made)."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from apidiff.cli import cli

HEAD = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\n'


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("apidiff: error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


def contract(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


def _response_ref(ref: str) -> str:
    return HEAD + (f"paths:\n  /a:\n    get:\n      responses:\n        '200': {{$ref: '{ref}'}}\n")


class Listener:
    """A loopback TCP listener that records whether anything connected."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        body = (
            b"description: " + b"fetched " * 100 + b"\n"
            b"content:\n  application/json:\n    schema: {type: string}\n"
        )
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            with conn:
                conn.settimeout(1)
                try:
                    conn.recv(65536)
                    conn.sendall(
                        b"HTTP/1.0 200 OK\r\nContent-Type: application/yaml\r\n"
                        + f"Content-Length: {len(body)}\r\n\r\n".encode()
                        + body
                    )
                except OSError:
                    pass

    def close(self) -> None:
        self.stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


# 1. Resource limits ---------------------------------------------------------------------------
def test_billion_laughs_costs_bounded_time_and_memory(tmp_path):
    lines = [
        HEAD.rstrip("\n"),
        'x-a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ]
    for i in range(1, 10):
        lines.append(f"x-a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    body = (
        "paths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n"
        "          content:\n            application/json:\n              schema:\n"
        "                type: object\n                example: *a9\n"
    )
    old = contract(tmp_path, "old.yaml", "\n".join(lines) + "\n" + body)
    new = contract(tmp_path, "new.yaml", "\n".join(lines) + "\n" + body.replace("*a9", "*a8"))
    start = time.perf_counter()
    code, out, err = run("diff", old, new, "-f", "json")
    assert time.perf_counter() - start < 20  # a billion expanded nodes would take hours
    assert code == 0, err
    assert "example-changed" in out  # compared by content hash, each shared node once


def test_a_200000_deep_json_array_is_an_error(tmp_path):
    deep = '{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"x":'
    path = contract(tmp_path, "deep.json", deep + "[" * 200_000 + "]" * 200_000 + "}")
    code, _, err = run("diff", path, path)
    assert code == 2
    assert "nesting is too deep" in one_line_error(err)


def test_a_200000_deep_yaml_flow_sequence_is_an_error(tmp_path):
    path = contract(
        tmp_path, "deep.yaml", HEAD + "paths: {}\nx: " + "[" * 200_000 + "]" * 200_000 + "\n"
    )
    code, _, err = run("diff", path, path)
    assert code == 2
    assert "nesting deeper than 1000 levels" in one_line_error(err)


@pytest.mark.parametrize(
    ("flag", "value", "expected"),
    [
        ("--max-size", "100", "over the limit of 100"),
        ("--max-nodes", "20", "more than 20 nodes"),
        ("--max-depth", "3", "nesting deeper than 3 levels"),
    ],
)
def test_limits_have_flags(tmp_path, flag, value, expected):
    text = (
        HEAD
        + "paths:\n  /a: {get: {responses: {'200': {description: ok, content: "
        + "{a/b: {schema: {type: object, properties: {x: {type: [string]}}}}}}}}}\n"
    )
    path = contract(tmp_path, "c.yaml", text)
    assert run("diff", path, path)[0] == 0
    code, _, err = run("diff", path, path, flag, value)
    assert code == 2
    assert expected in one_line_error(err)


def test_ref_hops_are_bounded(tmp_path):
    chain = "".join(f"    r{i}: {{$ref: '#/components/responses/r{i + 1}'}}\n" for i in range(10))
    text = _response_ref("#/components/responses/r0") + "components:\n  responses:\n" + chain
    text += "    r10: {description: ok}\n"
    path = contract(tmp_path, "c.yaml", text)
    assert run("diff", path, path)[0] == 0
    code, _, err = run("diff", path, path, "--max-ref-hops", "5")
    assert code == 2
    assert "more than 5 $ref hops" in one_line_error(err)


@pytest.mark.parametrize("length", [1, 2, 7])
def test_ref_cycles_terminate_within_a_file(tmp_path, length):
    chain = "".join(
        f"    r{i}: {{$ref: '#/components/responses/r{(i + 1) % length}'}}\n" for i in range(length)
    )
    text = _response_ref("#/components/responses/r0") + "components:\n  responses:\n" + chain
    path = contract(tmp_path, "c.yaml", text)
    code, _, err = run("diff", path, path)
    assert code == 2
    assert "$ref cycle" in one_line_error(err)


def test_ref_cycles_terminate_across_files(tmp_path):
    old = contract(tmp_path, "api/old.yaml", _response_ref("a.yaml#/r"))
    contract(tmp_path, "api/a.yaml", "r: {$ref: 'b.yaml#/r'}\n")
    contract(tmp_path, "api/b.yaml", "r: {$ref: 'a.yaml#/r'}\n")
    code, _, err = run("diff", old, old)
    assert code == 2
    assert "$ref cycle" in one_line_error(err)


def test_recursive_schemas_are_fine(tmp_path):
    text = _response_ref("#/components/responses/r") + (
        "components:\n  responses:\n    r:\n      description: ok\n      content:\n"
        "        application/json: {schema: {$ref: '#/components/schemas/Node'}}\n"
        "  schemas:\n    Node:\n      type: object\n      properties:\n"
        "        children: {type: array, items: {$ref: '#/components/schemas/Node'}}\n"
    )
    path = contract(tmp_path, "c.yaml", text)
    assert run("diff", path, path)[0] == 0


# 2. No reading outside the contract --------------------------------------------------------------
SECRET = "TOP-SECRET-CONTENT-4242"


@pytest.fixture
def secret(tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text(f"r: {{description: {SECRET}}}\n")
    return outside


@pytest.mark.parametrize(
    "ref", ["../secret.yaml#/r", "../../secret.yaml#/r", "sub/../../secret.yaml#/r"]
)
def test_file_refs_outside_the_folder_are_refused(tmp_path, secret, ref):
    old = contract(tmp_path, "api/old.yaml", _response_ref(ref))
    code, out, err = run("diff", old, old)
    assert code == 2
    assert "outside the contract's folder" in one_line_error(err)
    assert SECRET not in out + err


def test_absolute_file_refs_are_refused(tmp_path, secret):
    old = contract(tmp_path, "api/old.yaml", _response_ref(f"{secret}#/r"))
    code, out, err = run("diff", old, old)
    assert code == 2
    assert "absolute file $ref" in one_line_error(err)
    assert SECRET not in out + err


def test_etc_passwd_is_refused(tmp_path):
    old = contract(tmp_path, "api/old.yaml", _response_ref("../../../../../../etc/passwd"))
    code, out, err = run("diff", old, old)
    assert code == 2
    assert "root:" not in out + err
    one_line_error(err)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinks_pointing_out_are_refused(tmp_path, secret):
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "link.yaml").symlink_to(secret)
    old = contract(tmp_path, "api/old.yaml", _response_ref("link.yaml#/r"))
    code, out, err = run("diff", old, old)
    assert code == 2
    assert "outside the contract's folder" in one_line_error(err)
    assert SECRET not in out + err


def test_errors_never_echo_a_refused_file(tmp_path):
    bad = tmp_path / "api" / "bad.yaml"
    bad.parent.mkdir()
    bad.write_text(f"r: [unclosed {SECRET}\n")
    old = contract(tmp_path, "api/old.yaml", _response_ref("bad.yaml#/r"))
    code, out, err = run("diff", old, old)
    assert code == 2
    one_line_error(err)
    assert SECRET not in out + err


def test_remote_refs_make_no_connection_by_default(tmp_path, listener):
    old = contract(tmp_path, "old.yaml", _response_ref(f"http://127.0.0.1:{listener.port}/r.yaml"))
    code, _, err = run("diff", old, old)
    assert code == 2
    assert "remote $ref" in one_line_error(err) and "--allow-remote-refs" in err
    time.sleep(0.3)
    assert listener.connections == 0


def test_remote_refs_are_fetched_only_when_allowed(tmp_path, listener):
    old = contract(tmp_path, "old.yaml", _response_ref(f"http://127.0.0.1:{listener.port}/r.yaml"))
    code, _, err = run("diff", old, old, "--allow-remote-refs")
    assert code == 0, err
    assert listener.connections >= 1


@pytest.mark.parametrize("scheme", ["file:///etc/passwd", "ftp://127.0.0.1/x.yaml"])
def test_only_http_refs_even_when_allowed(tmp_path, scheme):
    old = contract(tmp_path, "old.yaml", _response_ref(scheme))
    code, out, err = run("diff", old, old, "--allow-remote-refs")
    assert code == 2
    assert "root:" not in out + err
    one_line_error(err)


def test_remote_refs_have_a_size_cap(tmp_path, listener):
    old = contract(tmp_path, "old.yaml", _response_ref(f"http://127.0.0.1:{listener.port}/r.yaml"))
    code, _, err = run("diff", old, old, "--allow-remote-refs", "--max-size", "2000")
    assert code == 0, err  # the contract is ~150 bytes, the fetched body ~870
    code, _, err = run("diff", old, old, "--allow-remote-refs", "--max-size", "500")
    assert code == 2
    assert "larger than 500 bytes" in one_line_error(err)


# 3. Nothing the contract says can act in a report: tests/test_report_safety.py ----------------
def test_terminal_output_strips_escape_sequences(tmp_path):
    old = contract(
        tmp_path,
        "old.yaml",
        HEAD
        + 'paths:\n  "/a\\e]8;;http://x\\a\\e[2J":\n'
        + "    get: {responses: {'200': {description: ok}}}\n",
    )
    new = contract(tmp_path, "new.yaml", HEAD + "paths: {}\n")
    code, out, _ = run("diff", old, new)
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert "/a" in out


# 4. Errors --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "openapi: 3.0.3\ninfo: [\n",
        '{"openapi": "3.0.3", "paths": ]',
        "openapi: 3.0.3\npaths: 7\n",
        "\x00\x01\x02 binary",
        "type Query { a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[Int }",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        "  /a: {get: {parameters: [{$ref: '#/nope'}], responses: {}}}\n",
        "&a [*a]",
    ],
)
def test_malformed_inputs_are_one_line_errors(tmp_path, text):
    path = contract(tmp_path, "bad.yaml", text)
    code, _, err = run("diff", path, path)
    assert code == 2, err
    one_line_error(err)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["diff", "OLD", "OLD", "-o", "."], "is a directory"),
        (["diff", "--nope", "OLD"], "No such option"),
        (["--nope"], "No such option"),
        (["nope"], "No such command"),
        (["diff"], "Missing argument"),
        (["rules", "--format", "nope"], "'--format'"),
        (["diff", "OLD", "OLD", "--max-depth", "0"], "'--max-depth'"),
        (["diff", "OLD", "OLD", "--today", "2020-99-99"], "'--today'"),
    ],
)
def test_usage_errors_are_one_line_errors(tmp_path, args, needle):
    """click prints four lines (usage, hint, blank, error); apidiff prints one."""
    old = contract(tmp_path, "old.yaml", HEAD + "paths: {}\n")
    code, _, err = run(*[old if a == "OLD" else a for a in args])
    assert code == 2, err
    assert needle in one_line_error(err)


_INTROSPECTION_TYPES = [
    {"kind": "OBJECT", "name": "Query", "interfaces": [], "fields": [
        {"name": "a", "args": [], "type": {"kind": "OBJECT", "name": "T", "ofType": None}},
    ]},
    {"kind": "ENUM", "name": "E", "enumValues": [{"name": "A"}]},
    {"kind": "OBJECT", "name": "T", "interfaces": [], "fields": [
        {"name": "b", "args": [], "type": {"kind": "ENUM", "name": "E", "ofType": None}},
    ]},
    {"kind": "OBJECT", "name": "__Schema", "interfaces": [], "fields": [
        {"name": "c", "args": [], "type": {"kind": "SCALAR", "name": "String", "ofType": None}},
    ]},
]  # fmt: skip


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ((2, "fields", 0, "args"), True),
        ((3, "fields", 0, "args"), True),  # graphql-core never reads its own types' entries
        ((3, "fields"), 5),
        ((2, "fields", 0, "args"), -1),
        ((2, "fields", 0, "args"), [5]),
        ((2, "fields"), 5),
        ((2, "interfaces"), 5),
        ((2, "fields", 0, "type"), {"kind": "NON_NULL", "ofType": None}),
        ((1, "enumValues", 0, "name"), None),
        ((1, "enumValues", 0, "name"), True),
        ((1, "enumValues"), "x"),
    ],
)
def test_introspection_results_of_the_wrong_shape_are_refused_or_ignored(tmp_path, where, value):
    """graphql-core builds fields, arguments and enum values only when first read: a wrong
    shape there must be refused on load, not met in the middle of the comparison; the
    entries of its own ``__`` types are never read, and their shape does not matter."""
    import copy
    import json

    types = copy.deepcopy(_INTROSPECTION_TYPES)
    node = types
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    data = {"__schema": {"queryType": {"name": "Query"}, "types": types, "directives": []}}
    path = contract(tmp_path, "schema.json", json.dumps(data))
    code, _, err = run("diff", path, path)
    if where[0] == 3:
        assert code == 0, err
    else:
        assert code == 2, err
        assert "invalid introspection result" in one_line_error(err)


def test_missing_file_is_an_error(tmp_path):
    code, _, err = run("diff", str(tmp_path / "nope.yaml"), str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "nope.yaml" in one_line_error(err)


def test_an_internal_error_is_exit_3_without_traceback(monkeypatch, tmp_path):
    import apidiff.cli as cli_module

    def boom(*_args, **_kwargs):
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(cli_module, "compare", boom)
    path = contract(tmp_path, "c.yaml", HEAD + "paths: {}\n")
    result = CliRunner().invoke(cli, ["diff", path, path])
    assert result.exit_code == 3
    assert "internal error" in result.stderr and "Traceback" not in result.stderr
    result = CliRunner().invoke(cli, ["--debug", "diff", path, path])
    assert result.exit_code == 3 and "Traceback" in result.stderr


# 6. Atomic writes ---------------------------------------------------------------------------------
def test_a_failed_write_leaves_the_old_file_intact(tmp_path, monkeypatch):
    import apidiff.writes as writes

    target = tmp_path / "CHANGELOG.md"
    target.write_text("# Changelog\n\nold content\n")
    path = contract(tmp_path, "c.yaml", HEAD + "paths: {}\n")

    def fail(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(writes.os, "replace", fail)
    result = CliRunner().invoke(
        cli, ["changelog", path, path, "--update", str(target), "--version", "9.9.9"]
    )
    assert result.exit_code == 2
    assert target.read_text() == "# Changelog\n\nold content\n"
    assert {p.name for p in tmp_path.iterdir()} == {"CHANGELOG.md", "c.yaml"}  # no temp file


@pytest.mark.parametrize("ref", ["a%00b.yaml#/r", "a\\u0000b.yaml#/r", "x" * 5000 + ".yaml#/r"])
def test_file_refs_with_nul_or_huge_names_are_errors(tmp_path, ref):
    # Found by the fuzzer: a NUL in a file $ref escaped as a ValueError.
    text = _response_ref("REF").replace("'REF'", f'"{ref}"')
    old = contract(tmp_path, "api/old.yaml", text)
    code, _, err = run("diff", old, old)
    assert code == 2
    one_line_error(err)


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("!!float abc", "'abc' is not a number"),
        ("!!int abc", "'abc' is not an integer"),
        ("!!int 0xZZ", "'0xZZ' is not an integer"),
        ("&a {b: !!float abc}\nx-m:\n  <<: *a", "'abc' is not a number"),  # the slow path
    ],
)
def test_an_explicit_tag_on_a_wrong_value_is_an_input_error(tmp_path, value, needle):
    text = f'openapi: 3.0.3\ninfo: {{title: t, version: "1"}}\npaths: {{}}\nx-a: {value}\n'
    path = contract(tmp_path, "tagged.yaml", text)
    code, _, err = run("diff", "--no-config", path, path)
    assert code == 2
    line = one_line_error(err)
    assert needle in line and "tagged.yaml:4:" in line


@pytest.mark.parametrize("suffix", ["json", "yaml"])
def test_a_number_too_long_for_python_is_an_input_error(tmp_path, suffix):
    digits = "1" * 5000  # Python's int() stops at 4300 digits
    if suffix == "json":
        text = '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},\n"paths": {}, "x": '
        text += digits + "}"
    else:
        text = f'openapi: 3.0.3\ninfo: {{title: t, version: "1"}}\npaths: {{}}\nx: {digits}\n'
    path = contract(tmp_path, f"long.{suffix}", text)
    code, _, err = run("diff", "--no-config", path, path)
    assert code == 2
    line = one_line_error(err)
    assert "4300 digits" in line and len(line) < 300
    assert f"long.{suffix}:{2 if suffix == 'json' else 4}" in line
