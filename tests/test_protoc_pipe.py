"""protoc's descriptor set read from a FIFO (Linux): taken as soon as it is whole, never
taken when protoc died while writing it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile

import pytest

from apidiff.errors import InputError, LimitError
from apidiff.formats import protoc

pytest.importorskip("grpc_tools")
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the FIFO is used on Linux only"
)

A = b'syntax = "proto3";\npackage p;\nmessage A { string name = 1; }\n'
B = b'syntax = "proto3";\npackage p;\nimport "a.proto";\nmessage B { A a = 1; }\n'


def _compile(monkeypatch, *, fifo: bool) -> bytes:
    if not fifo:
        monkeypatch.setattr(protoc, "_fifo", lambda path: None)
    running = protoc.start(
        {"a.proto": A, "b.proto": B}, ["a.proto", "b.proto"], {}, source_info=False
    )
    assert (running._pipe is not None) is fifo
    return running.result()


def test_the_set_read_from_the_fifo_is_the_file_protoc_writes(monkeypatch):
    through_fifo = _compile(monkeypatch, fifo=True)
    with monkeypatch.context() as patched:
        written = _compile(patched, fifo=False)
    assert through_fifo == written
    assert protoc._names(through_fifo) == {"a.proto", "b.proto"}


def _set(*names: str) -> bytes:
    from google.protobuf import descriptor_pb2

    fds = descriptor_pb2.FileDescriptorSet()
    for name in names:
        fds.file.add(name=name, package="p")
    return fds.SerializeToString()


def _fake_protoc(payload: bytes, code: int, *, close_early: bool = False):
    """A child that writes ``payload`` into the FIFO and exits with ``code``, as protoc
    would when it dies while writing (or, ``close_early``, closes it and then lingers)."""
    folder = tempfile.mkdtemp(prefix=protoc._PREFIX)
    out = os.path.join(folder, "out.binpb")
    pipe = protoc._fifo(out)
    assert pipe is not None
    script = (
        "import sys, time\n"
        "with open(sys.argv[1], 'wb') as f: f.write(bytes.fromhex(sys.argv[2]))\n"
        f"time.sleep({0.5 if close_early else 0})\n"
        f"sys.exit({code})\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script, out, payload.hex()])
    return protoc.Running(
        process, folder, {}, protoc.Limits(seconds=20), pipe=pipe, targets=["a.proto", "b.proto"]
    )


def test_a_set_cut_at_an_entry_is_not_taken_for_a_whole_one():
    # A valid set of fewer files, as a write stopped between two entries leaves.
    running = _fake_protoc(_set("a.proto"), 3)
    with pytest.raises(LimitError, match="exit code 3"):
        running.result()


def test_a_set_cut_inside_an_entry_is_not_taken():
    data = _set("a.proto", "b.proto")
    running = _fake_protoc(data[:-3], -9 % 256)
    with pytest.raises(LimitError):
        running.result()
    assert protoc._names(data[:-3]) == frozenset()


def test_a_whole_set_is_taken_before_protoc_exits():
    running = _fake_protoc(_set("a.proto", "b.proto"), 0, close_early=True)
    assert protoc._names(running.result()) == {"a.proto", "b.proto"}
    assert running.process is not None
    assert running.process.returncode == -signal.SIGKILL  # stopped, not waited for


def test_an_exit_without_a_set_is_an_error():
    running = _fake_protoc(b"", 0)
    with pytest.raises(InputError, match="protoc wrote no descriptor set"):
        running.result()


def test_the_output_limit_holds_for_the_fifo():
    folder = tempfile.mkdtemp(prefix=protoc._PREFIX)
    out = os.path.join(folder, "out.binpb")
    pipe = protoc._fifo(out)
    script = "import sys\nwith open(sys.argv[1], 'wb') as f: f.write(b'x' * 100000)\n"
    process = subprocess.Popen([sys.executable, "-c", script, out])
    running = protoc.Running(
        process, folder, {}, protoc.Limits(output=1000), pipe=pipe, targets=["a.proto"]
    )
    with pytest.raises(LimitError, match="over the limit of 1000 bytes"):
        running.result()
    assert not os.path.exists(folder)


def test_an_exit_0_vouches_for_what_was_written():
    # The early check is only a shortcut: a set it cannot vouch for is taken once protoc
    # itself says the compile succeeded.
    running = _fake_protoc(_set("a.proto"), 0)
    assert protoc._names(running.result()) == {"a.proto"}
