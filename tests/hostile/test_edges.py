"""Numbers and strings at the edges: each is an input error with a position or is carried
through safely; none is exit 3 (an internal error) in any report format.

The policy lives in one place, ``apidiff/formats/yamljson.py`` (see "numbers and strings at
the edges" there): numbers are finite, integers fit Python's 4300-digit text limit, strings
hold no lone surrogate, and file names are UTF-8 (``apidiff/sources.py``).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apidiff.cli import cli
from apidiff.errors import InputError
from apidiff.formats.yamljson import array_index, member, parse
from apidiff.report import FORMATS

HEAD = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\n'


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("apidiff: error: "), stderr
    return lines[0]


def schema_doc(schema: str) -> str:
    return HEAD + (
        "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n"
        "          content:\n            application/json:\n              schema: " + schema + "\n"
    )


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def every_format(old: str, new: str) -> set[int]:
    """Exit codes of `diff` in every report format (and `semver`); never 3."""
    codes = set()
    for fmt in FORMATS:
        code, _, err = run("diff", "--no-config", "-f", fmt, old, new)
        assert code != 3 and "Traceback" not in err, (fmt, err)
        codes.add(code)
    code, _, err = run("semver", "--no-config", old, new)
    assert code != 3, err
    return codes


# -- characters YAML refuses ---------------------------------------------------------------------
@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\ufffe"])
def test_a_character_yaml_refuses_is_an_input_error_at_its_line_and_column(tmp_path, character):
    # PyYAML's reader says "position 61" (an offset in the text): the error names the line.
    text = HEAD + f"paths: {{}}\nx-note: 'a{character}b'\n"
    path = write(tmp_path, "c.yaml", text)
    code, _, err = run("diff", "--no-config", path, path)
    assert code == 2
    line = one_line_error(err)
    assert "c.yaml:4:11: invalid YAML: unacceptable character #x" in line, line
    assert "position" not in line


# -- non-finite and absurd numbers ---------------------------------------------------------------
@pytest.mark.parametrize("value", [".inf", "-.inf", "+.inf", ".nan", ".NaN", "1e400", "-1e999"])
@pytest.mark.parametrize("keyword", ["maxLength", "multipleOf", "maximum", "default", "x-any"])
def test_non_finite_yaml_numbers_are_input_errors_with_a_position(tmp_path, keyword, value):
    old = write(tmp_path, "old.yaml", schema_doc(f"{{type: number, {keyword}: 3}}"))
    new = write(tmp_path, "new.yaml", schema_doc(f"{{type: number, {keyword}: {value}}}"))
    code, _, err = run("diff", "--no-config", old, new)
    assert code == 2
    line = one_line_error(err)
    assert "new.yaml:11:" in line and "finite number" in line


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e400", "-2E+999", "9" * 400])
def test_non_finite_json_numbers_are_input_errors_with_a_position(tmp_path, token):
    # Python's json module reads NaN and Infinity (not JSON) and overflows 1e400 to infinity.
    number = token + ".5" if token.isdigit() else token
    text = (
        '{"openapi": "3.0.3", "info": {"title": "NaN", "version": "1"},\n'
        f'"paths": {{}}, "x-s": "Infinity 1e400", "x": {number}}}'
    )
    path = write(tmp_path, "c.json", text)
    code, _, err = run("diff", "--no-config", path, path)
    assert code == 2
    line = one_line_error(err)
    assert "c.json:2:" in line and "finite number" in line and len(line) < 300


def test_a_hexadecimal_integer_past_the_digit_limit_is_an_input_error(tmp_path):
    # 4000 hex digits pass a check on the count of decimal digits, but str() of the value
    # (in every report, in the fingerprint) refuses its 4800 decimal digits.
    for keyword in ("maximum", "enum", "example"):
        value = "0x" + "f" * 4000
        value = f"[{value}]" if keyword == "enum" else value
        old = write(tmp_path, "old.yaml", schema_doc("{type: integer}"))
        new = write(tmp_path, "new.yaml", schema_doc(f"{{type: integer, {keyword}: {value}}}"))
        code, _, err = run("diff", "--no-config", old, new)
        assert code == 2
        line = one_line_error(err)
        assert "new.yaml:11:" in line and "4300 digits" in line and len(line) < 300


def test_an_octal_integer_past_the_digit_limit_is_an_input_error(tmp_path):
    path = write(tmp_path, "c.yaml", HEAD + "paths: {}\nx: 0o" + "7" * 5000 + "\n")
    code, _, err = run("diff", "--no-config", path, path)
    assert code == 2
    assert "4300 digits" in one_line_error(err)


@pytest.mark.parametrize(
    "keyword", ["maximum", "minimum", "multipleOf", "maxLength", "minItems", "default", "enum"]
)
@pytest.mark.parametrize("value", ["1" + "0" * 4000, "1e308", "5e-324", "-0.0", "0"])
def test_huge_and_tiny_finite_numbers_are_carried_through(tmp_path, keyword, value):
    shown, three = (f"[{value}]", "[3]") if keyword == "enum" else (value, "3")
    old = write(tmp_path, "old.yaml", schema_doc(f"{{type: number, {keyword}: {three}}}"))
    new = write(tmp_path, "new.yaml", schema_doc(f"{{type: number, {keyword}: {shown}}}"))
    assert every_format(old, new) <= {0}
    assert every_format(new, new) <= {0}


def test_a_subnormal_multiple_of_against_a_huge_one(tmp_path):
    old = write(tmp_path, "old.yaml", schema_doc("{type: number, multipleOf: 5e-324}"))
    new = write(tmp_path, "new.yaml", schema_doc("{type: number, multipleOf: 1e308}"))
    assert every_format(old, new) == {0}
    assert every_format(new, old) == {0}


def test_a_5000_digit_version(tmp_path):
    digits = "1" * 5000
    old = write(tmp_path, "old.yaml", HEAD.replace('"1"', f'"{digits}"') + "paths: {}\n")
    new = write(tmp_path, "new.yaml", HEAD.replace('"1"', f'"2.{digits}"') + "paths: {}\n")
    every_format(old, new)
    for command in ("changelog", "migrate"):
        code, _, err = run(command, "--no-config", old, new)
        assert code in (0, 1), err
    code, _, err = run("semver", "--no-config", old, new, "--check")
    assert code == 2 and "none that parses" in one_line_error(err)
    # As a number it is past Python's limit: an error with a position.
    path = write(tmp_path, "n.yaml", HEAD.replace('"1"', digits) + "paths: {}\n")
    code, _, err = run("diff", "--no-config", path, path)
    assert code == 2 and "n.yaml:2:" in one_line_error(err)


def test_graphql_defaults_at_the_edges_are_safe(tmp_path):
    huge = "9" * 5000
    old = write(tmp_path, "old.graphql", "type Query { a(x: Float = 1e400, y: Int = 1): Int }\n")
    new = write(
        tmp_path, "new.graphql", f"type Query {{ a(x: Float = 2e400, y: Int = {huge}): Int }}\n"
    )
    every_format(old, new)
    _, out, _ = run("diff", "--no-config", "-f", "json", old, new)
    changed = {c["id"] for c in json.loads(out)["changes"]}
    # Infinity is no value: the two literals are compared as written, and differ.
    assert changed == {"argument-default-value-changed"}
    assert len(json.loads(out)["changes"]) == 2
    assert every_format(new, new) == {0}


@pytest.mark.parametrize(
    ("sdl", "where"),
    [
        ("type Query {\n  a: Int @deprecated(reason: 5)\n}\n", ":2:30: "),
        ("type Query {\n  a: Int @deprecated(reason: null)\n}\n", ":2:30: "),
        ("scalar S @specifiedBy(url: 5)\ntype Query { a: S }\n", ":1:28: "),
    ],
)
def test_a_graphql_schema_refused_while_built_names_its_position(tmp_path, sdl, where):
    """graphql-core puts the location of such an error in its text, with a source excerpt
    over several lines: the error is one line, with the position where it belongs."""
    path = write(tmp_path, "s.graphql", sdl)
    code, _, err = run("diff", "--no-config", path, path)
    line = one_line_error(err)
    assert code == 2 and f"s.graphql{where}invalid GraphQL schema: " in line, line
    assert " | " not in line, line


# -- $ref pointer indexes ------------------------------------------------------------------------
@pytest.mark.parametrize("token", ["²", "٣", "-1", "1e2", " 1", "9" * 5000, "1" * 19])
def test_pointer_indexes_that_are_not_ascii_digits_do_not_resolve(tmp_path, token):
    items = "x-l: [{type: integer}, {type: integer}, {type: integer}, {type: integer}]\n"
    old = write(tmp_path, "old.yaml", schema_doc("{type: string}"))
    new = write(tmp_path, "new.yaml", schema_doc(f"{{$ref: '#/x-l/{token}'}}") + items)
    code, _, err = run("diff", "--no-config", old, new)
    assert code == 2
    assert "unresolvable $ref" in one_line_error(err) and "new.yaml:11:" in err


def test_a_pointer_index_resolves_only_in_ascii():
    data = [10, 11, 12, 13]
    assert member(data, "3") == 13 and member(data, "٣") is None and member(data, "²") is None
    assert array_index("9" * 5000) is None and array_index("007") == 7
    doc = parse("x.json", '{"a": [\n 1,\n 2\n]}')
    assert doc.position("/a/1") == (3, 2) and doc.position("/a/²") in (None, (1, 2))


# -- lone surrogates -----------------------------------------------------------------------------
_SURROGATE_CASES = [
    ('{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},\n"paths": {"/\\ud800": {}}}', 2),
    ('{"openapi": "3.0.3", "info": {"title": "\\udfff", "version": "1"},\n"paths": {}}', 1),
    ('{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},\n"x": "a\\\\\\udc00"}', 2),
    ('{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},\n"x": "\\uD800\\u0041"}', 2),
]


@pytest.mark.parametrize(("text", "line"), _SURROGATE_CASES)
def test_lone_surrogates_in_json_are_input_errors_with_a_position(tmp_path, text, line):
    path = write(tmp_path, "c.json", text)
    code, _, err = run("diff", "--no-config", path, path)
    assert code == 2
    message = one_line_error(err)
    assert f"c.json:{line}:" in message and "surrogate" in message


@pytest.mark.parametrize(
    "value",
    [
        "\\ud83d\\ude00",  # a pair: one astral character
        "\\\\ud800",  # an escaped backslash, then the text "ud800"
        "\\\\\\\\ud800",
        "\\u00e9",
    ],
)
def test_surrogate_pairs_and_look_alikes_load(tmp_path, value):
    text = '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, '
    old = write(tmp_path, "old.json", text + '"x-a": 1}')
    new = write(tmp_path, "new.json", text + f'"x-a": "{value}"}}')
    assert every_format(old, new) <= {0}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("c.yaml", HEAD + 'paths: {}\nx: "\\ud800"\n'),
        ("c.graphql", 'type Query { a: Int @deprecated(reason: "\\ud800") }\n'),
        ("c.graphql", '"""\\udc00"""\ntype Query { a: Int }\n'.replace('"""', '"')),
    ],
)
def test_lone_surrogates_in_yaml_and_graphql_are_input_errors(tmp_path, name, text):
    path = write(tmp_path, name, text)
    code, _, err = run("diff", "--no-config", path, path)
    assert code == 2
    assert f"{name}:" in one_line_error(err)


