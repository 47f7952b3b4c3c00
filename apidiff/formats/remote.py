"""Remote ``$ref`` targets, fetched only when the user opts in (``--allow-remote-refs``).

Only http and https; redirects only to http or https; a size cap on the body. Time is bounded
three ways: each connect and read (``DEFAULT_TIMEOUT``), each fetch in all (``FETCH_DEADLINE``:
a server that sends one byte every few seconds never trips a per-read timeout), and all the
fetches of one contract (``RUN_DEADLINE``, passed in as ``deadline``). The body is parsed like
a local file, never executed.
"""

from __future__ import annotations

import http.client
import threading
import time
import urllib.error
import urllib.request

from ..errors import RefError

__all__ = ["DEFAULT_TIMEOUT", "FETCH_DEADLINE", "RUN_DEADLINE", "fetch"]

DEFAULT_TIMEOUT = 10.0  # seconds for one connect or one read
FETCH_DEADLINE = 30.0  # seconds for one fetch, headers and body
RUN_DEADLINE = 120.0  # seconds for every fetch of one contract


class _Redirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not newurl.lower().startswith(("http://", "https://")):
            raise urllib.error.URLError(f"redirect to a non-http URL refused: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(
    _Redirects,
    urllib.request.ProxyHandler(),
    urllib.request.HTTPHandler,
    urllib.request.HTTPSHandler,
)


def fetch(
    url: str, *, max_bytes: int, timeout: float = DEFAULT_TIMEOUT, deadline: float | None = None
) -> str:
    """The text at ``url``, or a RefError naming why not (never its content).

    ``deadline`` is a ``time.monotonic()`` instant by which every fetch of the run must end.
    """
    if not url.lower().startswith(("http://", "https://")):
        raise RefError(f"only http and https $refs can be fetched, not '{url}'")
    now = time.monotonic()
    end = now + FETCH_DEADLINE if deadline is None else min(now + FETCH_DEADLINE, deadline)
    if end <= now:
        raise RefError(f"cannot fetch $ref '{url}': remote $refs took {RUN_DEADLINE:g} s in all")
    answer: list[bytes | RefError] = []
    # The request runs on a daemon thread the caller stops waiting for at the deadline: a
    # server can drip its headers too, where no read loop of ours could look at the clock.
    worker = threading.Thread(
        target=lambda: answer.append(_get(url, max_bytes, min(timeout, end - now), end, end - now)),
        name="apidiff-fetch",
        daemon=True,
    )
    worker.start()
    worker.join(max(0.0, end - time.monotonic()))
    if not answer:
        raise _incomplete(url, end - now)
    body = answer[0]
    if isinstance(body, RefError):
        raise body
    if len(body) > max_bytes:
        raise RefError(f"$ref '{url}' is larger than {max_bytes} bytes")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise RefError(f"$ref '{url}' is not UTF-8 text") from None


def _incomplete(url: str, span: float) -> RefError:
    return RefError(f"cannot fetch $ref '{url}': no complete answer within {span:.3g} s")


def _get(url: str, max_bytes: int, timeout: float, end: float, span: float) -> bytes | RefError:
    request = urllib.request.Request(url, headers={"User-Agent": "apidiff"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            chunks: list[bytes] = []
            size = 0
            while size <= max_bytes:
                if time.monotonic() >= end:  # stopped on the clock: what came is not the body
                    return _incomplete(url, span)
                chunk = response.read1(min(65536, max_bytes + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            return b"".join(chunks)
    except urllib.error.HTTPError as exc:
        return RefError(f"cannot fetch $ref '{url}': HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None) or type(exc).__name__
        return RefError(f"cannot fetch $ref '{url}': {reason}")
