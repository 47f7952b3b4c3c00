"""The format containment table in the guide is the one the code reads."""

from __future__ import annotations

import re
from pathlib import Path

from apidiff.diff.format_table import CONTAINED, format_change

GUIDE = Path(__file__).parent.parent / "docs" / "guide.md"


def test_guide_shows_the_code_table():
    text = GUIDE.read_text(encoding="utf-8")
    block = text.split("<!-- format-containment -->")[1].split("<!-- /format-containment -->")[0]
    rows = tuple(re.findall(r"^\| `([^`]+)` \| `([^`]+)` \|$", block, re.M))
    assert rows == CONTAINED


def test_containment_is_transitive_and_directed():
    assert format_change("int32", "integer") == "generalized"
    assert format_change("iri-reference", "uri") == "specialized"
    assert format_change("date", "date-time") == "changed"
    assert format_change(None, "uuid") == "added"
    assert format_change("uuid", None) == "removed"
    assert format_change(None, "password") is None