def test_lone_surrogates_in_utf16_and_stdin_are_input_errors(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_bytes(b"\xff\xfe" + (HEAD + "x: ").encode("utf-16-le") + b"\x00\xd8" + b"\n\x00")
    code, _, err = run("diff", "--no-config", str(path), str(path))
    assert code == 2
    one_line_error(err)
    result = CliRunner().invoke(
        cli, ["diff", "--no-config", "-", str(path)], input=b'{"x": "\xed\xa0\x80"}'
    )
    assert result.exit_code == 2 and "not valid UTF-8" in result.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="Linux file names are bytes")
def test_a_file_name_that_is_not_utf8_is_an_input_error(tmp_path):
    raw = os.path.join(os.fsencode(tmp_path), b"bad-\xff.yaml")
    with open(raw, "w", encoding="utf-8") as handle:
        handle.write(HEAD + "paths: {}\n")
    name = os.fsdecode(raw)  # as Python sees it: with a lone surrogate (\udcff)
    code, _, err = run("diff", "--no-config", name, name)
    assert code == 2
    line = one_line_error(err)
    assert "not valid UTF-8" in line and "bad-\\xff.yaml" in line
    # In a folder of GraphQL files, and as a file $ref's target.
    folder = tmp_path / "sdl"
    folder.mkdir()
    (folder / "a.graphql").write_text("type Query { a: Int }\n")
    with open(os.path.join(os.fsencode(folder), b"b-\xfe.graphql"), "w") as handle:
        handle.write("type B { b: Int }\n")
    code, _, err = run("diff", "--no-config", str(folder), str(folder))
    assert code == 2 and "not valid UTF-8" in one_line_error(err)
    ref = tmp_path / "ref.yaml"
    ref.write_text(
        HEAD + "paths:\n  /a:\n    get:\n      responses:\n        '200': "
        "{$ref: 'bad-%FF.yaml#/r'}\n"
    )
    code, _, err = run("diff", "--no-config", str(ref), str(ref))
    assert code == 2
    one_line_error(err)


