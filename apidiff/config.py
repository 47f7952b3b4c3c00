"""The project's settings: ``apidiff.toml`` or ``[tool.apidiff]`` in ``pyproject.toml``.

Found from the current folder upward (or given with ``--config``), validated against a JSON
Schema so a misspelt key is an error that names it, never silently ignored. Every setting has
a command-line flag, and a flag wins over the file.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import globs, registry
from .errors import InputError, UsageError
from .model import Stability
from .sources import read_file, repository_around

if TYPE_CHECKING:
    import tomllib

__all__ = [
    "CONFIG_FILES",
    "STABILITY_LEVELS",
    "Config",
    "ConfigError",
    "ContractEntry",
    "Ignore",
    "Policy",
    "find",
    "load",
    "parse",
    "project_root",
]

CONFIG_FILES = ("apidiff.toml", ".apidiff.toml", "pyproject.toml")
STABILITY_LEVELS = tuple(level.value for level in Stability)
SEVERITY_VALUES = ("breaking", "dangerous", "safe", "off")
FAIL_ON = ("breaking", "dangerous", "safe", "none")


class ConfigError(UsageError):
    """The configuration file is wrong: exit 2 with the file and the key."""


@dataclass(frozen=True, slots=True)
class Ignore:
    """Silences matching findings in the exit code; reports still list them, with the reason.

    ``rule``, ``operation`` and ``pointer`` are shell-style globs (``*``, ``?``, ``[...]``);
    an entry matches a finding when every glob it gives matches.
    """

    reason: str
    rule: str = "*"
    operation: str | None = None
    pointer: str | None = None
    expires: _dt.date | None = None
    origin: str = ""  # "apidiff.toml: ignore #2", for messages

    def expired(self, today: _dt.date) -> bool:
        return self.expires is not None and self.expires < today

    def describe(self) -> str:
        parts = [f"rule {self.rule!r}"]
        if self.operation:
            parts.append(f"operation {self.operation!r}")
        if self.pointer:
            parts.append(f"pointer {self.pointer!r}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Policy:
    """How findings are judged beyond the rule catalog's defaults."""

    severity: dict[str, str] = field(default_factory=dict)  # rule id (or glob) -> level|off
    # Where each ``severity`` key was given, for an error about it: ``FILE: severity`` or
    # ``--rule-severity``.
    severity_origins: dict[str, str] = field(default_factory=dict)
    ignores: tuple[Ignore, ...] = ()
    # Removing something deprecated is breaking unless one of these allows it.
    allow_removal_after_sunset: bool = False
    deprecation_days: int | None = None
    # ``min-days`` per x-stability-level (oasdiff's --deprecation-days-beta / -stable): a level
    # not named has no requirement; what has no level is stable. Empty: ``deprecation_days``.
    deprecation_days_by_level: dict[str, int] = field(default_factory=dict)
    allowed_removal_severity: str = "dangerous"
    # Operations and properties below this x-stability-level are exempt (draft < ... < stable).
    stability_threshold: str = "beta"
    include: tuple[str, ...] = ()  # path (or GraphQL coordinate) globs; empty = all
    exclude: tuple[str, ...] = ()
    strip_prefix: tuple[str, ...] = ()
    open_enums: tuple[str, ...] = ()  # schema names or Schema.property paths
    profile: str | None = None  # whose breakage counts (registry.Family.profiles)


@dataclass(frozen=True, slots=True)
class ContractEntry:
    """One contract of a monorepo, for ``apidiff check``."""

    name: str
    path: str
    format: str = "auto"  # auto, or a format's name in the registry
    operations: tuple[str, ...] = ()  # GraphQL client operations
    profile: str | None = None  # this contract's consumer profile, over the top-level one
    # Protobuf: extra import roots, relative to the configuration's folder (inside the
    # repository), added to --proto-path for this contract.
    proto_paths: tuple[str, ...] = ()
    # The folder its file $refs may reach, relative to the configuration's folder (inside
    # the repository); over --ref-root for this contract.
    ref_root: str | None = None


