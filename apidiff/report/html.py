"""One self-contained HTML page a person can work through at 3,000 findings.

A summary first (counts by severity and by rule), then the breaking changes, the dangerous
ones and the safe ones (folded), each grouped by operation; a table of contents by operation,
or by tag where the contract tags its operations. A small inline script adds severity filters
that combine and a text search; without it (or with scripts off) every finding is still on
the page and the contents still link to them. The Content-Security-Policy allows that one
script and that one style sheet by their SHA-256 hashes, computed here, and nothing else: no
network, no other script, no inline style, no image. Contract text is escaped
(``report/escape.py``); the page is the same bytes for the same inputs.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from typing import Any

from ..result import Finding, Result, Severity
from ..rules.docs import rule_url
from .common import (
    by_rule,
    grouped,
    hidden_note,
    ignored_reason,
    plural,
    position,
    selected,
    shared_users,
    users_line,
    verdict,
)
from .escape import code_spans, html_text, link_url, one_line, xml_text

__all__ = ["CSS", "SCRIPT", "content_security_policy", "render"]

e = html.escape

_TITLES = {
    Severity.BREAKING: "Breaking changes",
    Severity.DANGEROUS: "Dangerous changes",
    Severity.SAFE: "Safe changes",
}
# The rules table shows this many rows; the rest fold under "N more rules".
RULES_SHOWN = 8
# A table of contents by tag folds each tag past this many entries in all.
TOC_OPEN = 60

CSS = """\
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--breaking:#cf222e;
--dangerous:#9a6700;--safe:#1a7f37}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{scroll-padding-top:4.5rem}
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:var(--fg);background:#fff}
header{padding:1.5rem 1.5rem .5rem;border-bottom:1px solid var(--line)}
h1{font-size:1.35rem;margin:0 0 .4rem;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:0}
h3{font-size:1rem;margin:0;overflow-wrap:anywhere}
h3 code{font-size:14px;font-weight:600;background:none;padding:0}
code{font:13px/1.4 ui-monospace,monospace;background:#eff2f5;padding:0 .25em;border-radius:3px;
overflow-wrap:anywhere}
a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
.meta,.users{color:var(--muted);font-size:.85rem}
.users{margin:.1rem 0 .3rem}
.warning{color:var(--dangerous)}
.counts{display:flex;flex-wrap:wrap;gap:.6rem;list-style:none;padding:0;margin:.6rem 0}
.counts li{border:1px solid var(--line);border-left-width:5px;border-radius:6px;
padding:.3rem .8rem;min-width:9rem}
.counts b{font-size:1.3rem;margin-right:.35rem}.counts a{color:inherit}
.counts .breaking{border-left-color:var(--breaking)}
.counts .dangerous{border-left-color:var(--dangerous)}
.counts .safe{border-left-color:var(--safe)}
table{border-collapse:collapse;table-layout:fixed;width:100%;max-width:46rem;font-size:.9rem}
th,td{text-align:left;padding:.15rem .5rem;border-bottom:1px solid var(--line);
overflow-wrap:anywhere}
th.n,td.n{text-align:right;width:6.5rem}
th{font-weight:600;color:var(--muted)}
details.more>summary{cursor:pointer;color:var(--muted);font-size:.9rem;margin:.3rem 0}
.layout{display:grid;grid-template-columns:minmax(14rem,19rem) minmax(0,1fr)}
nav{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;
padding:1rem 1rem 2rem 1.5rem;border-right:1px solid var(--line);font-size:.85rem}
nav h2{font-size:.95rem;margin-bottom:.4rem}
nav ul{list-style:none;margin:0;padding:0}
nav li{margin:.15rem 0;overflow-wrap:anywhere}
nav li code{font-size:12px;background:none;padding:0}
nav details summary{cursor:pointer;font-weight:600;margin-top:.4rem}
nav details ul{margin-left:.8rem}
nav .to{display:inline-block;border-radius:8px;padding:0 .4em;margin-left:.3em;color:#fff;
font-size:.75rem;font-weight:600}
nav .to.breaking{background:var(--breaking)}nav .to.dangerous{background:var(--dangerous)}
nav .to.safe{background:var(--safe)}
main{padding:0 1.5rem 3rem;min-width:0}
.controls{position:sticky;top:0;z-index:1;background:#fff;display:flex;flex-wrap:wrap;
align-items:center;gap:.4rem 1.2rem;padding:.6rem 0;border-bottom:1px solid var(--line)}
.controls fieldset{border:0;margin:0;padding:0;display:flex;gap:.8rem}
.controls legend{float:left;margin-right:.6rem;color:var(--muted)}
.controls label{cursor:pointer}
.controls input[type=search]{font:inherit;padding:.2rem .5rem;width:18rem;max-width:100%;
border:1px solid var(--line);border-radius:6px}
.controls output{color:var(--muted);font-size:.85rem}
.severity{margin-top:1.2rem}
.severity>h2,.severity>summary{padding:.3rem 0;border-bottom:2px solid var(--line)}
.severity>summary{cursor:pointer}
.severity>summary h2{display:inline}
#breaking>h2{border-color:var(--breaking)}#dangerous>h2{border-color:var(--dangerous)}
#safe>summary{border-color:var(--safe)}
.group{margin:.9rem 0 0}
ul.findings{list-style:none;padding:0;margin:.2rem 0 0}
li.finding{padding:.3rem .6rem;border-left:4px solid var(--line);margin:.25rem 0;
background:var(--soft);overflow-wrap:anywhere}
li.breaking{border-color:var(--breaking)}li.dangerous{border-color:var(--dangerous)}
li.safe{border-color:var(--safe)}
.sev{font-weight:600;text-transform:uppercase;font-size:.72rem;margin-right:.5rem}
.breaking .sev{color:var(--breaking)}.dangerous .sev{color:var(--dangerous)}
.safe .sev{color:var(--safe)}
.js td.rule code{cursor:pointer}
@media (max-width:60rem){.layout{display:block}
nav{position:static;max-height:22rem;border-right:0;border-bottom:1px solid var(--line)}}
@media print{nav,.controls{display:none}.layout{display:block}}
"""

# Filters and search: what a reader sees changes, never what the page holds. It reads only
# the page's own structure (classes, ids), writes only ``hidden``, classes and text, and
# builds no markup from contract text.
SCRIPT = """\
(function () {
  "use strict";
  var d = document, each = function (list, f) { Array.prototype.forEach.call(list, f); };
  var controls = d.getElementById("controls");
  if (!controls) { return; }
  d.documentElement.classList.add("js");
  var boxes = controls.querySelectorAll("input[type=checkbox]");
  var search = d.getElementById("search"), shown = d.getElementById("shown");
  var groups = {}, order = [], sections = [], total = 0;
  each(d.querySelectorAll(".group"), function (g) {
    var head = g.querySelector("h3").textContent, items = [];
    each(g.querySelectorAll("li.finding"), function (li) {
      items.push({ el: li, text: (head + " " + li.textContent).toLowerCase() });
    });
    var group = { el: g, sev: g.getAttribute("data-severity"), items: items, visible: 0 };
    groups[g.id] = group;
    order.push(group);
    total += items.length;
  });
  each(d.querySelectorAll("[data-severity].severity"), function (s) {
    var count = s.querySelector(".count");
    sections.push({ el: s, sev: s.getAttribute("data-severity"), count: count,
                    total: Number(count.getAttribute("data-total")) });
  });
  var entries = [];
  each(d.querySelectorAll("#toc li.entry"), function (li) {
    var links = [];
    each(li.querySelectorAll("a.to"), function (a) {
      links.push({ el: a, group: groups[a.getAttribute("href").slice(1)] });
    });
    entries.push({ el: li, links: links });
  });
  var tags = [];
  each(d.querySelectorAll("#toc .tag"), function (t) {
    var tally = {};
    each(t.querySelectorAll("summary .to"), function (s) { tally[s.classList[1]] = s; });
    var mine = entries.filter(function (en) { return t.contains(en.el); });
    tags.push({ el: t, tally: tally, entries: mine });
  });
  var number = function (n) { return n.toLocaleString("en-US"); };
  var set = function (el, hide) { if (el.hidden !== hide) { el.hidden = hide; } };
  function apply() {
    var on = {}, terms = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    each(boxes, function (b) { on[b.value] = b.checked; });
    var counts = {}, visible = 0;
    order.forEach(function (g) {
      var n = 0;
      g.items.forEach(function (it) {
        var ok = terms.every(function (t) { return it.text.indexOf(t) >= 0; });
        set(it.el, !ok);
        if (ok) { n += 1; }
      });
      set(g.el, n === 0);
      g.visible = on[g.sev] ? n : 0;
      counts[g.sev] = (counts[g.sev] || 0) + n;
      visible += g.visible;
    });
    sections.forEach(function (s) {
      var n = counts[s.sev] || 0;
      set(s.el, !on[s.sev] || n === 0);
      s.count.textContent = n === s.total ? number(s.total) : number(n) + " of " + number(s.total);
    });
    entries.forEach(function (e) {
      var any = false;
      e.links.forEach(function (l) {
        var n = l.group ? l.group.visible : 0;
        set(l.el, n === 0);
        l.el.textContent = number(n);
        any = any || n > 0;
      });
      set(e.el, !any);
    });
    tags.forEach(function (t) {
      var sums = {}, any = false;
      t.entries.forEach(function (en) {
        en.links.forEach(function (l) {
          if (l.group) { sums[l.group.sev] = (sums[l.group.sev] || 0) + l.group.visible; }
        });
        any = any || !en.el.hidden;
      });
      Object.keys(t.tally).forEach(function (sev) {
        set(t.tally[sev], !sums[sev]);
        t.tally[sev].textContent = number(sums[sev] || 0);
      });
      set(t.el, !any);
    });
    shown.textContent = visible === total ? "all " + number(total) + " shown"
      : number(visible) + " of " + number(total) + " shown";
  }
  function reveal(target) {
    for (var p = target && target.closest("details"); p; p = p.parentElement.closest("details")) {
      p.open = true;
    }
  }
  each(boxes, function (b) { b.addEventListener("change", apply); });
  search.addEventListener("input", apply);
  d.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href^='#']");
    if (a) { reveal(d.getElementById(a.getAttribute("href").slice(1))); }
    var rule = ev.target.closest && ev.target.closest("td.rule code");
    if (rule) { search.value = rule.textContent; apply(); search.focus(); }
  });
  d.addEventListener("keydown", function (ev) {
    if (ev.key === "/" && d.activeElement !== search && !/^(INPUT|TEXTAREA)$/.test(
        d.activeElement && d.activeElement.tagName)) {
      ev.preventDefault();
      search.focus();
    }
  });
  if (location.hash) {
    var target = d.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.closest("details:not([open])")) {
      reveal(target);
      target.scrollIntoView();
    }
  }
  controls.hidden = false;
  apply();
})();
"""


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def content_security_policy(script: str = SCRIPT, style: str = CSS) -> str:
    """Nothing but this page's own script and style, by hash: no network, no other code."""
    return (
        f"default-src 'none'; script-src {_sha256(script)}; style-src {_sha256(style)}; "
        "base-uri 'none'; form-action 'none'"
    )


