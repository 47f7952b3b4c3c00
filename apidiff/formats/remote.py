"""Remote ``$ref`` targets, fetched only when the user opts in (``--allow-remote-refs``).

Only http and https; redirects only to http or https; a timeout on connect and read; a
size cap on the body. The body is parsed like a local file, never executed.
"""

from __future__ import annotations

import urllib.error
import urllib.request

from ..errors import RefError

__all__ = ["DEFAULT_TIMEOUT", "fetch"]

DEFAULT_TIMEOUT = 10.0


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


def fetch(url: str, *, max_bytes: int, timeout: float = DEFAULT_TIMEOUT) -> str:
    """The text at ``url``, or a RefError naming why not (never its content)."""
    if not url.lower().startswith(("http://", "https://")):
        raise RefError(f"only http and https $refs can be fetched, not '{url}'")
    request = urllib.request.Request(url, headers={"User-Agent": "apidiff"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            body = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise RefError(f"cannot fetch $ref '{url}': HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or type(exc).__name__
        raise RefError(f"cannot fetch $ref '{url}': {reason}") from None
    if len(body) > max_bytes:
        raise RefError(f"$ref '{url}' is larger than {max_bytes} bytes")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise RefError(f"$ref '{url}' is not UTF-8 text") from None