@dataclass(frozen=True, slots=True)
class Config:
    policy: Policy = field(default_factory=Policy)
    contracts: tuple[ContractEntry, ...] = ()
    fail_on: str | None = None
    format: str | None = None
    against: str | None = None
    path: Path | None = None  # the file it came from
    # What reports show (never what the exit code judges): a severity floor, doc-only edits.
    min_severity: str | None = None
    docs_changes: bool | None = None
    docs_url: str | None = None  # where the docs site is published (rule links), or {rule}
    cache_dir: bool | str | None = None  # `cache-dir`: true (the XDG cache folder) or a folder

    @property
    def base(self) -> Path:
        """The folder that contract paths are relative to."""
        return self.path.parent if self.path is not None else Path.cwd()


_GLOBS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_LEVEL = {"enum": list(STABILITY_LEVELS)}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "fail-on": {"enum": list(FAIL_ON)},
        "format": {"type": "string"},
        "min-severity": {"enum": ["breaking", "dangerous", "safe"]},
        "docs-changes": {"type": "boolean"},
        "docs-url": {"type": "string", "pattern": "^https?://"},
        "profile": {"$ref": "#/$defs/profile"},
        "against": {"type": "string", "minLength": 1},
        "cache-dir": {"type": ["boolean", "string"], "minLength": 1},
        "severity": {
            "type": "object",
            "additionalProperties": {"enum": list(SEVERITY_VALUES)},
        },
        "ignore": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["reason"],
                "properties": {
                    "rule": {"type": "string", "minLength": 1},
                    "operation": {"type": "string", "minLength": 1},
                    "pointer": {"type": "string", "minLength": 1},
                    "reason": {"type": "string", "minLength": 1, "pattern": r"\S"},
                    "expires": {},  # a TOML date, checked below
                },
            },
        },
        "ignore-files": _GLOBS,
        "deprecation": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "allow-removal-after-sunset": {"type": "boolean"},
                # One number, or one per stability level (each keyword below applies to
                # one of the two types only, so an error names what is wrong).
                "min-days": {
                    "type": ["integer", "object"],
                    "minimum": 0,
                    "additionalProperties": False,
                    "minProperties": 1,
                    "properties": {
                        level: {"type": "integer", "minimum": 0} for level in STABILITY_LEVELS
                    },
                },
                "removal-severity": {"enum": ["breaking", "dangerous", "safe"]},
            },
        },
        "stability": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"threshold": _LEVEL},
        },
        "include": _GLOBS,
        "exclude": _GLOBS,
        "strip-prefix": {
            "anyOf": [
                {"type": "string", "pattern": "^/"},
                {**_GLOBS, "items": {**_GLOBS["items"], "pattern": "^/"}},
            ]
        },
        "open-enums": _GLOBS,
        "contract": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["path"],
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "path": {"type": "string", "minLength": 1},
                    "format": {"$ref": "#/$defs/format"},
                    "operations": _GLOBS,
                    "profile": {"$ref": "#/$defs/profile"},
                    "proto-paths": _GLOBS,
                    "ref-root": {"type": "string", "minLength": 1},
                },
            },
        },
    },
}


