"""``frozen.fast_init``: the same instances as the dataclass's own ``__init__``, faster."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from apidiff import frozen
from apidiff.diff import change, site
from apidiff.model import Location, MediaType, Operation, asyncapi, protobuf


def _pair():
    """The same class twice: with the dataclass's ``__init__`` and with ``fast_init``."""

    def make():
        @dataclasses.dataclass(frozen=True, slots=True)
        class Base:
            a: int
            b: str = "b"

        @dataclasses.dataclass(frozen=True, slots=True)
        class Thing(Base):
            c: list = dataclasses.field(default_factory=list)
            d: dict | None = None
            e: object = dataclasses.field(default=None, compare=False)

        return Thing

    return make(), frozen.fast_init(make())


@pytest.mark.parametrize(
    "args, kwargs",
    [((1,), {}), ((1, "x"), {}), ((1,), {"c": [1]}), ((), {"a": 2, "d": {}, "e": 5})],
)
def test_the_same_instance_as_the_dataclass_makes(args, kwargs):
    plain, fast = _pair()
    one, other = plain(*args, **kwargs), fast(*args, **kwargs)
    names = [f.name for f in dataclasses.fields(plain)]
    assert [getattr(one, n) for n in names] == [getattr(other, n) for n in names]
    with pytest.raises(dataclasses.FrozenInstanceError):
        other.a = 3  # type: ignore[misc]


def test_a_default_factory_makes_a_new_value_each_time():
    _, fast = _pair()
    assert fast(1).c is not fast(1).c


def test_the_signature_is_the_dataclasss():
    plain, fast = _pair()
    keep = ("a", "b", "d", "e")
    for name in keep:
        assert (
            inspect.signature(fast).parameters[name].default
            == inspect.signature(plain).parameters[name].default
        )
    assert list(inspect.signature(fast).parameters) == list(inspect.signature(plain).parameters)
    with pytest.raises(TypeError):
        fast()  # a required field left out
    with pytest.raises(TypeError):
        fast(1, "b", [], None, None, "one too many")


@pytest.mark.parametrize(
    "cls",
    [
        Location,
        protobuf.ProtoField,
        protobuf.ProtoMessage,
        asyncapi.AsyncMessage,
        MediaType,
        Operation,
        site.Site,
        change.Change,
    ],
)
def test_the_models_classes_keep_their_field_order(cls):
    fields = [f.name for f in dataclasses.fields(cls)]
    assert list(inspect.signature(cls).parameters) == fields


def test_classes_it_cannot_serve_are_refused():
    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class PostInit:
        a: int

        def __post_init__(self) -> None:
            pass

    @dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
    class KeywordOnly:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class WithInitVar:
        a: int
        b: dataclasses.InitVar[int] = 0

    for cls in (NoSlots, PostInit, KeywordOnly, WithInitVar):
        with pytest.raises(TypeError):
            frozen.fast_init(cls)
