"""Writes: ``-o``, ``changelog --update`` and ``baseline -o`` write into devices and FIFOs, as
a shell redirection would, and through a symbolic link only when it stays inside its own
folder (a pull request can commit ``CHANGELOG.md -> /etc/passwd``); only regular files are
replaced atomically; modes follow the umask for new files and are kept for existing ones.
Never ``/dev/null`` itself, nor anything outside a temporary folder: a device node made under
one stands in for it, and the "outside" a link points to is another temporary folder."""

from __future__ import annotations

import os
import re
import stat
import threading

import pytest
from click.testing import CliRunner

from apidiff.cli import cli
from apidiff.errors import InputError
from apidiff.writes import check_output, write_output

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
    import secrets

    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    monkeypatch.setattr(secrets, "token_hex", lambda _n: "guessed")
    (tmp_path / ".out.json.guessed.tmp").symlink_to(victim)
    with pytest.raises(Exception, match="cannot write"):
        write_output(tmp_path / "out.json", "{}\n")
    assert victim.read_text() == "precious\n"


# Symbolic links a pull request can plant ---------------------------------------------------------
# ``tree`` is the checkout; ``outside`` another temporary folder standing in for /etc or /root.
REFUSED = "outside its folder; name the target itself if that is meant"


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "repo" / "docs").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "passwd").write_text("root:x:0:0\n")
    return tmp_path / "repo"


def _files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _refused(result, shown, message):
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == [
        f"apidiff: error: {shown}: cannot write: {message}, {REFUSED}"
    ]


def test_a_link_to_a_file_outside_is_refused_and_the_file_untouched(tree):
    victim = tree.parent / "outside" / "passwd"
    link = tree / "report.md"
    link.symlink_to(victim)  # absolute, to a file that exists
    _refused(_report(tree, link), link, f"it is a symbolic link to {victim}")
    assert victim.read_text() == "root:x:0:0\n"
    assert link.is_symlink() and _files(tree) == ["c.yaml", "docs", "report.md"]  # no temp file


def test_a_dangling_link_outside_is_refused_and_nothing_created(tree):
    keys = tree.parent / "outside" / ".ssh" / "authorized_keys"
    link = tree / "report.md"
    link.symlink_to(keys)
    _refused(_report(tree, link), link, f"it is a symbolic link to {keys}")
    keys = tree.parent / "outside" / "authorized_keys"  # its folder exists: still refused
    link.unlink()
    link.symlink_to(keys)
    _refused(_report(tree, link), link, f"it is a symbolic link to {keys}")
    assert _files(tree.parent / "outside") == ["passwd"]


def test_a_folder_on_the_way_that_links_out_is_refused(tree):
    outside = tree.parent / "outside"
    (tree / "reports").symlink_to(outside)  # reports -> /etc, then -o reports/x.md
    target = tree / "reports" / "x.md"
    message = f"{tree / 'reports'}, on the way to it, is a symbolic link to {outside}"
    _refused(_report(tree, target), target, message)
    assert _files(outside) == ["passwd"]


def test_a_refusal_shows_a_hostile_target_on_one_line(tree):
    # A planted link's text is the attacker's: a line break or a byte that is not UTF-8 in it
    # is shown as an escape, on the one line of the error.
    outside = tree.parent / "outside"
    link = tree / "report.md"
    link.symlink_to(os.fsdecode(bytes(outside) + b"/x\n::error::y\xff"))
    _refused(_report(tree, link), link, f"it is a symbolic link to {outside}/x\\x0a::error::y\\xff")


def test_a_chain_that_leaves_the_folder_on_its_second_link_is_refused(tree):
    victim = tree.parent / "outside" / "passwd"
    (tree / "hop").symlink_to(victim)
    link = tree / "latest.json"
    link.symlink_to("hop")  # inside the folder; the link it names is not
    message = f"{tree / 'hop'}, on the way to it, is a symbolic link to {victim}"
    _refused(_report(tree, link), link, message)
    assert victim.read_text() == "root:x:0:0\n"


def test_a_relative_link_up_and_out_is_refused(tree):
    victim = tree.parent / "outside" / "passwd"
    link = tree / "docs" / "report.md"
    link.symlink_to("../../outside/passwd")
    _refused(_report(tree, link), link, f"it is a symbolic link to {victim}")
    (tree / "docs" / "up.md").symlink_to("../c.yaml")  # to its tree, but above its folder
    with pytest.raises(InputError, match=r"symbolic link to .*c\.yaml, outside its folder"):
        write_output(tree / "docs" / "up.md", "text\n")
    assert victim.read_text() == "root:x:0:0\n"


