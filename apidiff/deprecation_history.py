"""When was it deprecated? Asked of git history when the contract does not say.

The deprecation policy's ``min-days`` needs a date. ``x-deprecated-since`` gives it; when it
is absent and OLD is a file in a git repository (a working copy or ``REV:path``), the date is
that of the oldest commit of the latest unbroken run of commits in which the removed node was
deprecated: the commit that deprecated it. The run is found by bisection over the file's
history (O(log n) versions parsed, each at most once), on the assumption that a deprecation,
once made, was not withdrawn and made again; a withdrawn one gives a later, safer date.

Only OpenAPI and Swagger documents (a JSON pointer names the node in every version). GraphQL
SDL keeps no pointer, and ``@deprecated`` has no date: such removals stay breaking unless
``x-sunset``-style information comes from elsewhere.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import git
from .canonical import canonical
from .errors import ApidiffError
from .formats.yamljson import ABSENT, document_of, member, parse, split_pointer
from .judge import may_soften
from .model import Contract, Location
from .result import Finding

__all__ = ["from_history"]

_REF_HOPS = 16


def from_history(
    findings: list[Finding], old: Contract, *, today: _dt.date, max_bytes: int
) -> list[Finding]:
    """``findings`` with ``deprecated_since`` filled from git where a policy needs it."""
    wanted = [i for i, f in enumerate(findings) if _needs_date(f)]
    if not wanted:
        return findings
    history = _History.of(old.source, max_bytes)
    if history is None:
        return findings
    out = list(findings)
    for index in wanted:
        finding = out[index]
        steps = _steps(finding.location)
        if steps is None:
            continue
        found = history.deprecated_since(steps, today)
        if found is None:
            continue
        date, commit = found
        where = f"commit {commit[:12]}" if commit else "not yet committed"
        info = {**finding.info, "deprecated_since": date.isoformat(), "deprecated_by": where}
        out[index] = replace(finding, info=info)
    return out


def _needs_date(finding: Finding) -> bool:
    return (
        may_soften(finding)
        and not finding.info.get("deprecated_since")
        and finding.location is not None
    )


# A way to the node that survives edits around it: keys, and list items named by what they
# are (a parameter by name and place, a $ref by its target) rather than by their index.
Step = tuple[str, Any]


def _steps(loc: Location | None) -> list[Step] | None:
    doc = document_of(loc)
    data = doc.data if doc is not None else None
    if data is None or not loc.pointer.startswith("/"):
        return None
    steps: list[Step] = []
    node: Any = data
    for token in split_pointer(loc.pointer):
        if isinstance(node, dict) and token in node:
            steps.append(("key", token))
            node = node[token]
        elif isinstance(node, list) and member(node, token, ABSENT) is not ABSENT:
            node = member(node, token)
            steps.append(("item", _identity(node)))
        else:
            return None
    return steps


def _identity(item: Any) -> Any:
    if isinstance(item, dict):
        if isinstance(item.get("$ref"), str):
            return ("$ref", item["$ref"])
        if "name" in item:
            return ("name", item.get("name"), item.get("in"))
    return ("value", canonical(item))  # exact and bounded, even for an aliased bomb


def _deprecated(data: Any, steps: list[Step]) -> bool:
    node = data
    for kind, value in steps:
        node = _deref(data, node)
        if kind == "key":
            if not isinstance(node, dict) or value not in node:
                return False
            node = node[value]
        else:
            if not isinstance(node, list):
                return False
            node = next((x for x in node if _identity(x) == value), None)
            if node is None:
                return False
    node = _deref(data, node)
    return isinstance(node, dict) and node.get("deprecated") is True


def _deref(data: Any, node: Any) -> Any:
    """Follow local ``$ref``s (the flag may sit on the component a use site names)."""
    for _ in range(_REF_HOPS):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        ref = node["$ref"]
        if not ref.startswith("#/"):
            return node  # another file: not followed here
        target: Any = data
        for token in split_pointer(ref[1:]):
            target = member(target, token, ABSENT)
            if target is ABSENT:
                return node
        node = target
    return node


class _History:
    """The commits that changed one file, newest first, and its text at each of them."""

    def __init__(self, root: Path, path: str, start: str, working: Any, max_bytes: int) -> None:
        self.root, self.path, self.max_bytes = root, path, max_bytes
        self.working = working  # the parsed OLD on disk when it is a working copy, else None
        out = git.run_git(["log", "--format=%H %cs", start, "--", path], root)
        self.commits = [tuple(line.split(" ", 1)) for line in out.splitlines() if " " in line]
        self._data: dict[str, Any] = {}

    @classmethod
    def of(cls, name: str, max_bytes: int) -> _History | None:
        try:
            if git.is_revision_path(name):
                tree, path = git.split(name)
                return cls(tree.root, path, tree.commit, None, max_bytes)
            file = Path(name)
            if name == "-" or not file.is_file():
                return None
            root = git.repo_root(file.resolve().parent)
            path = git.relative_to_repo(file, root)
            return cls(root, path, "HEAD", True, max_bytes)
        except ApidiffError:
            return None  # not in a repository, no commits yet: no date from history

    def data(self, commit: str) -> Any:
        if commit not in self._data:
            try:
                tree = git.GitTree(root=self.root, rev=commit[:12], commit=commit)
                text = tree.read(self.path, self.max_bytes).decode("utf-8", "replace")
                self._data[commit] = parse(tree.name(self.path), text).data
            except ApidiffError:
                self._data[commit] = None  # unreadable then: not deprecated there
        return self._data[commit]

    def deprecated_since(self, steps: list[Step], today: _dt.date) -> tuple[_dt.date, str] | None:
        """The date and commit that deprecated the node (today, '' if not yet committed)."""
        commits = self.commits
        if not commits or not _deprecated(self.data(commits[0][0]), steps):
            return (today, "") if self.working else None
        # Invariant: commits[lo] is deprecated; commits[hi] is not (or past the oldest).
        lo, hi = 0, len(commits)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if _deprecated(self.data(commits[mid][0]), steps):
                lo = mid
            else:
                hi = mid
        commit, date = commits[lo]
        try:
            return _dt.date.fromisoformat(date), commit
        except ValueError:
            return None