def _with_formats(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with the formats registered now (a test may register one)."""
    names = ["auto", *(f.name for f in registry.FORMATS)]
    profiles = sorted({p.name for family in registry.FAMILIES.values() for p in family.profiles})
    return {**schema, "$defs": {"format": {"enum": names}, "profile": {"enum": profiles}}}


# The keys an ignore file (what ``apidiff baseline`` writes) may hold.
IGNORE_FILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"ignore": SCHEMA["properties"]["ignore"]},
}


def find(start: Path | None = None) -> Path | None:
    """The nearest ``apidiff.toml`` (or ``pyproject.toml`` with ``[tool.apidiff]``) upward."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if not path.is_file():
                continue
            if name != "pyproject.toml":
                return path
            try:
                text = read_file(path, roots=(project_root(candidate),)).decode("utf-8")
            except (InputError, UnicodeDecodeError):
                continue  # somebody else's unreadable pyproject is not ours to report
            import tomllib  # only where there is a file to read (1.5 ms of start-up otherwise)

            try:
                data = tomllib.loads(text)
            except (tomllib.TOMLDecodeError, ValueError):  # ValueError: a 4300+ digit integer
                if "[tool.apidiff" in text:
                    return path  # ours, and broken: loading it says where
                continue  # somebody else's broken pyproject is not ours to report
            if isinstance(data.get("tool"), dict) and "apidiff" in data["tool"]:
                return path
    return None


def load(path: Path | None = None, *, search: bool = True) -> Config:
    """Read ``path``, or the one ``find`` finds; no file at all is the empty config."""
    roots = None  # a file given with --config is read as given
    if path is None:
        path = find() if search else None
        if path is None:
            return Config()
        roots = (project_root(path.parent),)  # found, not named: it may not lead outside
    data = _read_toml(path, roots)
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        data = tool.get("apidiff", {}) if isinstance(tool, dict) else {}
        if not isinstance(data, dict):
            raise ConfigError("[tool.apidiff] must be a table", file=str(path))
    return parse(data, path)


def parse(data: dict, path: Path | None = None) -> Config:
    """A validated ``Config`` from the TOML table ``data``."""
    name = str(path) if path is not None else "<config>"
    _validate(data, _with_formats(SCHEMA), name)
    for pattern in data.get("severity") or {}:
        _check_glob(pattern, "severity", name)
    for key in ("include", "exclude"):
        for index, pattern in enumerate(data.get(key) or (), 1):
            _check_glob(pattern, f"{key}[{index}]", name)
    base = path.parent if path is not None else Path.cwd()
    ignores = list(_ignores(data.get("ignore") or [], name))
    for pattern in data.get("ignore-files") or []:
        # What a configuration names stays inside its project: an absolute or ``../`` path,
        # or a link out of it, is refused before anything of it is read.
        ignores.extend(load_ignore_file(base / pattern, roots=(project_root(base),)))
    deprecation = data.get("deprecation") or {}
    # ``min-days``: one number for every level, or a table by stability level
    min_days = deprecation.get("min-days")
    by_level = dict(min_days) if isinstance(min_days, dict) else {}
    strip = data.get("strip-prefix") or ()
    policy = Policy(
        severity=dict(data.get("severity") or {}),
        severity_origins=dict.fromkeys(data.get("severity") or {}, f"{name}: severity"),
        ignores=tuple(ignores),
        allow_removal_after_sunset=bool(deprecation.get("allow-removal-after-sunset", False)),
        deprecation_days=None if by_level else min_days,
        deprecation_days_by_level=by_level,
        allowed_removal_severity=deprecation.get("removal-severity", "dangerous"),
        stability_threshold=(data.get("stability") or {}).get("threshold", "beta"),
        include=tuple(data.get("include") or ()),
        exclude=tuple(data.get("exclude") or ()),
        strip_prefix=(strip,) if isinstance(strip, str) else tuple(strip),
        open_enums=tuple(data.get("open-enums") or ()),
        profile=data.get("profile"),
    )
    contracts = []
    seen: set[str] = set()
    for entry in data.get("contract") or []:
        entry_name = entry.get("name") or entry["path"]
        if entry_name in seen:
            raise ConfigError(f"two [[contract]] entries are named {entry_name!r}", file=name)
        seen.add(entry_name)
        contracts.append(
            ContractEntry(
                name=entry_name,
                path=entry["path"],
                format=entry.get("format", "auto"),
                operations=tuple(entry.get("operations") or ()),
                profile=entry.get("profile"),
                proto_paths=_proto_paths(entry.get("proto-paths") or (), path, name),
                ref_root=_ref_root(entry.get("ref-root"), path, name),
            )
        )
    return Config(
        policy=policy,
        contracts=tuple(contracts),
        fail_on=data.get("fail-on"),
        format=data.get("format"),
        against=data.get("against"),
        path=path,
        min_severity=data.get("min-severity"),
        docs_changes=data.get("docs-changes"),
        docs_url=data.get("docs-url"),
        cache_dir=data.get("cache-dir"),
    )


def _proto_paths(paths: Any, path: Path | None, name: str) -> tuple[str, ...]:
    """A contract's ``proto-paths``: relative folders that stay inside the repository around
    the configuration (checked again, links resolved, when the folders are read)."""
    for folder in paths:
        what = f"proto-paths entry {folder!r}"
        _in_repository(folder, path, name, what, "import roots are folders")
    return tuple(paths)


def _ref_root(folder: str | None, path: Path | None, name: str) -> str | None:
    """A contract's ``ref-root``: a relative folder inside the repository around the
    configuration (that it holds the contract is checked when the contract is loaded)."""
    if folder is not None:
        _in_repository(folder, path, name, f"ref-root {folder!r}", "it is a folder")
    return folder


def _in_repository(folder: str, path: Path | None, name: str, what: str, rule: str) -> None:
    """Refuse a configuration's ``folder`` that is absolute or leaves the repository."""
    base = path.parent if path is not None else Path.cwd()
    top = project_root(base)
    joined = Path(os.path.normpath(base.resolve() / folder))
    if Path(folder).is_absolute() or not joined.is_relative_to(top):
        raise ConfigError(
            f"{what} leaves the repository ({top}): {rule} inside it, relative to the "
            "configuration",
            file=name,
        )


def with_paths(config: Config, paths: list[str] | tuple[str, ...]) -> Config:
    """``config`` checking the contracts at ``paths`` (each named as given) instead of its
    ``[[contract]]`` entries; unchanged when no path is given."""
    if not paths:
        return config
    entries = tuple(ContractEntry(name=p, path=str(Path(p).resolve())) for p in paths)
    return replace(config, contracts=entries)


def project_root(folder: Path) -> Path:
    """The folder a configuration in ``folder`` may name files in: the top of its git
    repository (the nearest folder upward with a ``.git``), or ``folder`` itself outside one.
    Found without running git, so that reading a configuration needs no subprocess."""
    folder = folder.resolve()
    return repository_around(folder) or folder


def load_ignore_file(path: Path, *, roots: tuple[Path, ...] | None = None) -> list[Ignore]:
    """``[[ignore]]`` entries from a file of their own (the output of ``apidiff baseline``):
    one the user named (``--ignores``), or one a configuration names, inside ``roots``."""
    data = _read_toml(path, roots)
    _validate(data, IGNORE_FILE_SCHEMA, str(path))
    return list(_ignores(data.get("ignore") or [], str(path)))


def with_overrides(config: Config, **flags: Any) -> Config:
    """``config`` with every flag that was given (not None, not empty) winning."""
    policy_fields = {k: v for k, v in flags.items() if k in Policy.__slots__}
    top = {k: v for k, v in flags.items() if k not in policy_fields}
    policy_changes = {}
    for key, value in policy_fields.items():
        if value is None or value == () or value == {}:
            continue
        if key == "deprecation_days":  # the flag's one number replaces a table by level
            policy_changes["deprecation_days_by_level"] = {}
        if key == "severity":
            policy_changes["severity_origins"] = {
                **config.policy.severity_origins,
                **dict.fromkeys(value, "--rule-severity"),
            }
            value = {**config.policy.severity, **value}
        elif key == "ignores":
            value = (*config.policy.ignores, *value)
        policy_changes[key] = value
    top_changes = {k: v for k, v in top.items() if v is not None}
    return replace(config, policy=replace(config.policy, **policy_changes), **top_changes)


def _check_glob(pattern: str, where: str, name: str) -> None:
    """A glob of the configuration, checked when it is read: a bad one named with its file
    and key, not met (if ever) when a finding is first matched against it."""
    try:
        globs.check(pattern)
    except globs.GlobError as exc:
        raise ConfigError(f"{where}: {exc.message}", file=name) from None


def _ignores(entries: list[dict], origin: str):
    for index, entry in enumerate(entries, 1):
        for key in ("rule", "operation", "pointer"):
            if key in entry:
                _check_glob(entry[key], f"ignore #{index}: {key}", origin)
        expires = entry.get("expires")
        if expires is not None:
            expires = _date(expires, f"{origin}: ignore #{index}")
        if not any(key in entry for key in ("rule", "operation", "pointer")):
            raise ConfigError(
                f"ignore #{index} would silence every finding: give it a rule, an operation "
                'or a pointer (rule = "*" if that is really meant)',
                file=origin,
            )
        yield Ignore(
            reason=entry["reason"].strip(),
            rule=entry.get("rule", "*"),
            operation=entry.get("operation"),
            pointer=entry.get("pointer"),
            expires=expires,
            origin=f"{origin}: ignore #{index}",
        )


def _date(value: Any, where: str) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(f"{where}: 'expires' must be a date like 2027-01-31")


def _read_toml(path: Path, roots: tuple[Path, ...] | None = None) -> dict:
    try:
        text = read_file(path, roots=roots).decode("utf-8")
    except InputError as exc:  # refused or unreadable: the reason, never the content
        raise ConfigError(exc.message, file=exc.file, line=exc.line, column=exc.column) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"cannot read: {exc}", file=str(path)) from None
    import tomllib

    try:
        data = tomllib.loads(text)
        if _has_huge_int(data):  # 0x + 4000 hex digits parses, but no message can print it
            raise ValueError
        return data
    except tomllib.TOMLDecodeError as exc:
        message, line, column = _toml_error(exc, text)
        raise ConfigError(
            f"not valid TOML: {message}", file=str(path), line=line, column=column
        ) from None
    except ValueError:  # an integer past Python's 4300 digits: int() refuses it
        long_number = _LONG_NUMBER.search(text)
        line = text.count("\n", 0, long_number.start()) + 1 if long_number else None
        raise ConfigError(
            "not valid TOML: a number with more than 4300 digits", file=str(path), line=line
        ) from None


