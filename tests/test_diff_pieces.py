"""The comparison layer's shared pieces: pairing and the change-emitting site."""

from __future__ import annotations

import pytest

from apidiff.diff.pairing import pair
from apidiff.diff.site import Site
from apidiff.model import Direction, Location


def test_pair_by_key_in_sorted_or_old_order():
    old, new = {"b": 1, "a": 2, "c": 3}, {"c": 30, "d": 4, "a": 2}
    paired = pair(old, new)
    assert paired.removed == [("b", 1)]
    assert paired.added == [("d", 4)]
    assert paired.both == [("a", 2, 2), ("c", 3, 30)]
    assert paired.every == [("a", 2, 2), ("b", 1, None), ("c", 3, 30), ("d", None, 4)]
    in_order = pair(old, new, order="old")
    assert [k for k, *_ in in_order.both] == ["a", "c"]
    assert [k for k, _ in in_order.added] == ["d"]


def test_pair_the_same_members_by_two_keys():
    # Protobuf fields pair by number (the wire) and by name (JSON, generated code).
    old = [("id", 1), ("name", 2)]
    new = [("id", 1), ("title", 2)]
    by_number = pair(old, new, key=lambda f: f[1])
    by_name = pair(old, new, key=lambda f: f[0])
    assert by_number.removed == [] and len(by_number.both) == 2
    assert by_name.removed == [("name", ("name", 2))] and by_name.added == [("title", ("title", 2))]


def test_pair_needs_a_key_for_plain_iterables_and_a_known_order():
    with pytest.raises(TypeError):
        pair([1], [2])
    with pytest.raises(ValueError):
        pair({}, {}, order="random")


def test_a_site_holds_the_place_and_emits_only_what_is_new():
    out: list = []
    old, new = Location("old.yaml", "/a"), Location("new.yaml", "/a")
    site = Site(
        out, "operation `GET /a`", ("GET /a",), "GET /a", "GET /a", old_loc=old, new_loc=new
    )
    param = site.at("query parameter `q`", "parameters", "q", direction=Direction.REQUEST)
    param.changed("parameter.style", "form", "form")  # equal: nothing
    param.changed("parameter.style", "form", "spaceDelimited", "style")
    param.removed("parameter")
    param.tri_state("schema.default", None, 3, "default")
    kinds = [(c.kind, c.path, c.old_loc, c.new_loc) for c in out]
    assert kinds == [
        ("parameter.style.changed", ("GET /a", "parameters", "q", "style"), old, new),
        ("parameter.removed", ("GET /a", "parameters", "q"), old, None),
        ("schema.default.added", ("GET /a", "parameters", "q", "default"), old, new),
    ]
    assert all(c.direction is Direction.REQUEST and c.operation == "GET /a" for c in out)


def test_a_site_that_names_things_its_own_way_says_so_once():
    """GraphQL's identity is a schema coordinate: ``finish`` rewrites every way of emitting."""
    from apidiff.diff.graphql import _Site

    out: list = []
    site = _Site(out, "type `User`", ("User",), "type User", "type `User`", reached=lambda: ["Q"])
    site.at("field `User.name`", "name").removed("field", old="String")
    site.at("argument", "posts", "(first:)").changed("argument.type", "Int", "Int!")
    assert [(c.kind, c.path, c.info["coordinate"], c.info["operations"]) for c in out] == [
        ("graphql.field.removed", ("graphql", "User.name", "field.removed"), "User.name", ["Q"]),
        (
            "graphql.argument.type.changed",
            ("graphql", "User.posts(first:)", "argument.type.changed"),
            "User.posts(first:)",
            ["Q"],
        ),
    ]


def test_no_walk_function_takes_a_long_parameter_list():
    """The comparison layer holds a change's place in a ``Site``: a walk's function takes the
    two things compared, the site and a word or two, never the eleven it once took. (The
    JSON Schema comparer's value helpers in ``schema.py`` compare bare numbers.)"""
    import ast
    from pathlib import Path

    import apidiff.diff

    long = []
    for path in sorted(Path(apidiff.diff.__file__).parent.glob("*.py")):
        if path.name == "schema.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef):
                args = node.args
                names = [
                    a.arg
                    for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)
                    if a.arg not in ("self", "cls")
                ]
                if len(names) > 7:
                    long.append(f"{path.name}:{node.name}({len(names)})")
    assert long == []
