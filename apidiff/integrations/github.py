"""The GitHub side of the PR bot: one comment per pull request, kept up to date, and the
Actions files (step summary, outputs) a workflow reads afterwards.

The bot finds its earlier comment by a marker line and edits it in place, so a pull request
never collects a pile of stale reports. Only ``urllib`` is used: the action installs nothing
beyond apidiff itself. The token is sent to the configured API host only (redirects are
refused, because urllib would forward the ``Authorization`` header to wherever they point)
and never appears in an error message.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..report.escape import markdown_code

__all__ = [
    "DEFAULT_API_URL",
    "Decision",
    "EventContext",
    "GitHub",
    "GitHubError",
    "decide",
    "event_context",
    "set_outputs",
    "write_step_summary",
]

DEFAULT_API_URL = "https://api.github.com"
APPROVAL_LABEL = "breaking-change-approved"
PR_EVENTS = frozenset({"pull_request", "pull_request_target"})

_PER_PAGE = 100
_MAX_PAGES = 1000  # 100,000 comments: a server that never sends an empty page cannot loop us
_MAX_BODY = 32 * 1024 * 1024  # a full page of 65 kB comments is 6.5 MB
_MAX_MESSAGE = 300
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_OUTPUT_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_DELIMITER = "APIDIFF_EOF"


class GitHubError(Exception):
    """A GitHub API or Actions-environment failure, as one line safe to print in a log."""

    def __init__(self, message: str) -> None:
        self.message = " ".join(str(message).split())
        super().__init__(self.message)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: following one would send the token to a host nobody configured."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[override]
        return None  # urllib then raises the 3xx as an HTTPError


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_api_url(api_url: str) -> tuple[str, bool]:
    """The URL without a trailing slash, and whether it is loopback (tests)."""
    try:
        parts = urllib.parse.urlsplit(api_url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise GitHubError(f"GitHub API URL is malformed: {api_url!r}") from None
    if not host or parts.username or parts.password or parts.query or parts.fragment:
        raise GitHubError(f"GitHub API URL must be a plain https URL, not {api_url!r}")
    loopback = _is_loopback(host)
    if parts.scheme == "https" or (parts.scheme == "http" and loopback):
        return api_url.rstrip("/"), loopback
    raise GitHubError(f"GitHub API URL must use https (http only on loopback), not {api_url!r}")


def _number(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise GitHubError(f"{what} must be a positive integer, not {value!r}")
    return value


class GitHub:
    """A minimal GitHub REST client for the one comment the bot owns on a pull request."""

    def __init__(
        self,
        token: str,
        repository: str,
        api_url: str = DEFAULT_API_URL,
        timeout: float = 10.0,
    ) -> None:
        if not isinstance(token, str) or not token.strip():
            raise GitHubError("GitHub token is empty")
        if any(c in token for c in "\r\n\0") or token != token.strip():
            # http.client would reject it with the value in the message: say it here instead
            raise GitHubError("GitHub token contains whitespace or control characters")
        if (
            not isinstance(repository, str)
            or not _REPOSITORY.fullmatch(repository)
            or any(part in {".", ".."} for part in repository.split("/"))
        ):
            raise GitHubError(f"repository must be 'owner/name', not {repository!r}")
        if not timeout > 0:
            raise GitHubError(f"timeout must be positive, not {timeout!r}")
        self.repository = repository
        self.api_url, loopback = _check_api_url(api_url)
        self.timeout = float(timeout)
        self._token = token
        # Loopback is only for tests: never route it through a proxy from the environment.
        proxies = urllib.request.ProxyHandler({} if loopback else None)
        self._opener = urllib.request.build_opener(proxies, _NoRedirects)

    def __repr__(self) -> str:
        return f"GitHub(repository={self.repository!r}, api_url={self.api_url!r})"

    # -- the API calls ------------------------------------------------------------------------
    def find_comment(self, pr: int, marker: str, author: str | None = None) -> int | None:
        """The id of the first comment on ``pr`` containing ``marker``, or None.

        With ``author``, only that user's comments count: anybody can paste the marker into
        a comment, and the bot must not rewrite (and so speak through) a stranger's comment.
        """
        pr = _number(pr, "pull request number")
        if not marker:
            raise ValueError("marker must not be empty")
        for comment in self._pages(f"/repos/{self.repository}/issues/{pr}/comments", "comments"):
            if not isinstance(comment, dict):
                continue
            body = comment.get("body")
            user = comment.get("user")
            login = user.get("login") if isinstance(user, dict) else None
            if author is not None and login != author:
                continue
            if isinstance(body, str) and marker in body:
                return _number(comment.get("id"), "comment id")
        return None

    def upsert_comment(
        self, pr: int, body: str, marker: str, author: str | None = None
    ) -> tuple[str, int]:
        """Edit the marked comment, or create it: ``("updated" | "created", comment id)``."""
        if not marker or marker not in body:
            # Without the marker the next run could not find this comment and would post anew.
            raise ValueError("the comment body must contain the marker")
        existing = self.find_comment(pr, marker, author)
        if existing is not None:
            path = f"/repos/{self.repository}/issues/comments/{existing}"
            self._request("PATCH", path, {"body": body})
            return "updated", existing
        path = f"/repos/{self.repository}/issues/{pr}/comments"
        created = self._request("POST", path, {"body": body})
        comment_id = created.get("id") if isinstance(created, dict) else None
        return "created", _number(comment_id, "created comment id")

    def delete_comment(self, comment_id: int) -> None:
        """Remove a comment, e.g. the report once a pull request no longer touches the API."""
        comment_id = _number(comment_id, "comment id")
        self._request("DELETE", f"/repos/{self.repository}/issues/comments/{comment_id}")

    def pr_labels(self, pr: int) -> list[str]:
        """The labels on ``pr`` now; the event payload only has those at event time."""
        pr = _number(pr, "pull request number")
        return [
            label["name"]
            for label in self._pages(f"/repos/{self.repository}/issues/{pr}/labels", "labels")
            if isinstance(label, dict) and isinstance(label.get("name"), str)
        ]

    def _pages(self, base: str, what: str) -> Iterator[Any]:
        """The items of a paginated list, fetched a page at a time as the caller goes on
        (a search that finds its item early asks no further)."""
        for page in range(1, _MAX_PAGES + 1):
            path = f"{base}?per_page={_PER_PAGE}&page={page}"
            items = self._request("GET", path)
            if not isinstance(items, list):
                raise GitHubError(f"GitHub API: GET {path}: expected a list of {what}")
            if not items:
                return
            yield from items
        number = base.rsplit("/", 2)[-2]
        raise GitHubError(f"GitHub API: more than {_MAX_PAGES} pages of {what} on #{number}")

    # -- transport ------------------------------------------------------------------------------
    def _redact(self, text: str) -> str:
        text = text.replace(self._token, "***")
        text = " ".join(text.split())
        return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."

    def _request(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        """Send one request; the decoded JSON, None for an empty body, or a GitHubError."""
        where = f"{method} {path.split('?', 1)[0]}"
        data = None if payload is None else json.dumps(payload).encode("utf-8")
        request = urllib.request.Request(
            self.api_url + path,
            data=data,
            method=method,
            headers={
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": "apidiff",
            },
        )
        if data is not None:
            request.add_header("Content-Type", "application/json")
        # Unredirected: urllib copies ordinary headers onto a redirected request.
        request.add_unredirected_header("Authorization", f"Bearer {self._token}")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                raw = response.read(_MAX_BODY + 1)
        except urllib.error.HTTPError as exc:
            raise GitHubError(self._http_error(where, exc)) from None
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc or type(exc).__name__
            raise GitHubError(
                f"GitHub API: {where}: cannot reach {self.api_url}: {self._redact(str(reason))}"
            ) from None
        if len(raw) > _MAX_BODY:
            raise GitHubError(f"GitHub API: {where}: response larger than {_MAX_BODY} bytes")
        if not raw.strip():
            return None
        try:
            return json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise GitHubError(f"GitHub API: {where}: response is not JSON") from None

    def _http_error(self, where: str, exc: urllib.error.HTTPError) -> str:
        message = ""
        try:
            raw = exc.read(64 * 1024)
            decoded = json.loads(raw) if raw else None
            if isinstance(decoded, dict) and isinstance(decoded.get("message"), str):
                message = decoded["message"]
        except (OSError, ValueError, http.client.HTTPException):
            pass
        finally:
            exc.close()
        if 300 <= exc.code < 400:
            message = message or "redirect refused (the token is only sent to the API URL)"
        text = f"GitHub API: {where}: HTTP {exc.code}"
        message = self._redact(message)
        return f"{text}: {message}" if message else text


# -- the Actions environment ----------------------------------------------------------------------
@dataclass(frozen=True)
class EventContext:
    """What the bot needs from a pull-request workflow run, read once from the environment."""

    event_name: str
    pr: int
    base_ref: str
    base_sha: str
    head_sha: str
    labels: tuple[str, ...]
    repository: str
    api_url: str
    step_summary: str | None
    output: str | None


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise GitHubError(f"GitHub event payload: {what} is missing")
    return value


def event_context(env: Mapping[str, str]) -> EventContext | None:
    """The pull request this run is for, or None when the run is not for a pull request."""
    path = env.get("GITHUB_EVENT_PATH")
    event_name = env.get("GITHUB_EVENT_NAME", "")
    if not path or (event_name and event_name not in PR_EVENTS):
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            payload = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise GitHubError(f"cannot read GITHUB_EVENT_PATH {path}: {reason}") from None
    pull = payload.get("pull_request") if isinstance(payload, dict) else None
    if not isinstance(pull, dict):
        return None  # e.g. a push, or a hand-made payload without a pull request
    base = pull.get("base") if isinstance(pull.get("base"), dict) else {}
    head = pull.get("head") if isinstance(pull.get("head"), dict) else {}
    labels = pull.get("labels") if isinstance(pull.get("labels"), list) else []
    repository = env.get("GITHUB_REPOSITORY") or ""
    if not repository and isinstance(payload.get("repository"), dict):
        repository = payload["repository"].get("full_name") or ""
    return EventContext(
        event_name=event_name or "pull_request",
        pr=_number(pull.get("number"), "pull request number"),
        base_ref=_text(base.get("ref"), "pull_request.base.ref"),
        base_sha=_text(base.get("sha"), "pull_request.base.sha"),
        head_sha=_text(head.get("sha"), "pull_request.head.sha"),
        labels=tuple(
            label["name"]
            for label in labels
            if isinstance(label, dict) and isinstance(label.get("name"), str)
        ),
        repository=_text(repository, "GITHUB_REPOSITORY"),
        api_url=env.get("GITHUB_API_URL") or DEFAULT_API_URL,
        step_summary=env.get("GITHUB_STEP_SUMMARY") or None,
        output=env.get("GITHUB_OUTPUT") or None,
    )


def _append(path: str, text: str, what: str) -> None:
    try:
        with open(path, "a", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise GitHubError(f"cannot write {what} {path}: {exc.strerror or exc}") from None


def write_step_summary(env: Mapping[str, str], markdown: str) -> None:
    """Append to the job summary, so the report shows on the run page even without a comment."""
    path = env.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    _append(path, markdown if markdown.endswith("\n") else markdown + "\n", "GITHUB_STEP_SUMMARY")


def _delimiter(value: str) -> str:
    delimiter, n = _DELIMITER, 0
    while delimiter in value:
        n += 1
        delimiter = f"{_DELIMITER}_{n}"
    return delimiter


def set_outputs(env: Mapping[str, str], **values: str) -> None:
    """Append step outputs; multi-line values use a heredoc so they cannot forge other names."""
    path = env.get("GITHUB_OUTPUT")
    if not path or not values:
        return
    lines = []
    for name, value in values.items():
        if not _OUTPUT_NAME.fullmatch(name):
            raise ValueError(f"invalid output name {name!r}")
        if not isinstance(value, str):
            raise TypeError(f"output {name!r} must be a str, not {type(value).__name__}")
        if "\n" in value or "\r" in value:
            delimiter = _delimiter(value)
            lines.append(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
        else:
            lines.append(f"{name}={value}\n")
    _append(path, "".join(lines), "GITHUB_OUTPUT")


# -- the verdict ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Decision:
    """The job's final exit code once an approval label is taken into account."""

    exit_code: int
    approved: bool
    note: str


def decide(exit_code: int, labels: Iterable[str], approval_label: str = APPROVAL_LABEL) -> Decision:
    """Let a maintainer accept breaking changes with a label; input errors (2) still fail."""
    if exit_code != 1:
        return Decision(exit_code=exit_code, approved=False, note="")
    wanted = approval_label.strip().casefold()  # GitHub label names are case-insensitive
    if wanted and any(label.strip().casefold() == wanted for label in labels):
        return Decision(
            exit_code=0,
            approved=True,
            note=f"Breaking changes approved by the {markdown_code(approval_label)} label.",
        )
    return Decision(
        exit_code=1,
        approved=False,
        note=f"To accept these changes, add the {markdown_code(approval_label)} label to the pull "
        "request.",
    )