_LONG_NUMBER = re.compile(r"[0-9a-fA-F_]{3500,}")


def _has_huge_int(value: Any) -> bool:
    """An integer with more decimal digits than ``str()`` writes (4300)."""
    if isinstance(value, dict):
        return any(_has_huge_int(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_huge_int(v) for v in value)
    return isinstance(value, int) and value.bit_length() > 14_000


_TOML_POSITION = re.compile(r" \(at (?:line (\d+), column (\d+)|end of document)\)$")


def _toml_error(exc: tomllib.TOMLDecodeError, text: str) -> tuple[str, int | None, int | None]:
    """The message without its position, and the line and column (1-based).

    Python 3.14's ``tomllib`` sets ``lineno``/``colno``; before that the position is only
    in the message, as ``(at line L, column C)`` or ``(at end of document)``.
    """
    message = str(exc)
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    match = _TOML_POSITION.search(message)
    if match is not None:
        message = message[: match.start()]
        if line is None and match.group(1) is not None:
            line, column = int(match.group(1)), int(match.group(2))
        elif line is None:  # at the end of the document: just past its last character
            lines = text.split("\n")
            line, column = len(lines), len(lines[-1]) + 1
    return message, line, column


def _did_you_mean(key: object, known: list[str]) -> str:
    """`` (did you mean 'fail-on'?)`` for a near miss (``fail_on``, ``failon``), else ''."""
    import difflib

    if not isinstance(key, str) or len(key) > 200:
        return ""
    spelled = key.replace("_", "-").lower()
    if spelled in known:
        return f" (did you mean {spelled!r}?)"
    close = difflib.get_close_matches(spelled, known, n=1, cutoff=0.7)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _validate(data: dict, schema: dict, name: str) -> None:
    import jsonschema  # a tenth of a second to import: only when there is a file to check

    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: (list(e.absolute_path), e.message))
    if not errors:
        return
    error = errors[0]
    where = _key_path(error.absolute_path)
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        if extra:
            key = ".".join([*where.split("."), extra[0]]) if where else extra[0]
            known = list(error.schema.get("properties", {}))
            raise ConfigError(f"unknown key {key!r}{_did_you_mean(extra[0], known)}", file=name)
    if error.validator == "required":
        raise ConfigError(f"{where or 'the table'}: {error.message}", file=name)
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        raise ConfigError(f"{where}: {error.instance!r} is not one of {allowed}", file=name)
    raise ConfigError(f"{where or 'the file'}: {error.message}", file=name)


def _key_path(path) -> str:
    parts = []
    for part in path:
        if isinstance(part, int):
            parts[-1] = f"{parts[-1]}[{part + 1}]" if parts else f"[{part + 1}]"
        else:
            parts.append(str(part))
    return ".".join(parts)
