"""``apidiff history``: a contract's git history as changelog sections, newest first.

Each step compares two consecutive versions of the file (commits that changed it, or only
tagged releases). A version that cannot be read is reported in its section, not fatal: a
broken commit years ago must not hide the rest of the history.
"""

from __future__ import annotations

import gc
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import git
from .api import CompareOptions, compare, load_once
from .errors import ApidiffError, UsageError
from .model import Contract
from .report import indented
from .report.changelog import render as render_changelog
from .report.common import View, filtered
from .report.escape import markdown
from .report.json import document
from .result import Result
from .sources import folder_suffixes, read_tree

__all__ = ["Step", "Version", "render", "steps", "versions"]


@dataclass(frozen=True, slots=True)
class Version:
    rev: str  # a tag, or an abbreviated commit
    commit: str
    date: str  # committer date, YYYY-MM-DD
    subject: str
    tag: str | None = None  # a tag naming this commit, for the heading
    unreleased: bool = False  # HEAD past the newest release (with --tags)


@dataclass(frozen=True, slots=True)
class Step:
    old: Version
    new: Version
    result: Result | None
    error: str | None = None


def versions(path: str, *, since: str | None, tags: bool, root: Path) -> list[Version]:
    """Versions of ``path`` (repository-relative), oldest first, each a different blob."""
    git.commit_of("HEAD", root)  # a repository without commits says so, not `git log` failed
    if since is not None:
        git.commit_of(since, root)  # a clear message when it is missing
    if tags:
        out = git.run_git(
            [
                "for-each-ref",
                "--sort=creatordate",
                "--format=%(refname:short)%00%(objectname)%00%(objecttype)"
                "%00%(*objectname)%00%(*objecttype)",
                "refs/tags",
            ],
            root,
        )
        # Tags of commits HEAD descends from, in the order of that history (oldest first):
        # a tag on another branch is not a version of this one, and a release tagged late
        # (an annotated tag made today for last year's commit) keeps its place.
        order = {
            c: i
            for i, c in enumerate(
                reversed(_commits(path, since, root, all_commits=True, topo=True))
            )
        }
        candidates = []
        for line in out.splitlines():
            name, obj, kind, peeled, peeled_kind = line.split("\0")
            commit = peeled or obj
            if (peeled_kind or kind) == "commit" and commit in order:  # not a blob or tree
                candidates.append((name, commit))
        candidates.sort(key=lambda c: order[c[1]])  # stable: creation order on one commit
        head = git.commit_of("HEAD", root)
        if candidates and candidates[-1][1] != head:
            candidates.append(("HEAD", head))  # what changed since the newest release
    else:
        candidates = [(c[:12], c) for c in reversed(_commits(path, since, root))]
    tag_of = _tags(root)
    out_versions: list[Version] = []
    last_object: object = None
    for name, commit in candidates:
        tree = git.GitTree(root=root, rev=name, commit=commit)
        found = tree.entry(path)
        # A file, or a folder of GraphQL SDL files.
        if found is None or found[1] not in ("blob", "tree"):
            continue
        # A folder counts as changed only when its SDL files did (not a README beside them).
        key = found[2] if found[1] == "blob" else tree.fingerprint(path, folder_suffixes())
        if key == last_object:
            continue  # this version did not change the contract
        last_object = key
        date, subject = _describe(commit, root)
        unreleased = tags and name == "HEAD"
        tag = name if tags and not unreleased else tag_of.get(commit)
        out_versions.append(Version(name, commit, date, subject, tag, unreleased))
    return out_versions


def _tags(root: Path) -> dict[str, str]:
    """The first tag (by name) of each tagged commit: a version's heading names its release."""
    out = git.run_git(
        [
            "for-each-ref",
            "--sort=refname",
            "--format=%(objectname)%00%(*objectname)%00%(refname:short)",
            "refs/tags",
        ],
        root,
    )
    tags: dict[str, str] = {}
    for line in out.splitlines():
        obj, peeled, name = line.split("\0")
        tags.setdefault(peeled or obj, name)
    return tags


def _commits(
    path: str, since: str | None, root: Path, *, all_commits: bool = False, topo: bool = False
) -> list[str]:
    """Commits, newest first, from ``since`` (included) to HEAD that changed ``path`` (or
    all of them, with ``all_commits``); ``topo``: never a parent before its child."""
    args = ["log", "--format=%H", f"{since}..HEAD" if since is not None else "HEAD"]
    if topo:
        args.insert(1, "--topo-order")
    if not all_commits:
        args += ["--", path]
    commits = git.run_git(args, root).split()
    if since is not None:
        commits.append(git.commit_of(since, root))  # the starting point is the first version
    return commits


def _describe(commit: str, root: Path) -> tuple[str, str]:
    out = git.run_git(["log", "-1", "--format=%cs%x00%s", commit], root)
    date, _, subject = out.strip().partition("\0")
    return date, subject


