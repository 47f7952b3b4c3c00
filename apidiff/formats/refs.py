"""Safe ``$ref`` resolution: local pointers always, files only inside the contract's folder.

A reference is followed only where the format allows one (schemas, parameters, responses,
...); the loaders never walk example or extension values looking for ``$ref``, so a ``$ref``
key in an example stays data. Chains of references are followed a bounded number of hops and
a cycle of pure references is an error, never a hang.
"""

from __future__ import annotations

import posixpath
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin

from ..errors import InputError, LimitError, RefError
from ..sources import DEFAULT_MAX_BYTES, Source, read
from .cache import note_read
from .yamljson import (
    ABSENT,
    DEFAULT_MAX_NODES,
    MAX_FLOW_DEPTH,
    Document,
    member,
    parse,
    split_pointer,
)

if TYPE_CHECKING:
    from .options import LoadOptions

__all__ = ["DEFAULT_MAX_REF_HOPS", "Resolved", "Resolver"]

DEFAULT_MAX_REF_HOPS = 64


class Resolved:
    """A followed reference: the document and pointer of its target, and the value."""

    __slots__ = ("doc", "pointer", "value")

    def __init__(self, doc: Document, pointer: str, value: Any) -> None:
        self.doc = doc
        self.pointer = pointer
        self.value = value