# An HTTP operation (``GET /a`b`c``): its path is the contract's text, backticks and all.
_HTTP = re.compile(r"[A-Z]+ /")


def _heading(text: str) -> str:
    """An operation as code (``GET /pets``); a component's heading, which quotes names in
    code spans (``schema `Pet` in responses``), with those spans as code, no backticks."""
    text = one_line(text)
    if not _HTTP.match(text) and any(is_code for is_code, _ in code_spans(text)):
        return html_text(text)
    return f"<code>{e(xml_text(text))}</code>"


def _rule(rule_id: str, docs_url: str | None) -> str:
    """A rule id, linked to its page when the report knows where the pages are
    (``--docs-url``, ``docs-url``), as the Markdown report links it."""
    name = f"<code>{e(rule_id)}</code>"
    url = link_url(rule_url(docs_url, rule_id))
    return f'<a href="{e(url)}">{name}</a>' if url else name


def _finding(finding: Finding, docs_url: str | None = None) -> str:
    sev = finding.severity.value
    parts = [f'<li class="finding {sev}"><span class="sev">{sev}</span>']
    parts.append(html_text(finding.message))
    if finding.unused:
        parts.append(" <em>(no given operation uses it)</em>")
    reason = ignored_reason(finding)
    if reason:
        parts.append(f" <em>(ignored: {html_text(reason)})</em>")
    meta = [_rule(finding.id, docs_url)]
    where = position(finding.location)
    if where:
        meta.append(e(one_line(where)))
    parts.append(f'<div class="meta">{" · ".join(meta)}</div>')
    if finding.migration:
        parts.append(f'<div class="meta">What to do: {html_text(finding.migration)}</div>')
    parts.append("</li>")
    return "".join(parts)


