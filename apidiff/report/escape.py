"""Every escaping of contract text for an output format lives here.

Contract text (descriptions, names, paths, enum values) is untrusted: it must never act in
a terminal, a PR comment, an HTML page, an XML file or a CI log. Messages quote contract
text in Markdown code spans (`name`); the Markdown and HTML escapers keep those spans as code
and neutralize everything else.
"""

from __future__ import annotations

import html as _html
import re
from urllib.parse import quote

from ..spans import code

__all__ = [
    "code_spans",
    "github_data",
    "github_property",
    "html_text",
    "link_url",
    "markdown",
    "markdown_code",
    "markdown_link",
    "one_line",
    "terminal",
    "terminal_line",
    "xml_text",
]

# ANSI CSI and OSC (OSC-8 hyperlinks) sequences, and two-character escapes.
_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Bidirectional marks and overrides: they make a report read differently from what it says.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What a terminal or a log must never receive as itself: every C0 and C1 control (ESC opens
# ANSI and OSC-8 hyperlink sequences, CR and LF start a line of their own), DEL, the Unicode
# line and paragraph separators, and the bidirectional marks and overrides.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ZWSP = "\u200b"
_BACKTICKS = re.compile(r"`+")


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def terminal(text: str) -> str:
    """One value as a terminal or a CI log may show it: every control character, line break
    and bidi mark written as an escape (``\\x1b``, ``\\n``, ``\\u202e``), so that what the
    value holds is visible and none of it acts, nor starts a line of its own."""
    return _UNSAFE.sub(_shown, str(text))


def terminal_line(text: str) -> str:
    """``terminal(text)`` for a value that opens a line: a CI runner takes a line starting
    with ``::`` (after any indentation) as a workflow command, so its first colon is escaped."""
    text = terminal(text)
    stripped = text.lstrip()
    if stripped.startswith("::"):
        text = text[: len(text) - len(stripped)] + "\\x3a" + stripped[1:]
    return text


def one_line(text: str) -> str:
    """Control characters (newlines included) become spaces; no ANSI, no bidi overrides."""
    text = _ANSI.sub("", text)
    text = _BIDI.sub("", text)
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", text)


def code_spans(text: str) -> list[tuple[bool, str]]:
    """Split ``text`` as CommonMark does: (is_code, content) pieces, backticks removed.

    A run of N backticks opens a span closed by the next run of exactly N; an unmatched run
    is literal text. Following the spec exactly is what makes escaping the rest sound.
    """
    pieces: list[tuple[bool, str]] = []
    plain_start = 0
    pos = 0
    while True:
        opening = _BACKTICKS.search(text, pos)
        if opening is None:
            break
        size = len(opening.group())
        closing = None
        for candidate in _BACKTICKS.finditer(text, opening.end()):
            if len(candidate.group()) == size:
                closing = candidate
                break
        if closing is None:
            pos = opening.end()  # literal backticks
            continue
        if opening.start() > plain_start:
            pieces.append((False, text[plain_start : opening.start()]))
        pieces.append((True, text[opening.end() : closing.start()]))
        plain_start = pos = closing.end()
    if plain_start < len(text):
        pieces.append((False, text[plain_start:]))
    return pieces


_SCHEME = re.compile(r"(?i)\b((?:https?|ftp|mailto|xmpp|file|javascript|data):)")
# Only what can start inline structure: emphasis, code, links and images, tables, strikethrough.
# (`<` `>` `&` become entities; a piece never starts a line except through _LINE_START.)
_MD_PUNCT = re.compile(r"([\\`*_\[\]|~])")
# What makes a block when it opens a line: a heading, quote, list item, thematic break.
_LINE_START = re.compile(r"^(\s*)(#|>|[-+=]|\d+[.)])")
# What GitHub (and GitLab) turn into links to issues, pull requests and commits: #1,
# owner/repo#1, GH-1, !1, and a run of 7 to 40 hex digits that may be a commit.
_REFERENCE = re.compile(r"(?i)[#!](?=\d)|\bgh(?=-\d)")
_HEX_RUN = re.compile(r"\b[0-9a-fA-F]{7,}\b")


def _broken_hex(match: re.Match[str]) -> str:
    run = match.group()
    return _ZWSP.join(run[i : i + 6] for i in range(0, len(run), 6))


def _markdown_plain(text: str) -> str:
    text = _html.escape(text, quote=False)  # <script>, </details>, <!-- , &entities;
    text = _MD_PUNCT.sub(r"\\\1", text)  # emphasis, links, headings, tables, html blocks
    text = text.replace("@", "@" + _ZWSP)  # no @mention, no email autolink
    text = _SCHEME.sub(r"\1" + _ZWSP, text)  # no https:// or mailto: autolink
    text = _REFERENCE.sub(lambda m: m.group() + _ZWSP, text)  # no #1, GH-1, !1 reference
    text = _HEX_RUN.sub(_broken_hex, text)  # no commit link
    return re.sub(r"(?i)\b(www)\.", r"\1" + _ZWSP + ".", text)  # no www. autolink


def markdown_code(text: str, *, table: bool = False) -> str:
    """A code span holding ``text`` literally (CommonMark: a fence longer than any run).

    Code is never linked or mentioned; what is left to keep out is a table cell's ``|`` and
    an HTML comment opener, which a search of the raw comment (the bot's marker) would find.
    """
    text = one_line(text).replace("<!--", "<!" + _ZWSP + "--")
    if table:  # GFM splits cells on | even inside code spans, unless it is escaped; a
        # backslash already before it would escape the escape, so a zero-width space parts them
        text = text.replace("\\|", "\\" + _ZWSP + "|").replace("|", "\\|")
    return code(text)


def markdown(text: str, *, table: bool = False, inline: bool = False) -> str:
    """A message as inert Markdown on one line: its code spans stay code, nothing else acts.

    ``inline``: the text does not open a line (a heading's or a list item's content), so
    ``1.`` or ``#`` at its start cannot make a block and are left as they are.
    """
    out = []
    for is_code, piece in code_spans(one_line(text)):
        out.append(markdown_code(piece, table=table) if is_code else _markdown_plain(piece))
    joined = "".join(out)
    match = None if inline else _LINE_START.match(joined)
    if match:  # `1. x` or `# x` would open a list or heading where the text is placed
        marker = match.group(2)
        joined = match.group(1) + marker[:-1] + "\\" + marker[-1] + joined[match.end() :]
    return joined


# What a link's destination keeps as it is: a URL's own punctuation. Everything else (spaces,
# parentheses and brackets that end a link, `|` that ends a table cell, `<` `>`, backticks,
# quotes, control characters) is percent-encoded, so the link cannot be left early.
_URL_SAFE = ":/?#@!$&*+,;=%~-._"


def link_url(url: str | None) -> str | None:
    """``url`` percent-encoded when it is an http(s) URL, else None: it comes from a
    configuration, which a pull request may change (no ``javascript:`` link, whatever
    checked it before)."""
    if not url or not re.match(r"(?i)https?://", url):
        return None
    return quote(url, safe=_URL_SAFE)


def markdown_link(label: str, url: str | None, *, table: bool = False) -> str:
    """``label`` (contract text, as a code span) linked to ``url`` when it is an http(s) URL."""
    text = markdown_code(label, table=table)
    href = link_url(url)
    return f"[{text}]({href})" if href else text


def html_text(text: str) -> str:
    """A message as HTML: code spans become <code>, everything is escaped."""
    out = []
    for is_code, piece in code_spans(one_line(text)):
        escaped = _html.escape(_NOT_XML.sub("", piece), quote=True)
        out.append(f"<code>{escaped}</code>" if is_code else escaped)
    return "".join(out)


def xml_text(text: str) -> str:
    """Text an XML 1.0 document can carry (the serializer escapes the rest)."""
    return _NOT_XML.sub("", _BIDI.sub("", text))


def github_data(text: str) -> str:
    """The message part of a workflow command: it can never end the line it is on, and no
    other control character (ESC colours a log, or hides a line) reaches the log as itself."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return terminal(text)


def github_property(text: str) -> str:
    """A property value of a workflow command (``file=``, ``title=``)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")
