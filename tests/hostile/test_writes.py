"""Writes: ``-o`` and ``changelog --update`` write into devices, FIFOs and through symlinks, as
a shell redirection would; only regular files are replaced atomically; modes follow the
umask for new files and are kept for existing ones. Never ``/dev/null`` itself: a device node
made under a temporary folder stands in for it."""

from __future__ import annotations

import os
import stat
import threading

import pytest
from click.testing import CliRunner

from apidiff.cli import cli
from apidiff.writes import write_output

from .test_attacks import HEAD, contract

PETS = HEAD + "paths:\n  /pets:\n    get:\n      responses:\n        '200': {description: ok}\n"


def _report(tmp_path, target, *extra):
    path = contract(tmp_path, "c.yaml", PETS)
    return CliRunner().invoke(cli, ["diff", path, path, "-f", "json", "-o", str(target), *extra])


@pytest.fixture
def umask():
    def set_to(value: int) -> None:
        os.umask(value)

    saved = os.umask(0o022)
    os.umask(saved)
    yield set_to
    os.umask(saved)


def test_a_device_is_written_into_not_replaced(tmp_path):
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the null device's numbers
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    result = _report(tmp_path, device)
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat(device).st_mode)  # still the device, not a regular file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.yaml", "null"]  # no temp file


def test_a_fifo_is_written_into(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = _report(tmp_path, fifo)
    reader.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received and received[0].startswith(b"{")


def test_a_symlink_is_written_through(tmp_path):
    real = tmp_path / "reports" / "report.json"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    result = _report(tmp_path, link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text().startswith("{")


def test_a_chain_of_symlinks_and_a_dangling_one(tmp_path):
    real = tmp_path / "out.md"
    hop = tmp_path / "hop"
    hop.symlink_to(real)  # dangling: the target does not exist yet, as `> link` creates it
    link = tmp_path / "link"
    link.symlink_to(hop)
    write_output(link, "text\n")
    assert link.is_symlink() and hop.is_symlink()
    assert real.read_text() == "text\n"


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_get_the_umask_permissions(tmp_path, umask, mask, mode):
    umask(mask)
    target = tmp_path / "new.json"
    write_output(target, "{}\n")
    assert stat.S_IMODE(os.stat(target).st_mode) == mode


def test_an_existing_file_keeps_its_mode(tmp_path, umask):
    umask(0o077)
    target = tmp_path / "CHANGELOG.md"
    target.write_text("# Changelog\n")
    os.chmod(target, 0o640)
    path = contract(tmp_path, "c.yaml", PETS)
    result = CliRunner().invoke(
        cli, ["changelog", path, path, "--update", str(target), "--version", "1.0.1"]
    )
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert "1.0.1" in target.read_text()


def test_a_regular_file_is_still_replaced_atomically(tmp_path, monkeypatch):
    import apidiff.writes as writes

    target = tmp_path / "report.json"
    target.write_text("keep\n")

    def fail(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writes.os, "replace", fail)
    result = _report(tmp_path, target)
    assert result.exit_code == 2
    assert "cannot write: No space left on device" in result.output
    assert target.read_text() == "keep\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.yaml", "report.json"]


def test_a_directory_or_a_missing_folder_is_an_input_error(tmp_path):
    assert _report(tmp_path, tmp_path).exit_code == 2  # click refuses a folder for -o
    with pytest.raises(Exception, match="cannot write: is a directory"):
        write_output(tmp_path, "{}\n")
    result = _report(tmp_path, tmp_path / "no" / "such" / "report.json")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"apidiff: error: {tmp_path / 'no' / 'such' / 'report.json'}: cannot write: "
        "No such file or directory"
    ]


def test_a_planted_temporary_name_is_never_followed(tmp_path, monkeypatch):
    # The temporary file is created with O_EXCL: a symlink planted under its name (guessing
    # the random part) makes the write fail instead of writing through it.
    import apidiff.writes as writes

    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    monkeypatch.setattr(writes.secrets, "token_hex", lambda _n: "guessed")
    (tmp_path / ".out.json.guessed.tmp").symlink_to(victim)
    with pytest.raises(Exception, match="cannot write"):
        write_output(tmp_path / "out.json", "{}\n")
    assert victim.read_text() == "precious\n"