def _summary(findings: list[Finding], result: Result) -> list[str]:
    """Counts by severity (each a link to its section), then by rule: a rule's row counts
    its changes at each severity (a profile or a policy may move some)."""
    every = (*result.findings, *result.hidden)
    out = ['<ul class="counts">']
    for severity in Severity:
        shown = sum(1 for f in findings if f.severity is severity)
        n = sum(1 for f in every if f.severity is severity)
        label = f"<b>{n:,}</b>{severity.value}"
        if shown:
            label = f'<a href="#{severity.value}">{label}</a>'
        out.append(f'<li class="{severity.value}">{label}</li>')
    out.append("</ul>")
    rules = by_rule(findings)
    if not rules:
        return out
    head = (
        '<thead><tr><th>Rule</th><th class="n">Breaking</th><th class="n">Dangerous</th>'
        '<th class="n">Safe</th></tr></thead>'
    )

    def rows(groups: list[tuple[str, list[Finding]]]) -> list[str]:
        lines = []
        for rule, items in groups:
            # Not a link: clicking a rule here searches the page for it.
            cells = [f'<td class="rule"><code>{e(rule)}</code></td>']
            for severity in Severity:
                n = sum(1 for f in items if f.severity is severity)
                cells.append(f'<td class="n">{f"{n:,}" if n else ""}</td>')
            lines.append(f"<tr>{''.join(cells)}</tr>")
        return lines

    out.append('<table class="rules">')
    out.append(head)
    out += ["<tbody>", *rows(rules[:RULES_SHOWN]), "</tbody>", "</table>"]
    if len(rules) > RULES_SHOWN:
        rest = rules[RULES_SHOWN:]
        out.append(f'<details class="more"><summary>{plural(len(rest), "more rule")}</summary>')
        out += ['<table class="rules">', "<tbody>", *rows(rest), "</tbody>", "</table>"]
        out.append("</details>")
    return out