# -- property: whatever a JSON string or number holds, the answer is never exit 3 --------------
_EDGE_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\ud800", "\udfff", "\udc00", "\\", '"', "\x00", "\u202e"]),
    ),
    max_size=8,
)
_EDGE_NUMBER = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**30), 10**30),
    st.sampled_from([10**4000, -(10**4000), 5e-324, 1.7976931348623157e308]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=_EDGE_TEXT, value=_EDGE_TEXT, number=_EDGE_NUMBER)
def test_json_strings_and_numbers_at_the_edges(tmp_path_factory, key, value, number):
    folder = tmp_path_factory.mktemp("edge")
    data = {
        "openapi": "3.0.3",
        "info": {"title": value, "version": "1"},
        "paths": {
            "/" + key: {
                "get": {
                    "responses": {
                        "200": {
                            "description": value,
                            "content": {
                                "application/json": {
                                    "schema": {"type": "number", "maximum": number, "enum": [value]}
                                }
                            },
                        }
                    }
                }
            }
        },
    }
    text = json.dumps(data, ensure_ascii=True)  # lone surrogates as \\udXXX escapes
    old = write(folder, "old.json", text.replace('"maximum"', '"minimum"'))
    new = write(folder, "new.json", text)
    try:
        parse("new.json", text)
        loads = True
    except InputError:
        loads = False
    for fmt in ("json", "text", "sarif"):
        code, out, err = run("diff", "--no-config", "-f", fmt, old, new)
        assert code in ((0,) if loads else (2,)), err
        if loads:
            out.encode("utf-8")  # every report is writable as UTF-8
        else:
            one_line_error(err)