class Resolver:
    """Follows ``$ref`` strings from a root document, confined to ``root`` on disk."""

    def __init__(
        self,
        root_doc: Document,
        root_dir: Path | None,
        root_path: Path | None,
        *,
        max_hops: int = DEFAULT_MAX_REF_HOPS,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_depth: int = MAX_FLOW_DEPTH,
        max_nodes: int = DEFAULT_MAX_NODES,
        allow_remote: bool = False,
        tree: Any = None,
        tree_path: str | None = None,
        tree_root: str | None = None,
        widened: bool = False,
    ) -> None:
        self.root_doc = root_doc
        self.widened = widened  # the root is --ref-root's, not the contract's folder
        # A contract read from a git revision: files come from that revision's tree.
        self.tree = tree
        self.tree_root = tree_root
        self._tree_paths: dict[int, str] = {id(root_doc): tree_path} if tree_path else {}
        self.root_dir = root_dir.resolve() if root_dir else None
        self.max_hops = max_hops
        self.max_bytes = max_bytes
        self.limits = {"max_depth": max_depth, "max_nodes": max_nodes}
        self.allow_remote = allow_remote
        self._urls: dict[int, str] = {}  # documents fetched from a URL -> that URL
        self._fetch_deadline: float | None = None  # set by the first fetch
        self._docs: dict[str, Document] = {}
        self._paths: dict[int, Path | None] = {
            id(root_doc): root_path.resolve() if root_path else None
        }
        self._positions: dict[int, Callable[[str], tuple[int, int] | None]] = {}
        # (document, $ref) -> what it resolved to: a contract names one component from
        # thousands of places, and the answer does not depend on where the $ref sits.
        self._resolved: dict[tuple[Document, str], Resolved] = {}

    def position_of(self, doc: Document) -> Callable[[str], tuple[int, int] | None]:
        """``doc.position``, one bound method per document for every ``Location`` made in
        it (a 10 MB contract has 200,000 of them; a bound method each was 13 MB)."""
        found = self._positions.get(id(doc))
        if found is None:
            found = self._positions[id(doc)] = doc.position
        return found

    def _reach(self) -> str:
        """Where file ``$ref``s may go, in a refusal's words."""
        if self.widened:
            return "the --ref-root folder"
        return "the contract's folder (--ref-root DIR widens it to a folder that holds it)"

    @property
    def documents(self) -> list[Document]:
        return [self.root_doc, *self._docs.values()]

    def error(self, doc: Document, pointer: str, message: str) -> RefError:
        return doc.error(pointer, message, RefError)

    def resolve(self, ref: Any, doc: Document, pointer: str) -> Resolved:
        """Follow ``ref`` (found at ``pointer`` in ``doc``) to a value that is not a ref."""
        if isinstance(ref, str):
            known = self._resolved.get((doc, ref))
            if known is not None:
                return known
            found = self._follow(ref, doc, pointer)
            self._resolved[(doc, ref)] = found
            return found
        return self._follow(ref, doc, pointer)

    def _follow(self, ref: Any, doc: Document, pointer: str) -> Resolved:
        seen: set[tuple[int, str]] = set()
        origin_doc, origin_pointer = doc, pointer
        for _ in range(self.max_hops):
            if not isinstance(ref, str):
                raise self.error(doc, pointer, "$ref must be a string")
            target_doc, target_pointer = self._locate(ref, doc, pointer)
            key = (id(target_doc), target_pointer)
            if key in seen:
                raise self.error(origin_doc, origin_pointer, f"$ref cycle through '{ref}'")
            seen.add(key)
            value = self._evaluate(target_doc, target_pointer, ref, doc, pointer)
            if isinstance(value, dict) and "$ref" in value:
                doc, pointer, ref = target_doc, target_pointer + "/$ref", value["$ref"]
                continue
            return Resolved(target_doc, target_pointer, value)
        raise LimitError(
            f"more than {self.max_hops} $ref hops from '{ref}'",
            file=origin_doc.name,
        )

    def _locate(self, ref: str, doc: Document, pointer: str) -> tuple[Document, str]:
        file_part, _, fragment = ref.partition("#")
        fragment = unquote(fragment)
        if fragment and not fragment.startswith("/"):
            raise self.error(doc, pointer, f"unsupported $ref '{ref}' (only JSON pointers)")
        if not file_part:
            return doc, fragment
        return self._load_file(file_part, doc, pointer, ref), fragment

    def _load_file(self, file_part: str, doc: Document, pointer: str, ref: str) -> Document:
        lowered = file_part.lower()
        base_url = self._urls.get(id(doc))
        if "://" in lowered or lowered.startswith("//") or base_url is not None:
            if not self.allow_remote:
                raise self.error(
                    doc,
                    pointer,
                    f"remote $ref '{ref}' is not followed (inputs are untrusted; "
                    "--allow-remote-refs fetches http and https)",
                )
            return self._load_url(urljoin(base_url or "", file_part), doc, pointer)
        if self.tree is not None:
            return self._load_tree_file(file_part, doc, pointer, ref)
        base = self._paths.get(id(doc))
        if base is None or self.root_dir is None:
            raise self.error(doc, pointer, f"cannot follow file $ref '{ref}' from standard input")
        if file_part.startswith("/") or (len(file_part) > 1 and file_part[1] == ":"):
            raise self.error(doc, pointer, f"absolute file $ref '{ref}' is not allowed")
        relative = unquote(file_part)
        if "\x00" in relative:
            raise self.error(doc, pointer, "file $ref with a NUL character")
        try:
            target = (base.parent / relative).resolve()
        except (OSError, ValueError, RuntimeError):  # over-long names, symlink loops
            raise self.error(doc, pointer, f"cannot follow file $ref '{ref}'") from None
        if not target.is_relative_to(self.root_dir):
            raise self.error(doc, pointer, f"$ref '{ref}' points outside {self._reach()}")
        cached = self._docs.get(str(target))
        if cached is not None:
            return cached
        if target == base:
            return doc
        try:  # the one read function checks the folder rule again, and that it is a regular file
            source = read(str(target), max_bytes=self.max_bytes, roots=(self.root_dir,))
        except RefError:
            raise
        except Exception as exc:  # missing file, too large, not text
            raise self.error(doc, pointer, f"cannot read $ref '{ref}': {_reason(exc)}") from None
        note_read("file", str(target), source.text)
        display = _display_name(target, self.root_dir, self.root_doc.name)
        loaded = parse(display, source.text, **self.limits)
        self._docs[str(target)] = loaded
        self._paths[id(loaded)] = target
        return loaded

    def _load_tree_file(self, file_part: str, doc: Document, pointer: str, ref: str) -> Document:
        """A relative file ``$ref`` inside a git revision: resolved lexically, confined to
        the contract's folder of that revision."""
        if file_part.startswith("/") or (len(file_part) > 1 and file_part[1] == ":"):
            raise self.error(doc, pointer, f"absolute file $ref '{ref}' is not allowed")
        relative = unquote(file_part)
        if "\x00" in relative:
            raise self.error(doc, pointer, "file $ref with a NUL character")
        base = self._tree_paths.get(id(doc), "")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(base), relative))
        root = self.tree_root or ""
        if (
            target.startswith("../")
            or target == ".."
            or (root and not (target + "/").startswith(root.rstrip("/") + "/"))
        ):
            raise self.error(doc, pointer, f"$ref '{ref}' points outside {self._reach()}")
        if target == base:
            return doc
        cached = self._docs.get("tree:" + target)
        if cached is not None:
            return cached
        from ..sources import revision_file

        try:
            source = revision_file(self.tree, target, self.max_bytes)
        except Exception as exc:  # missing at that revision, a link, too large, not text
            raise self.error(doc, pointer, f"cannot read $ref '{ref}': {_reason(exc)}") from None
        note_read("tree", target, source.text)
        loaded = parse(source.name, source.text, **self.limits)
        self._docs["tree:" + target] = loaded
        self._tree_paths[id(loaded)] = target
        return loaded

    def _load_url(self, url: str, doc: Document, pointer: str) -> Document:
        url = urldefrag(url).url
        cached = self._docs.get(url)
        if cached is not None:
            return cached
        from . import remote  # only with --allow-remote-refs: no HTTP stack otherwise

        if self._fetch_deadline is None:  # every fetch of this contract shares one budget
            self._fetch_deadline = time.monotonic() + remote.RUN_DEADLINE
        try:
            text = remote.fetch(url, max_bytes=self.max_bytes, deadline=self._fetch_deadline)
        except RefError as exc:
            raise self.error(doc, pointer, exc.message) from None
        note_read("url", url, None)
        loaded = parse(url, text, **self.limits)
        self._docs[url] = loaded
        self._urls[id(loaded)] = url
        return loaded

    def _evaluate(self, target: Document, pointer: str, ref: str, doc: Document, at: str) -> Any:
        value = target.data
        for token in split_pointer(pointer):
            value = member(value, token, ABSENT)
            if value is ABSENT:
                raise self.error(doc, at, f"unresolvable $ref '{ref}'")
        return value