def _contents(
    groups: list[tuple[str, list[Finding]]], ids: dict[str, int], result: Result
) -> list[str]:
    """Every operation (or component) once, with a link per severity to its changes there:
    by tag when the contract tags its operations, an operation under each of its tags."""

    def entry(heading: str, items: list[Finding]) -> str:
        n = ids[items[0].operation_key]
        links = []
        for severity in Severity:
            count = sum(1 for f in items if f.severity is severity)
            if count:
                links.append(
                    f'<a class="to {severity.value}" href="#g{n}-{severity.value}" '
                    f'title="{severity.value}">{count:,}</a>'
                )
        first = f"#g{n}-{items[0].severity.value}"
        return f'<li class="entry"><a href="{first}">{_heading(heading)}</a>{"".join(links)}</li>'

    out = ['<nav id="toc" aria-label="Contents">', "<h2>Contents</h2>"]
    if not any(heading in result.tags for heading, _ in groups):
        out += ["<ul>", *(entry(h, items) for h, items in groups), "</ul>", "</nav>"]
        return out
    by_tag: dict[str, list[tuple[str, list[Finding]]]] = {}
    shared: list[tuple[str, list[Finding]]] = []
    other: list[tuple[str, list[Finding]]] = []
    for heading, items in groups:
        tags = result.tags.get(heading)
        if not tags:
            (shared if shared_users(heading, items) else other).append((heading, items))
        for tag in dict.fromkeys(tags or ()):
            by_tag.setdefault(tag, []).append((heading, items))
    folded = sum(len(members) for members in by_tag.values()) > TOC_OPEN
    sections = [(e(one_line(tag)), by_tag[tag]) for tag in sorted(by_tag, key=_tag_order)]
    if other:
        sections.append(("<em>not tagged</em>", other))
    if shared:
        sections.append(("<em>shared schemas</em>", shared))
    for title, members in sections:
        tally = []  # how many changes of each severity the tag holds (the script updates it)
        for severity in Severity:
            count = sum(1 for _, items in members for f in items if f.severity is severity)
            if count:
                tally.append(f'<span class="to {severity.value}">{count:,}</span>')
        out.append(f'<details class="tag"{"" if folded else " open"}>')
        out.append(f"<summary>{title} ({len(members):,}){''.join(tally)}</summary>")
        out += ["<ul>", *(entry(h, items) for h, items in members), "</ul>", "</details>"]
    out.append("</nav>")
    return out


