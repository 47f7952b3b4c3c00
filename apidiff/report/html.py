"""One self-contained HTML page: inline CSS, no script, no network.

Findings are grouped by operation; radio buttons filter by severity with CSS alone, and
with CSS off the page is still a plain readable list. Contract text is escaped.
"""

from __future__ import annotations

import html
from typing import Any

from ..result import Result, Severity
from .common import (
    grouped,
    hidden_note,
    position,
    rule_summary,
    selected,
    title_html,
    users_line,
    verdict,
)
from .escape import html_text, one_line

__all__ = ["render"]

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;
color:#1f2328}
h1{font-size:1.4rem}h2{font-size:1.05rem;margin:1.5rem 0 .3rem}
code{font:13px ui-monospace,monospace;background:#f1f3f5;padding:0 .25em;border-radius:3px}
.filters{margin:1rem 0}.filters label{margin-right:1rem;cursor:pointer}
ul{list-style:none;padding-left:0;margin:0}
li{padding:.35rem .5rem;border-left:4px solid #ccc;margin:.2rem 0}
li.breaking{border-color:#cf222e}li.dangerous{border-color:#bf8700}li.safe{border-color:#1a7f37}
.sev{font-weight:600;text-transform:uppercase;font-size:.75rem;margin-right:.5rem}
.breaking .sev{color:#cf222e}.dangerous .sev{color:#9a6700}.safe .sev{color:#1a7f37}
.meta{color:#59636e;font-size:.85rem}.users{color:#59636e;font-size:.85rem;margin:0 0 .2rem}
#f-breaking:checked~main li:not(.breaking),#f-dangerous:checked~main li:not(.dangerous),
#f-safe:checked~main li:not(.safe){display:none}
#f-breaking:checked~main section:not(.has-breaking),
#f-dangerous:checked~main section:not(.has-dangerous),
#f-safe:checked~main section:not(.has-safe){display:none}
"""


def render(result: Result, *, severities: set[Severity] | None = None, **_: Any) -> str:
    findings = selected(result, severities)
    e = html.escape
    title = f"apidiff: {one_line(result.old.source)} → {one_line(result.new.source)}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{e(title)}</h1>",
        f"<p><strong>{e(verdict(result))}</strong></p>",
    ]
    note = hidden_note(result)
    if note:
        out.append(f'<p class="meta">{e(note[0].upper() + note[1:])}.</p>')
    if findings:
        rules = rule_summary(findings, name=lambda r: f"<code>{e(r)}</code>")
        out.append(f'<p class="meta">By rule: {rules}</p>')
    for warning in result.warnings:
        out.append(f'<p class="meta">warning: {html_text(warning)}</p>')
    out.append('<input type="radio" name="f" id="f-all" checked>')
    out.append('<label for="f-all">all</label>')
    for severity in Severity:
        count = sum(1 for f in findings if f.severity is severity)
        out.append(f'<input type="radio" name="f" id="f-{severity.value}">')
        out.append(f'<label for="f-{severity.value}">{severity.value} ({count})</label>')
    out.append("<main>")
    if not findings:
        out.append("<p>No changes.</p>")
    for heading, items in grouped(findings):
        present = " ".join(sorted({f"has-{f.severity.value}" for f in items}))
        out.append(f'<section class="{present}">')
        out.append(f"<h2>{title_html(heading)}</h2>")  # no literal backticks
        users = users_line(heading, items, 10)
        if users:
            out.append(f'<p class="users">{e(one_line(users))}</p>')
        out.append("<ul>")
        for finding in items:
            sev = finding.severity.value
            parts = [
                f'<li class="{sev}"><span class="sev">{sev}</span>{html_text(finding.message)}'
            ]
            if finding.unused:
                parts.append(" <em>(no given operation uses it)</em>")
            meta = [f"<code>{e(finding.id)}</code>"]
            where = position(finding.location)
            if where:
                meta.append(e(one_line(where)))
            parts.append(f'<div class="meta">{" · ".join(meta)}</div>')
            if finding.migration:
                parts.append(f'<div class="meta">What to do: {html_text(finding.migration)}</div>')
            parts.append("</li>")
            out.append("".join(parts))
        out.append("</ul>")
        out.append("</section>")
    out.append("</main>")
    out.append("</body>")
    out.append("</html>")
    return "\n".join(out) + "\n"
