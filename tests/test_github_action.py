"""The PR bot's GitHub side against a loopback imitation of the GitHub REST API: comments found
across pages and edited in place, errors as one line without the token, and the Actions files."""

from __future__ import annotations

import io
import json
import subprocess
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from apidiff.integrations.action import main as action_main
from apidiff.integrations.github import (
    GitHub,
    GitHubError,
    decide,
    event_context,
    set_outputs,
    write_step_summary,
)
from apidiff.report.markdown import MARKER

TOKEN = "ghs_SECRET-TOKEN-0123456789"
REPO = "octo/api"


BOT = "github-actions[bot]"


class FakeGitHub:
    """Comments, labels and canned failures for one test; every request is recorded."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.comments: dict[int, list[dict]] = {}
        self.labels: dict[int, list[str]] = {}
        self.fail: tuple[int, dict | None, dict[str, str]] | None = None
        self.requests: list[dict] = []
        self.next_id = 1000

    def add_comment(self, pr: int, body: str, login: str = "octocat") -> int:
        self.next_id += 1
        comment = {"id": self.next_id, "body": body, "user": {"login": login}}
        self.comments.setdefault(pr, []).append(comment)
        return self.next_id

    def comment(self, comment_id: int) -> dict | None:
        for comments in self.comments.values():
            for comment in comments:
                if comment["id"] == comment_id:
                    return comment
        return None


class Handler(BaseHTTPRequestHandler):
    state: FakeGitHub

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def _reply(self, status: int, payload=None, headers: dict[str, str] | None = None) -> None:
        body = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if body:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self) -> None:
        state = self.state
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        state.requests.append(
            {
                "method": self.command,
                "path": url.path,
                "query": query,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body,
            }
        )
        if state.fail is not None:
            status, payload, headers = state.fail
            return self._reply(status, payload, headers)
        parts = url.path.strip("/").split("/")
        if parts[:3] != ["repos", *REPO.split("/")] or len(parts) < 5 or parts[3] != "issues":
            return self._reply(404, {"message": "Not Found"})
        if parts[4] == "comments":  # /repos/o/r/issues/comments/{id}
            comment = state.comment(int(parts[5]))
            if comment is None:
                return self._reply(404, {"message": "Not Found"})
            if self.command == "PATCH":
                comment["body"] = body["body"]
                return self._reply(200, comment)
            if self.command == "DELETE":
                for comments in state.comments.values():
                    if comment in comments:
                        comments.remove(comment)
                return self._reply(204)
        pr = int(parts[4])
        page, per_page = int(query.get("page", 1)), int(query.get("per_page", 30))
        window = slice((page - 1) * per_page, page * per_page)
        if parts[5:] == ["comments"] and self.command == "GET":
            return self._reply(200, state.comments.get(pr, [])[window])
        if parts[5:] == ["comments"] and self.command == "POST":
            comment_id = state.add_comment(pr, body["body"], BOT)
            return self._reply(201, state.comment(comment_id))
        if parts[5:] == ["labels"] and self.command == "GET":
            return self._reply(200, [{"name": n} for n in state.labels.get(pr, [])][window])
        return self._reply(405, {"message": "Method Not Allowed"})

    do_GET = do_POST = do_PATCH = do_DELETE = _handle


@pytest.fixture(scope="module")
def server():
    state = FakeGitHub()
    handler = type("BoundHandler", (Handler,), {"state": state})
    httpd = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01})
    thread.daemon = True
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield state
    httpd.shutdown()
    httpd.server_close()
    thread.join(2)


@pytest.fixture
def github(server):
    server.reset()
    return GitHub(TOKEN, REPO, api_url=server.url, timeout=2)


# -- comments ----------------------------------------------------------------------------------
def test_comment_is_created_when_none_has_the_marker(server, github):
    server.add_comment(7, "LGTM")
    status, comment_id = github.upsert_comment(7, f"{MARKER}\nreport v1", MARKER)
    assert status == "created"
    assert server.comment(comment_id)["body"] == f"{MARKER}\nreport v1"
    gets = [r for r in server.requests if r["method"] == "GET"]
    assert [r["query"] for r in gets] == [
        {"per_page": "100", "page": "1"},
        {"per_page": "100", "page": "2"},
    ]
    post = server.requests[-1]
    assert (post["method"], post["path"]) == ("POST", f"/repos/{REPO}/issues/7/comments")
    assert post["headers"]["authorization"] == f"Bearer {TOKEN}"
    assert post["headers"]["accept"] == "application/vnd.github+json"
    assert post["headers"]["x-github-api-version"] == "2022-11-28"
    assert post["headers"]["user-agent"] == "apidiff"
    assert post["headers"]["content-type"] == "application/json"


def test_comment_on_page_two_is_updated_in_place(server, github):
    for i in range(100):
        server.add_comment(7, f"chatter {i}")
    first = server.add_comment(7, f"old report\n{MARKER}")  # by anyone; the first one wins
    second = server.add_comment(7, f"{MARKER} a later copy")
    assert github.find_comment(7, MARKER) == first
    server.requests.clear()

    assert github.upsert_comment(7, f"{MARKER}\nreport v2", MARKER) == ("updated", first)
    assert server.comment(first)["body"] == f"{MARKER}\nreport v2"
    assert server.comment(second)["body"] == f"{MARKER} a later copy"
    methods = [(r["method"], r["query"].get("page")) for r in server.requests]
    assert methods == [("GET", "1"), ("GET", "2"), ("PATCH", None)]  # stops at the match
    assert server.requests[-1]["path"] == f"/repos/{REPO}/issues/comments/{first}"
    assert server.requests[-1]["body"] == {"body": f"{MARKER}\nreport v2"}


def test_a_strangers_marked_comment_is_not_taken_over(server, github):
    stranger = server.add_comment(9, f"{MARKER} no breaking changes, trust me", "mallory")
    status, mine = github.upsert_comment(9, f"{MARKER}\nreal report", MARKER, author=BOT)
    assert status == "created" and mine != stranger
    assert server.comment(stranger)["body"] == f"{MARKER} no breaking changes, trust me"
    assert github.upsert_comment(9, f"{MARKER}\nv2", MARKER, author=BOT) == ("updated", mine)


def test_body_without_the_marker_is_refused(server, github):
    with pytest.raises(ValueError, match="marker"):
        github.upsert_comment(7, "no marker here", MARKER)
    assert server.requests == []


def test_delete_comment(server, github):
    comment_id = server.add_comment(3, MARKER)
    github.delete_comment(comment_id)
    assert server.comment(comment_id) is None
    assert server.requests[-1]["method"] == "DELETE"
    assert github.find_comment(3, MARKER) is None


def test_labels_are_read(server, github):
    server.labels[5] = ["bug", "breaking-change-approved"]
    assert github.pr_labels(5) == ["bug", "breaking-change-approved"]
    assert server.requests[0]["path"] == f"/repos/{REPO}/issues/5/labels"
    assert github.pr_labels(6) == []


# -- errors ------------------------------------------------------------------------------------
def test_403_is_a_github_error_with_the_api_message(server, github):
    server.fail = (403, {"message": "Resource not accessible by integration"}, {})
    with pytest.raises(GitHubError) as info:
        github.upsert_comment(7, MARKER, MARKER)
    message = str(info.value)
    assert "HTTP 403" in message
    assert "Resource not accessible by integration" in message
    assert "\n" not in message


def test_token_never_appears_in_errors(server, github):
    server.fail = (401, {"message": f"Bad credentials: {TOKEN}\nsecond line"}, {})
    with pytest.raises(GitHubError) as info:
        github.pr_labels(1)
    assert TOKEN not in str(info.value)
    assert "Bad credentials: ***" in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__

    server.fail = (500, None, {})  # no JSON body at all
    with pytest.raises(GitHubError, match=r"HTTP 500$") as info:
        github.find_comment(1, MARKER)
    assert TOKEN not in str(info.value)

    closed = GitHub(TOKEN, REPO, api_url="http://127.0.0.1:9", timeout=0.5)  # nothing listens
    with pytest.raises(GitHubError, match="cannot reach") as info:
        closed.pr_labels(1)
    assert TOKEN not in str(info.value)
    assert TOKEN not in repr(closed)

    with pytest.raises(GitHubError) as info:
        GitHub(TOKEN + "\nX-Injected: 1", REPO, api_url=server.url)
    assert TOKEN not in str(info.value)


def test_redirects_are_not_followed_with_the_token(server, github):
    server.fail = (301, {"message": "Moved Permanently"}, {"Location": f"{server.url}/elsewhere"})
    with pytest.raises(GitHubError, match="HTTP 301"):
        github.pr_labels(1)
    assert [r["path"] for r in server.requests] == [f"/repos/{REPO}/issues/1/labels"]


@pytest.mark.parametrize(
    "api_url",
    ["http://api.github.com", "ftp://127.0.0.1", "https://user:pw@ghe.example", "api.github.com"],
)
def test_only_https_or_loopback_http(api_url):
    with pytest.raises(GitHubError, match="GitHub API URL"):
        GitHub(TOKEN, REPO, api_url=api_url)


def test_accepted_api_urls_and_repositories():
    assert GitHub(TOKEN, REPO).api_url == "https://api.github.com"
    assert GitHub(TOKEN, REPO, "https://ghe.example/api/v3/").api_url.endswith("/api/v3")
    GitHub(TOKEN, REPO, "http://localhost:8080")
    GitHub(TOKEN, REPO, "http://[::1]:8080")
    for bad in ["octo", "octo/api/x", "../api", "octo/..", "octo/a?b"]:
        with pytest.raises(GitHubError, match="owner/name"):
            GitHub(TOKEN, bad)


# -- the Actions environment -------------------------------------------------------------------
def _event(tmp_path: Path, payload: dict) -> str:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(payload))
    return str(path)


PR_PAYLOAD = {
    "action": "labeled",
    "number": 42,
    "pull_request": {
        "number": 42,
        "base": {"ref": "main", "sha": "a" * 40},
        "head": {"ref": "feature", "sha": "b" * 40},
        "labels": [{"name": "api"}, {"name": "breaking-change-approved"}],
    },
    "repository": {"full_name": "octo/from-payload"},
}


def test_event_context_for_a_pull_request(tmp_path):
    env = {
        "GITHUB_EVENT_NAME": "pull_request_target",
        "GITHUB_EVENT_PATH": _event(tmp_path, PR_PAYLOAD),
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_API_URL": "https://ghe.example/api/v3",
        "GITHUB_STEP_SUMMARY": "/tmp/summary",
        "GITHUB_OUTPUT": "/tmp/output",
    }
    context = event_context(env)
    assert context is not None
    assert context.pr == 42
    assert (context.base_ref, context.base_sha, context.head_sha) == ("main", "a" * 40, "b" * 40)
    assert context.labels == ("api", "breaking-change-approved")
    assert context.repository == REPO
    assert context.api_url == "https://ghe.example/api/v3"
    assert (context.step_summary, context.output) == ("/tmp/summary", "/tmp/output")
    with pytest.raises(AttributeError):
        context.pr = 1  # frozen

    minimal = event_context({"GITHUB_EVENT_PATH": env["GITHUB_EVENT_PATH"]})
    assert minimal is not None
    assert minimal.repository == "octo/from-payload"
    assert minimal.api_url == "https://api.github.com"
    assert minimal.step_summary is None and minimal.output is None


def test_event_context_is_none_outside_pull_requests(tmp_path):
    push = _event(tmp_path, {"ref": "refs/heads/main", "after": "c" * 40})
    assert event_context({"GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": push}) is None
    assert event_context({"GITHUB_EVENT_PATH": push}) is None
    pr = _event(tmp_path, PR_PAYLOAD)
    assert event_context({"GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": pr}) is None
    assert event_context({}) is None


def test_event_context_broken_payload_is_an_error(tmp_path):
    path = tmp_path / "event.json"
    path.write_text("{not json")
    with pytest.raises(GitHubError, match="GITHUB_EVENT_PATH"):
        event_context({"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(path)})
    broken = {"pull_request": {"number": "42", "base": {}, "head": {}}}
    with pytest.raises(GitHubError, match="pull request number"):
        event_context({"GITHUB_EVENT_PATH": _event(tmp_path, broken), "GITHUB_REPOSITORY": REPO})


def test_step_summary_is_appended(tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n")
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    write_step_summary(env, "## apidiff\nno changes")
    write_step_summary(env, "second\n")
    assert summary.read_text() == "# earlier step\n## apidiff\nno changes\nsecond\n"
    write_step_summary({}, "ignored outside Actions")


def test_outputs_are_appended_with_heredocs_for_multi_line_values(tmp_path):
    output = tmp_path / "output"
    env = {"GITHUB_OUTPUT": str(output)}
    set_outputs(env, result="breaking", count="3")
    set_outputs(env, report="line 1\nAPIDIFF_EOF\nforged=yes", summary="a\nb")
    assert output.read_text() == (
        "result=breaking\n"
        "count=3\n"
        "report<<APIDIFF_EOF_1\nline 1\nAPIDIFF_EOF\nforged=yes\nAPIDIFF_EOF_1\n"
        "summary<<APIDIFF_EOF\na\nb\nAPIDIFF_EOF\n"
    )
    with pytest.raises(ValueError, match="output name"):
        set_outputs(env, **{"a=b": "x"})
    set_outputs({}, result="ignored outside Actions")


# -- the verdict -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "labels", "final", "approved"),
    [
        (0, [], 0, False),
        (0, ["breaking-change-approved"], 0, False),
        (1, [], 1, False),
        (1, ["api", "breaking-change-approved"], 0, True),
        (1, ["Breaking-Change-Approved"], 0, True),  # GitHub label names ignore case
        (2, [], 2, False),
        (2, ["breaking-change-approved"], 2, False),  # an input error is never approved
        (3, ["breaking-change-approved"], 3, False),
    ],
)
def test_decide(code, labels, final, approved):
    decision = decide(code, labels)
    assert (decision.exit_code, decision.approved) == (final, approved)
    if approved:
        assert "approved by the `breaking-change-approved` label" in decision.note


def test_decide_with_a_custom_label():
    assert decide(1, ["ok-to-break"], approval_label="ok-to-break").approved
    assert not decide(1, ["breaking-change-approved"], approval_label="ok-to-break").approved
    assert "`ok-to-break`" in decide(1, [], approval_label="ok-to-break").note


# -- the Action's entry point, end to end ------------------------------------------------------
PETSTORE = Path(__file__).resolve().parent.parent / "fixtures" / "petstore"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


@pytest.fixture
def pr_repo(tmp_path, monkeypatch):
    """A repository whose base commit has petstore/old and whose working tree has new."""
    repo = tmp_path / "repo"
    (repo / "api").mkdir(parents=True)
    _git(repo, "init", "-q")
    (repo / "api" / "openapi.yaml").write_text((PETSTORE / "old.yaml").read_text())
    (repo / "apidiff.toml").write_text('[[contract]]\nname = "pets"\npath = "api/openapi.yaml"\n')
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "base")
    base = _git(repo, "rev-parse", "HEAD")
    (repo / "api" / "openapi.yaml").write_text((PETSTORE / "new.yaml").read_text())
    monkeypatch.chdir(repo)
    return repo, base


def _action_env(tmp_path, server, base: str, labels=(), **inputs) -> dict[str, str]:
    event = tmp_path / "event.json"
    event.write_text(
        json.dumps(
            {
                "pull_request": {
                    "number": 12,
                    "base": {"ref": "main", "sha": base},
                    "head": {"sha": "f" * 40},
                    "labels": [{"name": n} for n in labels],
                },
                "repository": {"full_name": REPO},
            }
        )
    )
    env = {
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_API_URL": server.url,
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_OUTPUT": str(tmp_path / "output.txt"),
        "INPUT_GITHUB_TOKEN": TOKEN,
    }
    env.update({f"INPUT_{k.upper()}": v for k, v in inputs.items()})
    return env


def _outputs(tmp_path) -> dict[str, str]:
    lines = (tmp_path / "output.txt").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and "<<" not in line)


def test_action_fails_comments_and_annotates(tmp_path, server, pr_repo):
    server.reset()
    _, base = pr_repo
    out = io.StringIO()
    code = action_main(_action_env(tmp_path, server, base), out)
    assert code == 1
    annotations = out.getvalue().splitlines()
    assert sum(line.startswith("::error ") for line in annotations) == 7
    assert all("pets: " in line for line in annotations if line.startswith("::error "))
    (comment,) = server.comments[12]
    assert comment["body"].startswith(MARKER)
    assert "7 breaking" in comment["body"]
    assert "breaking-change-approved" in comment["body"]  # says how to approve
    assert "7 breaking" in (tmp_path / "summary.md").read_text()
    outputs = _outputs(tmp_path)
    assert outputs["breaking"] == "7" and outputs["approved"] == "false"
    assert outputs["exit_code"] == "1" and outputs["comment"] == "created"

    # A second push updates the same comment instead of adding one.
    assert action_main(_action_env(tmp_path, server, base), io.StringIO()) == 1
    assert len(server.comments[12]) == 1
    assert _outputs(tmp_path)["comment"] == "updated"


def test_approval_label_turns_failure_into_recorded_approval(tmp_path, server, pr_repo):
    server.reset()
    _, base = pr_repo
    server.labels[12] = ["breaking-change-approved"]  # live labels win over the event's
    code = action_main(_action_env(tmp_path, server, base), io.StringIO())
    assert code == 0
    (comment,) = server.comments[12]
    assert "approved" in comment["body"].lower()
    assert _outputs(tmp_path)["approved"] == "true"


def test_input_error_is_never_approved(tmp_path, server, pr_repo):
    server.reset()
    repo, base = pr_repo
    server.labels[12] = ["breaking-change-approved"]
    (repo / "api" / "openapi.yaml").write_text("openapi: 3.0.0\npaths: [\n")
    out = io.StringIO()
    assert action_main(_action_env(tmp_path, server, base), out) == 2
    assert out.getvalue().startswith("::error title=apidiff::")
    assert "openapi.yaml" in out.getvalue()


def test_without_token_the_summary_still_has_the_report(tmp_path, server, pr_repo):
    server.reset()
    _, base = pr_repo
    env = _action_env(tmp_path, server, base)
    del env["INPUT_GITHUB_TOKEN"]
    assert action_main(env, io.StringIO()) == 1
    assert server.requests == []
    assert MARKER in (tmp_path / "summary.md").read_text()
    assert _outputs(tmp_path)["comment"] == "skipped"


def test_fail_on_none_and_comment_off(tmp_path, server, pr_repo):
    server.reset()
    _, base = pr_repo
    env = _action_env(tmp_path, server, base, fail_on="none", comment="false")
    assert action_main(env, io.StringIO()) == 0
    assert 12 not in server.comments


def test_action_shows_breaking_and_dangerous_and_counts_the_rest(tmp_path, server, pr_repo):
    server.reset()
    _, base = pr_repo
    out = io.StringIO()
    assert action_main(_action_env(tmp_path, server, base), out) == 1
    lines = out.getvalue().splitlines()
    notices = [line for line in lines if line.startswith("::notice")]
    assert notices == [
        "::notice title=apidiff::And 6 safe changes not shown (1 of them documentation-only)"
    ]
    assert sum(line.startswith(("::error ", "::warning ")) for line in lines) == 9
    (comment,) = server.comments[12]
    assert "6 safe changes not shown" in comment["body"]
    assert "Safe changes" not in comment["body"]
    assert _outputs(tmp_path)["safe"] == "6"  # outputs count everything


def test_action_min_severity_and_docs_inputs(tmp_path, server, pr_repo):
    server.reset()
    _, base = pr_repo
    out = io.StringIO()
    env = _action_env(tmp_path, server, base, min_severity="INFO", docs_changes="false")
    assert action_main(env, out) == 1
    notices = [line for line in out.getvalue().splitlines() if line.startswith("::notice")]
    assert len(notices) == 6  # five safe changes, and the one line for the description
    assert notices[-1].endswith("And 1 safe change not shown (documentation)")
    out = io.StringIO()
    env = _action_env(tmp_path, server, base, min_severity="breaking", fail_on="dangerous")
    assert action_main(env, out) == 1
    assert "::warning " not in out.getvalue()
    env = _action_env(tmp_path, server, base, min_severity="loud")
    out = io.StringIO()
    assert action_main(env, out) == 2
    assert "min-severity 'loud'" in out.getvalue()


def test_action_group_by_rule(tmp_path, server, pr_repo):
    server.reset()
    _, base = pr_repo
    env = _action_env(tmp_path, server, base, group_by="rule")
    assert action_main(env, io.StringIO()) == 1
    (comment,) = server.comments[12]
    assert "| Rule | Changes | Operations | For example |" in comment["body"]
    assert "### :x: Breaking changes (7, by 7 rules)" in comment["body"]
    out = io.StringIO()
    assert action_main(_action_env(tmp_path, server, base, group_by="tag"), out) == 2
    assert "group-by 'tag'" in out.getvalue()