def steps(
    path: str,
    *,
    since: str | None = None,
    tags: bool = False,
    options: CompareOptions | None = None,
    progress: Callable[[int, int, Version], None] | None = None,
    root: Path | None = None,
) -> list[Step]:
    """Each change of the contract, newest first."""
    root = root or git.repo_root()
    found = versions(path, since=since, tags=tags, root=root)
    if not found:
        if (root / path).exists():
            raise UsageError(f"{path}: no commit has it (is it committed?)")
        raise UsageError(f"{path}: no such file, and no commit has it")
    if len(found) < 2:
        raise UsageError(
            f"{path}: fewer than two versions in the git history"
            + (" among the tags" if tags else "")
            + (f" since {since}" if since else "")
        )
    pairs = list(itertools.pairwise(found))
    options = options or CompareOptions()
    max_bytes = options.load.max_bytes
    # Each version is loaded once, though it is in two steps: newest first, a step's OLD is
    # the next step's NEW. Only the version shared with the next step is kept.
    loaded: dict[str, Contract | ApidiffError] = {}
    contracts_loaded = 0

    def contract(version: Version) -> Contract:
        nonlocal contracts_loaded
        if version.commit not in loaded:
            try:
                # Read by commit, named by tag or short commit in the reports.
                sources = read_tree(git.GitTree(root, version.rev, version.commit), path, max_bytes)
                loaded[version.commit] = load_once(sources, options.load)
                contracts_loaded += 1
            except ApidiffError as exc:
                loaded[version.commit] = exc
        found = loaded[version.commit]
        if isinstance(found, ApidiffError):
            raise found
        return found

    out = []
    for index, (old, new) in enumerate(reversed(pairs), 1):
        if progress is not None:
            progress(index, len(pairs), new)
        try:
            # OLD's error first, as a comparison of the two would report it.
            old_contract = contract(old)
            # Detached: a step's findings must not keep both versions' parsed documents
            # alive (50 versions of a 4 MB contract held 2.2 GB).
            result = compare(old_contract, contract(new), options).detached()
            out.append(Step(old, new, result))
        except ApidiffError as exc:
            out.append(Step(old, new, None, exc.render()))
        dropped = [c for c in loaded if c != old.commit]
        for commit in dropped:
            del loaded[commit]
        if dropped:
            # A model is a graph of cycles (recursive schemas, shared nodes): only the cycle
            # collector frees it, and with millions of live objects its automatic full
            # passes come rarely, so each dropped version would stay until the end.
            gc.collect()
    if not contracts_loaded:  # no version read yet: is the file a contract at all?
        contract(found[-1])  # the newest version's error, when it is not
    return out


def render(found: list[Step], fmt: str, *, view: View | None = None) -> str:
    """The steps as a Markdown changelog or JSON; ``view`` filters each step's changes."""
    found = [
        Step(s.old, s.new, filtered(s.result, view), s.error) if s.result is not None else s
        for s in found
    ]
    if fmt == "json":
        items = []
        for step in found:
            item = {
                "from": {"rev": step.old.rev, "commit": step.old.commit, "date": step.old.date},
                "to": {
                    "rev": step.new.rev,
                    "commit": step.new.commit,
                    "date": step.new.date,
                    "subject": step.new.subject,
                },
            }
            if step.result is not None:
                report = document(step.result)
                item["summary"] = report["summary"]
                item["changes"] = report["changes"]
            else:
                item["error"] = step.error
            items.append(item)
        return indented.dumps({"steps": items}) + "\n"
    sections = ["# Changelog", ""]
    for step in found:
        title = _title(step.new)
        if step.result is None:
            sections += [f"## {title}", "", f"Could not be compared: {_error(step)}", ""]
            continue
        sections.append(render_changelog(step.result, heading=title).rstrip("\n"))
        sections.append("")
    return "\n".join(sections)


def _title(version: Version) -> str:
    """A section's heading: Unreleased; else the release's tag; else the commit's subject
    and abbreviated id; then the date."""
    if version.unreleased:
        return "Unreleased"
    date = markdown(version.date, inline=True)
    if version.tag:
        return f"{markdown(version.tag, inline=True)} - {date}"
    subject = markdown(" ".join(version.subject.split())[:100], inline=True)
    return f"{subject} ({_rev(version)}) - {date}" if subject else f"{_rev(version)} - {date}"


def _error(step: Step) -> str:
    """Why a step failed, escaped; the ``rev:path`` it names keeps our own commit id as is."""
    error = step.error or ""
    for version in (step.old, step.new):
        rev = _rev(version)
        if rev == version.rev and error.startswith(f"{rev}:"):
            return rev + markdown(error[len(rev) :], inline=True)
    return markdown(error, inline=True)


def _rev(version: Version) -> str:
    """A version's name in a heading: our own abbreviated commit id as it is (so that it
    links), a tag name escaped like any text from the repository."""
    if version.rev == version.commit[: len(version.rev)] and version.rev.isalnum():
        return version.rev
    return markdown(version.rev, inline=True)
