"""Every escaping of contract text for an output format lives here.

Contract text (descriptions, names, paths, enum values) is untrusted: it must never act in
a terminal, a PR comment, an HTML page, an XML file or a CI log. Messages quote contract
text in Markdown code spans (`name`); the Markdown and HTML escapers keep those spans as code
and neutralize everything else.
"""

from __future__ import annotations

import html as _html
import re

__all__ = [
    "code_spans",
    "github_data",
    "github_property",
    "html_text",
    "markdown",
    "markdown_code",
    "one_line",
    "terminal",
    "xml_text",
]

# C0/C1 controls except tab; ESC starts ANSI sequences, so it goes too.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Bidirectional overrides: they make a report read differently from what it says.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_ZWSP = "\u200b"
_BACKTICKS = re.compile(r"`+")


def terminal(text: str) -> str:
    """Text safe to print on a terminal: ANSI sequences and control characters removed."""
    text = _ANSI.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_CONTROL.sub("", _BIDI.sub("", line)) for line in text.split("\n")]
    return "\n".join(lines)


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


def _markdown_plain(text: str) -> str:
    text = _html.escape(text, quote=False)  # <script>, </details>, <!-- , &entities;
    text = _MD_PUNCT.sub(r"\\\1", text)  # emphasis, links, headings, tables, html blocks
    text = text.replace("@", "@" + _ZWSP)  # no @mention, no email autolink
    text = _SCHEME.sub(r"\1" + _ZWSP, text)  # no https:// or mailto: autolink
    return re.sub(r"(?i)\b(www)\.", r"\1" + _ZWSP + ".", text)  # no www. autolink


def markdown_code(text: str, *, table: bool = False) -> str:
    """A code span holding ``text`` literally (CommonMark: a fence longer than any run)."""
    text = one_line(text)
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    if table:
        text = text.replace("|", "\\|")  # GFM splits cells on | even inside code spans
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def markdown(text: str, *, table: bool = False) -> str:
    """A message as inert Markdown on one line: its code spans stay code, nothing else acts."""
    out = []
    for is_code, piece in code_spans(one_line(text)):
        out.append(markdown_code(piece, table=table) if is_code else _markdown_plain(piece))
    joined = "".join(out)
    match = _LINE_START.match(joined)
    if match:  # `1. x` or `# x` would open a list or heading where the text is placed
        marker = match.group(2)
        joined = match.group(1) + marker[:-1] + "\\" + marker[-1] + joined[match.end() :]
    return joined


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
    """The message part of a workflow command: it can never end the line it is on."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value of a workflow command (``file=``, ``title=``)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")