def _reason(exc: Exception) -> str:
    message = getattr(exc, "message", None) or str(exc)
    return message.split(": ")[-1] if ": " in message else message


def _display_name(target: Path, root_dir: Path, root_name: str) -> str:
    """Name a referenced file the way the user named the root file (relative if it was)."""
    root_parent = Path(root_name).parent
    return str(root_parent / target.relative_to(root_dir))


def resolver_for(doc: Document, source: Source, options: LoadOptions) -> Resolver:
    """The resolver of one contract's ``$ref``s, with the run's limits and permissions."""
    root, tree_root = source.root, source.repo_root
    if options.ref_root is not None:
        if source.tree is not None:
            tree_root = _revision_ref_root(options.ref_root, source)
        elif source.path is not None:
            root = _disk_ref_root(options.ref_root, source)
    resolver = Resolver(
        doc,
        root,
        source.path,
        max_hops=options.max_ref_hops,
        max_bytes=options.max_bytes,
        max_depth=options.max_depth,
        max_nodes=options.max_nodes,
        allow_remote=options.allow_remote_refs,
        tree=source.tree,
        tree_path=source.repo_path,
        tree_root=tree_root,
        widened=options.ref_root is not None,
    )
    if source.url:  # a contract fetched from a URL: its relative $refs are URLs too
        resolver._urls[id(doc)] = source.url
    return resolver


_REF_ROOT = "--ref-root (the folder file $refs may reach)"


def _disk_ref_root(root: str, source: Source) -> Path:
    """``--ref-root`` for a contract on disk: a folder that holds the contract, inside the
    git repository around it when there is one (a bot's flag cannot open the machine)."""
    from ..sources import check_name, repository_around

    if not root:
        raise InputError(f"{_REF_ROOT} is empty: give a folder")
    check_name(root)
    assert source.path is not None
    try:
        folder = Path(root).resolve()
        contract = source.path.resolve()
    except (OSError, RuntimeError, ValueError):
        raise InputError(f"cannot resolve {_REF_ROOT}", file=root) from None
    if not folder.is_dir():
        raise InputError(f"no such folder, for {_REF_ROOT}", file=root)
    if not contract.is_relative_to(folder):
        raise InputError(f"does not hold the contract {source.name}, for {_REF_ROOT}", file=root)
    repository = repository_around(contract.parent)
    if repository is not None and not folder.is_relative_to(repository):
        raise InputError(
            f"leaves the repository ({repository}), for {_REF_ROOT}: give a folder inside it",
            file=root,
        )
    return folder


def _revision_ref_root(root: str, source: Source) -> str:
    """``--ref-root`` for a contract read from a git revision: the same folder of that
    revision (a path relative to the repository, or a folder of its work tree)."""
    from ..sources import revision_folder

    if not root:
        raise InputError(f"{_REF_ROOT} is empty: give a folder")
    normal = revision_folder(source.tree, root, _REF_ROOT, f", for {_REF_ROOT}")
    normal = "" if normal == "." else normal  # the whole revision
    path = source.repo_path or ""
    if normal and not (path + "/").startswith(normal + "/"):
        raise InputError(f"does not hold the contract {source.name}, for {_REF_ROOT}", file=root)
    return normal
