"""Network, with --allow-remote-refs: a server that drips its answer (one byte every few
seconds never trips a per-read timeout) is cut off by a deadline per fetch and per run."""

from __future__ import annotations

import socket
import threading
import time

import pytest

import apidiff
from apidiff.errors import RefError
from apidiff.formats import LoadOptions, remote

from .test_attacks import HEAD


class Dripper:
    """A loopback server that answers one byte at a time, forever (or until stopped)."""

    def __init__(self, *, headers_too: bool) -> None:
        self.headers_too = headers_too
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        head = b"HTTP/1.0 200 OK\r\nContent-Length: 100000\r\n\r\n"
        with conn:
            try:
                conn.recv(65536)
                if not self.headers_too:
                    conn.sendall(head)
                    head = b""
                for byte in head + b"x" * 100000:
                    if self.stop.is_set():
                        return
                    conn.sendall(bytes([byte]) if isinstance(byte, int) else byte)
                    time.sleep(0.05)
            except OSError:
                return

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


@pytest.fixture(params=[False, True], ids=["body-drip", "header-drip"])
def dripper(request):
    server = Dripper(headers_too=request.param)
    yield server
    server.close()


def test_a_dripping_server_is_cut_off_by_the_fetch_deadline(tmp_path, dripper, monkeypatch):
    monkeypatch.setattr(remote, "FETCH_DEADLINE", 0.5)
    url = f"http://127.0.0.1:{dripper.port}/x.yaml"
    (tmp_path / "api.yaml").write_text(
        HEAD + f"paths:\n  /a:\n    get:\n      responses:\n        '200': {{$ref: '{url}'}}\n"
    )
    # The deadline, or on a loaded machine the per-read timeout it also caps: either way, cut.
    with pytest.raises(RefError, match=r"(no complete answer within 0\.5 s|timed out)$"):
        apidiff.load(tmp_path / "api.yaml", LoadOptions(allow_remote_refs=True))


def test_the_run_deadline_is_shared_by_every_fetch(tmp_path, dripper, monkeypatch):
    # Each fetch alone is within its own deadline, but together they are not.
    monkeypatch.setattr(remote, "FETCH_DEADLINE", 0.4)
    monkeypatch.setattr(remote, "RUN_DEADLINE", 0.0)
    url = f"http://127.0.0.1:{dripper.port}/x.yaml"
    (tmp_path / "api.yaml").write_text(
        HEAD + f"paths:\n  /a:\n    get:\n      responses:\n        '200': {{$ref: '{url}'}}\n"
    )
    with pytest.raises(RefError, match="remote \\$refs took 0 s in all"):
        apidiff.load(tmp_path / "api.yaml", LoadOptions(allow_remote_refs=True))


def test_a_deadline_already_past_makes_no_connection():
    with pytest.raises(RefError, match="in all"):
        remote.fetch("http://127.0.0.1:9/x", max_bytes=10, deadline=time.monotonic() - 1)