@pytest.mark.parametrize("absolute", [False, True])
def test_a_link_inside_its_folder_is_followed(tree, absolute):
    real = tree / "docs" / "CHANGELOG.md"
    real.write_text("old\n")
    link = tree / "CHANGELOG.md"
    link.symlink_to(real if absolute else "docs/../docs/./CHANGELOG.md")
    result = _report(tree, link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and real.read_text().startswith("{")
    assert _files(tree) == ["CHANGELOG.md", "c.yaml", "docs", "docs/CHANGELOG.md"]


def test_changelog_update_refuses_a_link_out_before_reading_it(tree):
    victim = tree.parent / "outside" / "passwd"
    victim.write_bytes(b"\xff not UTF-8: reading it first would fail on that\n")
    link = tree / "CHANGELOG.md"
    link.symlink_to(victim)
    path = contract(tree, "c.yaml", PETS)
    result = CliRunner().invoke(cli, ["changelog", path, path, "--update", str(link)])
    _refused(result, link, f"it is a symbolic link to {victim}")
    assert victim.read_bytes().startswith(b"\xff not UTF-8")


def test_baseline_output_refuses_a_link_out(tree):
    victim = tree.parent / "outside" / "passwd"
    link = tree / "apidiff-ignore.toml"
    link.symlink_to(victim)
    path = contract(tree, "c.yaml", PETS)
    result = CliRunner().invoke(cli, ["baseline", path, path, "-o", str(link)])
    _refused(result, link, f"it is a symbolic link to {victim}")
    assert victim.read_text() == "root:x:0:0\n"


@pytest.mark.parametrize(
    "planted", ["dev/stdout", "dev/fd/1", "proc/1/fd/1", "proc/self/fd/1", "tmp/x"]
)
def test_a_folder_named_like_the_systems_is_not_exempt(tree, planted):
    # The exemption goes by the folder's real path: /tmp/.../dev is not /dev.
    victim = tree.parent / "outside" / "passwd"
    link = tree / planted
    link.parent.mkdir(parents=True)
    link.symlink_to(victim)
    with pytest.raises(InputError, match=re.escape(f"it is a symbolic link to {victim}, outside")):
        write_output(link, "text\n")
    assert victim.read_text() == "root:x:0:0\n"


def test_a_link_loop_is_an_input_error(tree):
    (tree / "a").symlink_to("b")
    (tree / "b").symlink_to("a")
    with pytest.raises(InputError, match="cannot write: Too many levels of symbolic links"):
        write_output(tree / "a", "text\n")


def test_a_link_in_the_root_folder_is_followed():
    # macOS's /tmp -> private/tmp, a merged /usr's /bin -> usr/bin: whatever a link in / names
    # is inside /, so the rule allows it with no exemption. Only checked, never written.
    links = sorted(p for p in os.listdir("/") if os.path.islink(os.path.join("/", p)))
    if not links:
        pytest.skip("no symbolic link in / here")
    check_output(os.path.join("/", links[0], "apidiff-never-written.json"))


@pytest.mark.parametrize(("name", "fd"), [("/dev/stdout", 1), ("/dev/stderr", 2)])
def test_dev_stdout_is_written_into_when_it_is_a_pipe(name, fd):
    # /dev/stdout -> /proc/self/fd/1 -> 'pipe:[1234]': a link of the system's, to no path.
    if not os.path.exists(name):
        pytest.skip(f"no {name} here")
    read, write = os.pipe()
    saved = os.dup(fd)
    try:
        os.dup2(write, fd)
        write_output(name, "report\n")
    finally:
        os.dup2(saved, fd)
        os.close(saved)
        os.close(write)
    with os.fdopen(read, "rb") as handle:
        assert handle.read() == b"report\n"


def test_a_descriptor_is_written_into_a_pipe_or_a_deleted_file(tmp_path):
    if not os.path.isdir("/dev/fd"):
        pytest.skip("no /dev/fd here")
    read, write = os.pipe()
    try:
        write_output(f"/dev/fd/{write}", "report\n")
    finally:
        os.close(write)
    with os.fdopen(read, "rb") as handle:
        assert handle.read() == b"report\n"
    with open(tmp_path / "gone", "w+b") as handle:  # its link reads '.../gone (deleted)'
        handle.write(b"an older, longer text\n")
        handle.flush()
        os.unlink(tmp_path / "gone")
        write_output(f"/dev/fd/{handle.fileno()}", "report\n")
        handle.seek(0)  # written through the descriptor, at its offset
        assert handle.read() == b"an older, longer text\nreport\n"
    assert list(tmp_path.iterdir()) == []  # no file named 'gone (deleted)'


@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])
def test_stdout_appending_to_a_file_keeps_what_it_held(tmp_path, name):
    # `apidiff ... -o /dev/stdout >> "$GITHUB_STEP_SUMMARY"`: the report is added to the file,
    # which is neither replaced (a new file, the old one's text gone, and what the shell
    # writes next going to the old one) nor truncated.
    if not os.path.exists(name):
        pytest.skip(f"no {name} here")
    log = tmp_path / "summary.md"
    log.write_bytes(b"# earlier step\n")
    saved = os.dup(1)
    try:
        with open(log, "ab") as handle:
            os.dup2(handle.fileno(), 1)
            write_output(name, "report\n")
            os.write(1, b"next step\n")
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    assert log.read_bytes() == b"# earlier step\nreport\nnext step\n"