def _tag_order(tag: str) -> tuple[str, str]:
    return (tag.casefold(), tag)


def _severity_section(
    severity: Severity,
    groups: list[tuple[str, list[Finding]]],
    ids: dict[str, int],
    total: int,
    docs_url: str | None = None,
) -> list[str]:
    sev = severity.value
    count = f'<span class="count" data-total="{total}">{total:,}</span>'
    title = f"<h2>{_TITLES[severity]} ({count})</h2>"
    if severity is Severity.SAFE:  # folded: open it, or follow a link into it
        out = [f'<details class="severity" id="{sev}" data-severity="{sev}">']
        out.append(f"<summary>{title}</summary>")
    else:
        out = [f'<section class="severity" id="{sev}" data-severity="{sev}">', title]
    for heading, items in groups:
        n = ids[items[0].operation_key]
        out.append(f'<section class="group" id="g{n}-{sev}" data-severity="{sev}">')
        out.append(f"<h3>{_heading(heading)}</h3>")
        users = users_line(heading, items, 10)
        if users:
            out.append(f'<p class="users">{e(one_line(users))}</p>')
        out.append('<ul class="findings">')
        out += [_finding(f, docs_url) for f in items]
        out.append("</ul>")
        out.append("</section>")
    out.append("</details>" if severity is Severity.SAFE else "</section>")
    return out


def _controls(findings: list[Finding]) -> list[str]:
    """Shown by the script (hidden without it): filters that combine, and a search."""
    out = ['<div class="controls" id="controls" hidden>', "<fieldset><legend>Show</legend>"]
    for severity in Severity:
        n = sum(1 for f in findings if f.severity is severity)
        out.append(
            f'<label><input type="checkbox" value="{severity.value}" '
            f'id="show-{severity.value}" checked> {severity.value} ({n:,})</label>'
        )
    out.append("</fieldset>")
    out.append(
        '<label>Search <input type="search" id="search" autocomplete="off" '
        'placeholder="operation, property, rule… ( / )"></label>'
    )
    out.append('<output id="shown" aria-live="polite"></output>')
    out.append("</div>")
    return out


def render(
    result: Result,
    *,
    severities: set[Severity] | None = None,
    docs_url: str | None = None,
    **_: Any,
) -> str:
    """The page; with ``docs_url`` each rule id links to its page."""
    findings = selected(result, severities)
    title = f"apidiff: {one_line(result.old.source)} → {one_line(result.new.source)}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Our own text, no quote in it: written as it is, as the browser must read it.
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">',
        f"<title>{e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{e(title)}</h1>",
        f"<p><strong>{e(verdict(result))}</strong></p>",
    ]
    note = hidden_note(result)
    if note:
        out.append(f'<p class="meta">{e(note[0].upper() + note[1:])}.</p>')
    for expired in result.expired_ignores:
        out.append(f'<p class="warning">{html_text(f"{expired}: renew or remove it")}</p>')
    for warning in result.warnings:
        out.append(f'<p class="warning">warning: {html_text(warning)}</p>')
    out += _summary(findings, result)
    out.append("</header>")
    groups = grouped(findings)
    ids = {items[0].operation_key: n for n, (_, items) in enumerate(groups, 1)}
    if not findings:
        empty = "No changes." if not result.findings else "No changes at these severities."
        out += ["<main>", f"<p>{empty}</p>", "</main>", "</body>", "</html>"]
        return "\n".join(out) + "\n"
    out.append('<div class="layout">')
    out += _contents(groups, ids, result)
    out.append("<main>")
    out += _controls(findings)
    for severity in Severity:
        mine = [f for f in findings if f.severity is severity]
        if mine:
            out += _severity_section(severity, grouped(mine), ids, len(mine), docs_url)
    out += ["</main>", "</div>", f"<script>{SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