@pytest.mark.parametrize("value", ["1" * 5000, "0x" + "f" * 4000])
def test_a_huge_integer_in_the_configuration_is_a_one_line_error(tmp_path, value):
    # Found by the configuration fuzzer: tomllib reads both, and then nothing can print them.
    config = tmp_path / "apidiff.toml"
    config.write_text(f'fail-on = "none"\n\n[deprecation]\nmin-days = {value}\n')
    path = write(tmp_path, "c.yaml", HEAD + "paths: {}\n")
    code, _, err = run("diff", "--config", str(config), path, path)
    assert code == 2
    line = one_line_error(err)
    assert "apidiff.toml:4: not valid TOML: a number with more than 4300 digits" in line


def test_a_broken_pyproject_with_our_table_is_reported_and_anothers_is_ignored(tmp_path):
    # Found by `make fuzz`: a 5,000-digit integer in a discovered pyproject.toml was exit 3.
    from apidiff.cli import cli

    pets = Path(__file__).resolve().parents[2] / "fixtures" / "petstore" / "old.yaml"
    (tmp_path / ".git").mkdir()
    (tmp_path / "api.yaml").write_text(pets.read_text())
    runner = CliRunner()
    for body, code in (
        ("[tool.apidiff]\nfail-on = " + "1" * 5000 + "\n", 2),
        ("[tool.other]\nx = " + "1" * 5000 + "\n", 0),
        ("[tool.apidiff]\nfail-on = [\n", 2),
    ):
        (tmp_path / "pyproject.toml").write_text(body)
        here = Path.cwd()
        os.chdir(tmp_path)
        try:
            result = runner.invoke(cli, ["diff", "api.yaml", "api.yaml"])
        finally:
            os.chdir(here)
        assert result.exit_code == code, result.output
        if code == 2:
            assert result.output.count("\n") == 1 and "pyproject.toml" in result.output
